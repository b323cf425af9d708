/**
 * Answers shaped like Bubble's Workflow API (see shared/notes/selarti-api.md): success envelopes and
 * `{statusCode, body: {status, message}}` errors. Gateway errors (502/504) come from the load balancer in
 * front of Bubble, so they are HTML pages, which clients must survive too.
 */
export interface SandboxAnswer {
	status: number;
	body: string;
	contentType: string;
	headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function success(response: Record<string, unknown> = {}): SandboxAnswer {
	return {
		status: 200,
		body: JSON.stringify({ status: 'success', response }),
		contentType: JSON_TYPE,
	};
}

export function bubbleError(
	statusCode: number,
	status: string,
	message: string,
	headers?: Record<string, string>,
): SandboxAnswer {
	return {
		status: statusCode,
		body: JSON.stringify({ statusCode, body: { status, message } }),
		contentType: JSON_TYPE,
		headers,
	};
}

export function missingParameter(workflow: string, parameter: string): SandboxAnswer {
	return bubbleError(
		400,
		'MISSING_DATA',
		`Missing parameter for workflow ${workflow}: parameter ${parameter}`,
	);
}

export function unknownObject(parameter: string, id: string): SandboxAnswer {
	return bubbleError(
		400,
		'INVALID_DATA',
		`Invalid data for key ${parameter}: object with this id does not exist: ${id}`,
	);
}

export function unparsableBody(reason: string): SandboxAnswer {
	return bubbleError(400, 'INVALID_DATA', `Could not parse the request body: ${reason}`);
}

export function unauthorized(message: string): SandboxAnswer {
	return bubbleError(401, 'UNAUTHORIZED', message);
}

export function workflowNotFound(workflow: string): SandboxAnswer {
	return bubbleError(404, 'NOT_FOUND', `Workflow not found ${workflow}`);
}

export function methodNotAllowed(method: string): SandboxAnswer {
	return bubbleError(
		405,
		'METHOD_NOT_ALLOWED',
		`Method ${method} is not allowed for workflows, use POST`,
	);
}

export function tooManyRequests(retryAfterSeconds: number | undefined): SandboxAnswer {
	const headers =
		retryAfterSeconds === undefined
			? undefined
			: { 'retry-after': String(Math.ceil(retryAfterSeconds)) };
	return bubbleError(
		429,
		'TOO_MANY_REQUESTS',
		'Too many requests, the app is over capacity',
		headers,
	);
}

/** A fault answer for an injected status. */
export function faultAnswer(status: number, retryAfterSeconds: number | undefined): SandboxAnswer {
	if (status === 429) return tooManyRequests(retryAfterSeconds);
	if (status === 502 || status === 504) {
		const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
		return {
			status,
			body: `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
			contentType: 'text/html',
		};
	}
	const headers =
		retryAfterSeconds === undefined
			? undefined
			: { 'retry-after': String(Math.ceil(retryAfterSeconds)) };
	if (status === 503)
		return bubbleError(503, 'SERVICE_UNAVAILABLE', 'The app is temporarily unavailable', headers);
	if (status >= 500)
		return bubbleError(status, 'ERROR', 'An unexpected error occurred on the server', headers);
	return bubbleError(status, 'ERROR', `Injected error ${status}`, headers);
}

/** Paths outside the API get Bubble's HTML "page not found". */
export function pageNotFound(): SandboxAnswer {
	return {
		status: 404,
		body: '<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>404</h1><p>This page does not exist.</p></body></html>',
		contentType: 'text/html; charset=utf-8',
	};
}
