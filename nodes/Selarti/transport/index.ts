import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FailureAdvice } from '../helpers/scheduler';
import { parseRetryAfter } from '../helpers/retry';
import {
	SelartiCallError,
	describeFailure,
	describeForeignAnswer,
	describeHttpFailure,
	headerValue,
	type SelartiEndpoint,
	type SelartiFailure,
} from './failures';
import { TokenExchanges } from './tokenExchanges';

export { SelartiCallError, type SelartiEndpoint, type SelartiFailure } from './failures';

export const SELARTI_CREDENTIAL = 'selartiApi';

export const DEFAULT_SERVER = 'https://selarti.com';

const AUTH_TIMEOUT_MS = 30_000;

export type HttpRequestFunction = (options: IHttpRequestOptions) => Promise<unknown>;

export interface SelartiCall {
	baseUrl: string;
	endpoint: SelartiEndpoint;
	body: IDataObject;
	timeoutMs: number;
	secrets: readonly unknown[];
}

/**
 * The base URL the credential points at, without trailing slashes or a pasted /api/1.1[/wf] suffix;
 * undefined when Custom URL is chosen but left empty. Mirrored by the credential test's baseURL expression.
 */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string | undefined {
	const chosen = credentials.server === 'custom' ? credentials.customBaseUrl : (credentials.server ?? DEFAULT_SERVER);
	const baseUrl = String(chosen ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/1\.1(\/wf)?$/, '');
	return baseUrl === '' ? undefined : baseUrl;
}

export function endpointUrl(baseUrl: string, endpoint: SelartiEndpoint): string {
	return `${baseUrl}/api/1.1/wf/${endpoint}`;
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
export async function callSelarti(send: HttpRequestFunction, call: SelartiCall): Promise<IDataObject> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: endpointUrl(call.baseUrl, call.endpoint),
		body: call.body,
		json: true,
		timeout: call.timeoutMs,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	};
	// A thrown error is a failure without an answer (network, timeout), or one n8n raised after it renewed the token.
	const response = await (send(request) as Promise<FullResponse>).catch((error: unknown) => describeFailure(error, call));
	if (!('statusCode' in response)) throw new SelartiCallError(response);
	const { statusCode, headers, body } = response;
	if (statusCode < 200 || statusCode >= 300) {
		const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), Date.now());
		throw new SelartiCallError(describeHttpFailure(statusCode, body, retryAfterMs, call));
	}
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as IDataObject;
	throw new SelartiCallError(describeForeignAnswer(call));
}

/**
 * A Selarti call from the node, authenticated by n8n with the selartiApi credential. The run reads the
 * credential once and hands it to every call: n8n then skips loading and decrypting it per call, and a token
 * obtained or renewed by preAuthentication is seen at once by all calls that follow.
 */
export async function selartiApiRequest(
	this: IExecuteFunctions,
	call: SelartiCall & { credentials?: ICredentialsDecrypted },
	itemIndex: number,
): Promise<IDataObject> {
	const credentialOptions = call.credentials === undefined ? undefined : { credentialsDecrypted: call.credentials };
	const send = async (options: IHttpRequestOptions) =>
		(await this.helpers.httpRequestWithAuthentication.call(this, SELARTI_CREDENTIAL, options, credentialOptions)) as FullResponse;
	const renewsTokens = call.credentials?.data?.authentication !== 'accessToken';
	try {
		return await callSelarti(async (options) => {
			const response = await send(options);
			// n8n renews an expired session token only for a call that throws 401, so such a call is sent again that way
			// (Selarti checks the token before anything else: the first one was not carried out).
			if (response.statusCode === 401 && renewsTokens) return await send({ ...options, ignoreHttpStatusErrors: false });
			return response;
		}, call);
	} catch (error) {
		// Only the mapped failure travels on: the raw error holds the request options, Authorization included.
		const failure = describeFailure(error, call);
		throw new NodeApiError(this.getNode(), failureDetails(failure), {
			message: failure.message,
			description: failure.description,
			httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
			itemIndex,
		});
	}
}

/** Safe, status-free details kept on the NodeApiError for the retry logic. */
function failureDetails(failure: SelartiFailure): JsonObject {
	const details: JsonObject = {
		selartiRetryable: failure.retryable,
		selartiOverload: failure.overload,
		selartiFatal: failure.fatal,
	};
	if (failure.retryAfterMs !== undefined) details.selartiRetryAfterMs = failure.retryAfterMs;
	return details;
}

/** How the scheduler should treat an error thrown by selartiApiRequest. */
export function adviceFor(error: unknown): FailureAdvice {
	const details = (error as { errorResponse?: JsonObject }).errorResponse;
	if (!(error instanceof NodeApiError) || details === undefined) return { retry: false };
	const retryAfterMs = typeof details.selartiRetryAfterMs === 'number' ? details.selartiRetryAfterMs : undefined;
	const overload = details.selartiOverload === true;
	if (details.selartiRetryable === true) return { retry: true, overload, retryAfterMs };
	return { retry: false, fatal: details.selartiFatal === true, overload, retryAfterMs };
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
	if (apiKey === '') throw new SelartiCallError(missingSetting('The Selarti API credential has no API key'));
	if (baseUrl === undefined) throw new SelartiCallError(missingBaseUrl());
	const call: SelartiCall = {
		baseUrl,
		endpoint: 'auth',
		body: { key: apiKey },
		timeoutMs: AUTH_TIMEOUT_MS,
		secrets: [apiKey],
	};
	return await tokenExchanges.obtain(`${baseUrl}\n${apiKey}`, credentials.sessionToken, async () => {
		const answer = await callSelarti(httpRequest, call);
		const token = tokenOf(answer);
		if (token === undefined) {
			throw new SelartiCallError({
				...describeForeignAnswer(call),
				message: `Selarti at ${baseUrl} answered the API key exchange without a token`,
			});
		}
		return token;
	});
}

function tokenOf(answer: IDataObject): string | undefined {
	const response = answer.response as IDataObject | undefined;
	const token = response?.token ?? answer.token;
	return typeof token === 'string' && token.trim() !== '' ? token.trim() : undefined;
}

export function missingBaseUrl(): SelartiFailure {
	return missingSetting('The Selarti API credential uses a Custom URL but its Custom Base URL is empty');
}

function missingSetting(message: string): SelartiFailure {
	return {
		message,
		description:
			'Open the Selarti API credential and fill it in: the API key from the Selarti panel (avatar → Get API ' +
			'key) and the Selarti Server you open the panel at.',
		retryable: false,
		overload: false,
		fatal: true,
	};
}
