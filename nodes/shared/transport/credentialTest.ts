import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
} from 'n8n-workflow';

import { credentialTestText as text } from './wording';

/** The key exchange: what the credential test calls in API Key mode. */
export const EXCHANGE_WORKFLOW_PATH = '/api/1.1/wf/auth';

/** What the credential test calls in Bearer Token mode: a send without parameters, refused before any message exists. */
export const TEST_SEND_PATH = '/api/1.1/wf/send_message_external';

/** API Key mode: the key exchange answered with an error status (the test does not ignore them there). */
const keyExchangeRules: IAuthenticateRuleResponseCode[] = [
	...[400, 401, 403].map((status) => ({ status, message: text.apiKeyRejected(status) })),
	{ status: 404, message: text.noSelartiApi },
	...[429, 503].map((status) => ({ status, message: text.busy(status) })),
	...[500, 502, 504].map((status) => ({ status, message: text.internalError(status) })),
].map(({ status, message }) => ({
	type: 'responseCode' as const,
	properties: { value: status, message },
}));

/** Bearer Token mode: Bubble's error bodies, which repeat the status; and answers of either mode that are not Selarti's. */
const answerBodyRules: IAuthenticateRuleResponseSuccessBody[] = [
	{ key: 'statusCode', value: 401, message: text.tokenRejected },
	{ key: 'statusCode', value: 403, message: text.tokenForbidden },
	{ key: 'statusCode', value: 404, message: text.noSelartiApi },
	...[429, 503].map((status) => ({ key: 'statusCode', value: status, message: text.busy(status) })),
	{ key: 'statusCode', value: 500, message: text.internalError(500) },
	// A web page or plain text, or a list: no JSON object, so not Selarti's API.
	{ key: 'constructor.name', value: 'String', message: text.notSelartiApi },
	{ key: 'constructor.name', value: 'Array', message: text.notSelartiApi },
	// API Key mode: the exchange answered, but without a token.
	...['', null].map((value) => ({
		key: 'response.token',
		value,
		message: text.answerWithoutToken,
	})),
].map((properties) => ({ type: 'responseSuccessBody' as const, properties }));

/** n8n applies each rule by its type, so one list holds both kinds; its type admits only one kind per list. */
export const credentialTestRules = [
	...keyExchangeRules,
	...answerBodyRules,
] as ICredentialTestRequest['rules'];
