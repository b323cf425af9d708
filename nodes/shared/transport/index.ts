import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { credentialSecrets } from './secrets';
import {
	describeAnswer,
	describeAnswerWithoutToken,
	describeFailure,
	describeForeignAnswer,
	describeMissingSetting,
} from './classify';
import { SelartiCallError, failureOf, withFailure, type SelartiFailure } from './failure';
import { TokenExchanges } from './tokenExchanges';
import type { SelartiCall, SelartiConnection } from './types';
import { API_KEY_HINT } from './wording';

export { SelartiCallError, adviceFor, failureOf, type SelartiFailure } from './failure';
export type { BodyField, SelartiCall, SelartiConnection, SelartiEndpoint } from './types';

export const SELARTI_CREDENTIAL = 'selartiApi';

export const DEFAULT_SERVER = 'https://selarti.com';

const AUTH_TIMEOUT_MS = 30_000;

export type HttpRequestFunction = (options: IHttpRequestOptions) => Promise<unknown>;

/**
 * The base URL the credential points at, without trailing slashes or a pasted /api/1.1[/wf] suffix;
 * undefined when Custom URL is chosen but left empty. Mirrored by the credential test's baseURL expression.
 */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string | undefined {
	const chosen =
		credentials.server === 'custom'
			? credentials.customBaseUrl
			: (credentials.server ?? DEFAULT_SERVER);
	const baseUrl = String(chosen ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/1\.1(\/wf)?$/, '');
	return baseUrl === '' ? undefined : baseUrl;
}

/** Reads the node's credential once for a whole run: where Selarti is, and what must never be shown. */
export async function openConnection(
	context: IExecuteFunctions,
	timeoutMs: number,
): Promise<SelartiConnection> {
	const data = await context.getCredentials(SELARTI_CREDENTIAL);
	const baseUrl = resolveBaseUrl(data);
	if (baseUrl === undefined) {
		const failure = missingBaseUrl();
		throw new NodeOperationError(context.getNode(), failure.message, {
			description: failure.description,
		});
	}
	const reference = context.getNode().credentials?.[SELARTI_CREDENTIAL];
	return {
		baseUrl,
		timeoutMs,
		secrets: credentialSecrets(data),
		credentials: {
			id: reference?.id ?? '',
			name: reference?.name ?? 'Selarti API',
			type: SELARTI_CREDENTIAL,
			data,
		},
	};
}

/** What n8n's request helpers return with returnFullResponse: the answer's status, headers and body. */
interface FullResponse {
	statusCode: number;
	headers?: unknown;
	body?: unknown;
}

/**
 * The one code path of every Selarti call, from the node and from the credential's key exchange alike:
 * builds the request, checks that the answer is Selarti's JSON and turns any failure into a SelartiCallError
 * with a plain-language message that never contains a secret. HTTP errors come back as answers, not thrown
 * errors, so their status and headers (Retry-After) are read the same way on every n8n version (n8n 1.x's
 * errors drop the headers).
 */
export async function callSelarti(
	send: HttpRequestFunction,
	call: SelartiCall,
): Promise<IDataObject> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: `${call.baseUrl}/api/1.1/wf/${call.endpoint}`,
		body: call.body,
		json: true,
		timeout: call.timeoutMs,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	};
	// A thrown error is a failure without an answer (network, timeout), or one n8n raised after it renewed the token.
	const response = await (send(request) as Promise<FullResponse>).catch((error: unknown) =>
		describeFailure(error, call),
	);
	if (!('statusCode' in response)) throw new SelartiCallError(response);
	const { statusCode, headers, body } = response;
	if (statusCode < 200 || statusCode >= 300)
		throw new SelartiCallError(describeAnswer(statusCode, headers, body, call));
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as IDataObject;
	throw new SelartiCallError(describeForeignAnswer(call));
}

/**
 * A Selarti call from the node, authenticated by n8n with the selartiApi credential. The run hands every call the
 * credential it read once: a token obtained or renewed by preAuthentication is then seen at once by all calls that
 * follow. A failure is thrown as the NodeApiError n8n shows, carrying its SelartiFailure (failureOf).
 */
export async function selartiApiRequest(
	this: IExecuteFunctions,
	call: SelartiCall,
	itemIndex: number,
): Promise<IDataObject> {
	const credentialOptions =
		call.credentials === undefined ? undefined : { credentialsDecrypted: call.credentials };
	const send = async (options: IHttpRequestOptions) =>
		(await this.helpers.httpRequestWithAuthentication.call(
			this,
			SELARTI_CREDENTIAL,
			options,
			credentialOptions,
		)) as FullResponse;
	const renewsTokens = call.credentials?.data?.authentication !== 'accessToken';
	try {
		return await callSelarti(async (options) => {
			const response = await send(options);
			// n8n renews an expired session token only for a call that throws 401, so such a call is sent again that way
			// (Selarti checks the token before anything else: the first one was not carried out).
			if (response.statusCode === 401 && renewsTokens)
				return await send({ ...options, ignoreHttpStatusErrors: false });
			return response;
		}, call);
	} catch (error) {
		// Only the failure travels on: the raw error holds the request options, Authorization included.
		const failure = failureOf(error) ?? describeFailure(error, call);
		const nodeError = new NodeApiError(
			this.getNode(),
			{ message: failure.message },
			{
				message: failure.message,
				description: failure.description,
				httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
				itemIndex,
			},
		);
		throw withFailure(nodeError, failure);
	}
}

const tokenExchanges = new TokenExchanges(60_000);

/**
 * Exchanges the credential's API key for a bearer token (`POST {base}/api/1.1/wf/auth {"key"}`), through the
 * same call path as the node. Used by the credential's preAuthentication; throws SelartiCallError.
 */
export async function exchangeApiKeyForToken(
	httpRequest: HttpRequestFunction,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
	const baseUrl = resolveBaseUrl(credentials);
	if (apiKey === '')
		throw new SelartiCallError(describeMissingSetting('The Selarti API credential has no API key'));
	if (baseUrl === undefined) throw new SelartiCallError(missingBaseUrl());
	const call: SelartiCall = {
		baseUrl,
		endpoint: 'auth',
		body: { key: apiKey },
		fields: [{ bodyKey: 'key', label: 'API Key', hint: API_KEY_HINT }],
		timeoutMs: AUTH_TIMEOUT_MS,
		secrets: [apiKey],
	};
	return await tokenExchanges.obtain(
		`${baseUrl}\n${apiKey}`,
		credentials.sessionToken,
		async () => {
			const token = tokenOf(await callSelarti(httpRequest, call));
			if (token === undefined) throw new SelartiCallError(describeAnswerWithoutToken(call));
			return token;
		},
	);
}

function tokenOf(answer: IDataObject): string | undefined {
	const response = answer.response as IDataObject | undefined;
	const token = response?.token ?? answer.token;
	return typeof token === 'string' && token.trim() !== '' ? token.trim() : undefined;
}

function missingBaseUrl(): SelartiFailure {
	return describeMissingSetting(
		'The Selarti API credential uses a Custom URL but its Custom Base URL is empty',
	);
}
