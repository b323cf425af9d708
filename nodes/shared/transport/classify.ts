import { scrubSecrets } from './secrets';
import { readBubbleAnswer } from './bubbleAnswer';
import {
	findInChain,
	headerValue,
	httpAnswerIn,
	networkDetails,
	type NetworkFailure,
} from './errorChain';
import { SelartiCallError, type SelartiFailure } from './failure';
import type { SelartiCall } from './types';
import { connectionProblem, failureText } from './wording';

/*
 * The one place that decides what a failed call means, including whether it may be sent again.
 * Sent again: answers that prove the call was not carried out (429 over capacity, 503 unavailable, 502/504 from the
 * gateway in front of Bubble) and connection failures before any answer. Never: 400/401/403/404 (the same call fails
 * the same way again) and 500, a timeout while waiting for the answer, or an unknown error: Bubble may have run the
 * workflow, so the message may already be in the customer's chat, and sending it again would deliver it twice.
 */

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Answers that say "too much load": the node sends fewer calls at once after them. */
const OVERLOAD_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Network error codes that mean the request never got an answer (ETIMEDOUT only while connecting). */
const CONNECTION_FAILURE_CODES: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/** What the answer and the call together say, for one failed call. */
type Classified = Omit<SelartiFailure, 'message' | 'description'>;

const nothingToRetry: Classified = { retryable: false, overload: false, fatal: false };

export function isConnectionFailureBeforeAnswer({
	code,
	syscall,
	message,
}: NetworkFailure): boolean {
	if (code === 'ETIMEDOUT') return syscall === 'connect';
	if (code !== undefined && CONNECTION_FAILURE_CODES.has(code)) return true;
	return /socket hang up/i.test(message ?? '');
}

/** A client-side timeout while waiting for the answer: the call may have been carried out. */
export function isAnswerTimeout({ code, syscall, message }: NetworkFailure): boolean {
	if (/^timeout of \d+ms exceeded/i.test(message ?? '')) return true;
	if (code === 'ECONNABORTED') return true;
	return code === 'ETIMEDOUT' && syscall !== 'connect';
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number')
		return Number.isFinite(text) && text >= 0 ? Math.round(text * 1000) : undefined;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	const trimmed = text.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/** A thrown error: one a Selarti call already described, an HTTP answer inside it, or a network failure. */
export function describeFailure(error: unknown, call: SelartiCall): SelartiFailure {
	const known = findInChain(error, (level) => level instanceof SelartiCallError);
	if (known instanceof SelartiCallError) return known.selartiFailure;
	const answer = httpAnswerIn(error);
	if (answer !== undefined) return describeAnswer(answer.status, answer.headers, answer.data, call);
	return describeNetworkFailure(networkDetails(error), call);
}

/** An answer with an error status. */
export function describeAnswer(
	status: number,
	headers: unknown,
	data: unknown,
	call: SelartiCall,
): SelartiFailure {
	const parameters = call.fields.map((field) => field.bodyKey);
	const answer = readBubbleAnswer(data, call.secrets, parameters);
	const said = answer.text ? `: ${answer.text}` : '';
	const base: Classified = { ...nothingToRetry, httpCode: status };

	if (RETRYABLE_STATUSES.has(status)) {
		const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), Date.now());
		const overload = OVERLOAD_STATUSES.has(status);
		return {
			...base,
			retryable: true,
			overload,
			retryAfterMs,
			...failureText.busy(status, overload, retryAfterMs),
		};
	}
	if (call.endpoint === 'auth' && (status === 400 || status === 401 || status === 403)) {
		return { ...base, fatal: true, ...failureText.apiKeyRejected(status, said) };
	}
	if (status === 400) {
		const field = call.fields.find((candidate) => candidate.bodyKey === answer.parameter);
		if (answer.parameter !== undefined) {
			const missing = answer.bubbleStatus === 'MISSING_DATA';
			return {
				...base,
				...failureText.parameter(
					field?.label ?? answer.parameter,
					answer.parameter,
					missing,
					said,
					field?.hint,
				),
			};
		}
		return {
			...base,
			...failureText.badRequest(
				said,
				call.fields.map((candidate) => candidate.label),
			),
		};
	}
	if (status === 401) return { ...base, fatal: true, ...failureText.credentialRejected(said) };
	if (status === 403) return { ...base, ...failureText.forbidden(said) };
	if (status === 404)
		return {
			...base,
			fatal: true,
			...failureText.noSelartiApi(call.baseUrl, `/api/1.1/wf/${call.endpoint}`),
		};
	if (status >= 500) return { ...base, ...failureText.internalError(status, said) };
	return { ...base, ...failureText.otherStatus(status, said) };
}

function describeNetworkFailure(details: NetworkFailure, call: SelartiCall): SelartiFailure {
	if (isAnswerTimeout(details))
		return { ...nothingToRetry, ...failureText.answerTimeout(call.timeoutMs) };
	if (details.code === 'ENOTFOUND')
		return { ...nothingToRetry, fatal: true, ...failureText.addressNotFound(call.baseUrl) };
	if (isConnectionFailureBeforeAnswer(details)) {
		return {
			...nothingToRetry,
			retryable: true,
			...failureText.unreachable(call.baseUrl, connectionProblem(details.code)),
		};
	}
	return {
		...nothingToRetry,
		...failureText.callFailed(scrubSecrets(details.message ?? 'unknown error', call.secrets)),
	};
}

/** A 2xx answer that is not Selarti's JSON: a web page or proxy answered instead of Selarti's API. */
export function describeForeignAnswer(call: SelartiCall): SelartiFailure {
	return { ...nothingToRetry, fatal: true, ...failureText.notSelartiApi(call.baseUrl) };
}

/** The key exchange answered, but without a token. */
export function describeAnswerWithoutToken(call: SelartiCall): SelartiFailure {
	return { ...nothingToRetry, fatal: true, ...failureText.answerWithoutToken(call.baseUrl) };
}

/** A setting the credential lacks (found before any call). */
export function describeMissingSetting(message: string): SelartiFailure {
	return { ...nothingToRetry, fatal: true, ...failureText.missingSetting(message) };
}
