import { isRecord } from './bubbleAnswer';

/*
 * What a thrown error says about the call, wherever n8n put it. Read in n8n-workflow 1.123 and 2.40/2.41, whichever the
 * host n8n runs: its NodeApiError keeps the HTTP client's error in `cause` (2.x) or `errorResponse` (1.x), or, in 1.x
 * for some errors, only the status as httpCode and the answer's body as context.data (headers lost).
 */

export interface HttpAnswer {
	status: number;
	headers?: unknown;
	data?: unknown;
}

export interface NetworkFailure {
	code?: string;
	syscall?: string;
	message?: string;
}

/** The HTTP answer inside an error, if any level of it carries one. */
export function httpAnswerIn(error: unknown): HttpAnswer | undefined {
	const withResponse = findInChain(
		error,
		(level) =>
			isRecord(level) && isRecord(level.response) && typeof level.response.status === 'number',
	);
	if (withResponse !== undefined) return (withResponse as { response: HttpAnswer }).response;
	const withCode = findInChain(
		error,
		(level) =>
			isRecord(level) && typeof level.httpCode === 'string' && /^[1-5]\d\d$/.test(level.httpCode),
	);
	if (withCode === undefined) return undefined;
	const { httpCode, context } = withCode as { httpCode: string; context?: { data?: unknown } };
	return { status: Number(httpCode), data: context?.data };
}

/** The first level of the chain that passes `test`. */
export function findInChain(error: unknown, test: (level: unknown) => boolean): unknown {
	let level: unknown = error;
	for (let depth = 0; depth < 8 && level !== undefined && level !== null; depth++) {
		if (test(level)) return level;
		level = isRecord(level) || level instanceof Error ? wrappedError(level) : undefined;
	}
	return undefined;
}

function wrappedError(level: object): unknown {
	const { cause, errorResponse } = level as { cause?: unknown; errorResponse?: unknown };
	return cause ?? errorResponse;
}

/** The network error's code, syscall and most telling message, gathered over the chain. */
export function networkDetails(error: unknown): NetworkFailure {
	const details: NetworkFailure = {};
	let level: unknown = error;
	for (let depth = 0; depth < 8 && (isRecord(level) || level instanceof Error); depth++) {
		const current = level as { code?: unknown; syscall?: unknown; message?: unknown };
		if (
			details.code === undefined &&
			typeof current.code === 'string' &&
			!current.code.startsWith('ERR_')
		) {
			details.code = current.code;
		}
		// The HTTP client copies the code but not the syscall, which stays on the socket error it wraps.
		if (details.syscall === undefined && typeof current.syscall === 'string')
			details.syscall = current.syscall;
		if (typeof current.message === 'string' && current.message !== '') {
			if (details.message === undefined || /socket hang up|timeout of/i.test(current.message)) {
				details.message = current.message;
			}
		}
		level = wrappedError(current);
	}
	return details;
}

/** A header of an answer, whatever form n8n hands the headers over in (a plain object or the HTTP client's). */
export function headerValue(headers: unknown, name: string): unknown {
	if (!isRecord(headers)) return undefined;
	if (typeof headers.get === 'function')
		return (headers.get as (key: string) => unknown).call(headers, name);
	const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}
