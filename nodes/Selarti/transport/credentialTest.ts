import type { IAuthenticateRuleResponseCode, IAuthenticateRuleResponseSuccessBody, ICredentialTestRequest } from 'n8n-workflow';

import { CHECK_SERVER, GET_API_KEY, apiKeyRejected } from './failures';

/** The key exchange, the one call that carries no bearer token. */
export const EXCHANGE_WORKFLOW_PATH = '/api/1.1/wf/auth';

/** What the credential test calls in Bearer Token mode: a send without parameters, refused before any message exists. */
export const TEST_SEND_PATH = '/api/1.1/wf/send_message_external';

export function isKeyExchange(url: string | undefined): boolean {
	return (url ?? '').replace(/\?.*$/, '').endsWith(EXCHANGE_WORKFLOW_PATH);
}

const BUSY = (status: number) => `Selarti is busy (HTTP ${status}). Test the credential again in a minute.`;
const INTERNAL_ERROR = (status: number) => `Selarti had an internal error (HTTP ${status}). Test the credential again later.`;
const NO_SELARTI_API = `No Selarti API at this address (HTTP 404). ${CHECK_SERVER}`;
const NOT_SELARTI = `This address did not answer like Selarti's API. ${CHECK_SERVER}`;

/** API Key mode: the key exchange answered with an error status (the test does not ignore them there). */
const keyExchangeRules: IAuthenticateRuleResponseCode[] = [
	...[400, 401, 403].map((status) => ({ status, message: apiKeyRejected(status) })),
	{ status: 404, message: NO_SELARTI_API },
	...[429, 503].map((status) => ({ status, message: BUSY(status) })),
	...[500, 502, 504].map((status) => ({ status, message: INTERNAL_ERROR(status) })),
].map(({ status, message }) => ({ type: 'responseCode' as const, properties: { value: status, message } }));

/** Bearer Token mode: Bubble's error bodies, which repeat the status; and answers of either mode that are not Selarti's. */
const answerBodyRules: IAuthenticateRuleResponseSuccessBody[] = [
	{ key: 'statusCode', value: 401, message: 'Selarti rejected the bearer token (HTTP 401). Paste a fresh token, or switch to API Key.' },
	{
		key: 'statusCode',
		value: 403,
		message: 'Selarti refused access with this token (HTTP 403). Check that it belongs to your Selarti account.',
	},
	{ key: 'statusCode', value: 404, message: NO_SELARTI_API },
	...[429, 503].map((status) => ({ key: 'statusCode', value: status, message: BUSY(status) })),
	{ key: 'statusCode', value: 500, message: INTERNAL_ERROR(500) },
	// A web page or plain text, or a list: no JSON object, so not Selarti's API.
	{ key: 'constructor.name', value: 'String', message: NOT_SELARTI },
	{ key: 'constructor.name', value: 'Array', message: NOT_SELARTI },
	// API Key mode: the exchange answered, but without a token.
	...['', null].map((value) => ({
		key: 'response.token',
		value,
		message: `Selarti answered the API key exchange without a token. ${GET_API_KEY} Paste it into the credential.`,
	})),
].map((properties) => ({ type: 'responseSuccessBody' as const, properties }));

/** n8n applies each rule by its type, so one list holds both kinds; its type admits only one kind per list. */
export const credentialTestRules = [...keyExchangeRules, ...answerBodyRules] as ICredentialTestRequest['rules'];
