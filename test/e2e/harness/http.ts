/** A minimal JSON-over-HTTP helper on Node's fetch: returns status, headers and the parsed body, never throws on 4xx/5xx. */
export interface HttpResponse<T = unknown> {
	status: number;
	headers: Headers;
	text: string;
	body: T;
}

export interface HttpRequest {
	method?: string;
	headers?: Record<string, string>;
	/** Serialised as JSON unless it is already a string. */
	body?: unknown;
	timeoutMs?: number;
}

export async function http<T = unknown>(url: string, request: HttpRequest = {}): Promise<HttpResponse<T>> {
	const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
	let body: string | undefined;
	if (request.body !== undefined) {
		body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
			headers['content-type'] = 'application/json';
		}
	}
	const response = await fetch(url, {
		method: request.method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		body,
		signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// Not JSON: keep the text.
	}
	return { status: response.status, headers: response.headers, text, body: parsed as T };
}

/** Like http(), but a status outside 2xx is an error that names the call and shows the answer. */
export async function httpOk<T = unknown>(url: string, request: HttpRequest = {}): Promise<HttpResponse<T>> {
	const response = await http<T>(url, request);
	if (response.status < 200 || response.status >= 300) {
		throw new Error(`${request.method ?? 'GET'} ${url} answered ${response.status}: ${response.text.slice(0, 500)}`);
	}
	return response;
}
