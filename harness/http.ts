import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/**
 * A minimal JSON-over-HTTP helper: returns status, headers and the parsed body, never throws on 4xx/5xx.
 * Built on node:http with a fresh connection per request: fetch's pooled keep-alive sockets sometimes race the
 * server closing them ("other side closed"), which would make a test fail for a reason that is not the product's.
 */
export interface HttpResponse<T = unknown> {
	status: number;
	headers: IncomingHttpHeaders;
	/** Every Set-Cookie line. */
	setCookies: string[];
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

export async function http<T = unknown>(
	url: string,
	request: HttpRequest = {},
): Promise<HttpResponse<T>> {
	const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
	let body: string | undefined;
	if (request.body !== undefined) {
		body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
			headers['content-type'] = 'application/json';
		headers['content-length'] = String(Buffer.byteLength(body));
	}
	const method = request.method ?? (body === undefined ? 'GET' : 'POST');
	const timeoutMs = request.timeoutMs ?? 30_000;
	return await new Promise((resolve, reject) => {
		const outgoing = httpRequest(
			url,
			{ method, headers, agent: false, timeout: timeoutMs },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed: unknown = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						// Not JSON: keep the text.
					}
					const setCookie = response.headers['set-cookie'];
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						setCookies: setCookie ?? [],
						text,
						body: parsed as T,
					});
				});
			},
		);
		outgoing.on('timeout', () =>
			outgoing.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)),
		);
		outgoing.on('error', (error) => reject(new Error(`${method} ${url} failed: ${error.message}`)));
		outgoing.end(body);
	});
}

/** Like http(), but a status outside 2xx is an error that names the call and shows the answer. */
export async function httpOk<T = unknown>(
	url: string,
	request: HttpRequest = {},
): Promise<HttpResponse<T>> {
	const response = await http<T>(url, request);
	if (response.status < 200 || response.status >= 300) {
		throw new Error(
			`${request.method ?? 'GET'} ${url} answered ${response.status}: ${response.text.slice(0, 500)}`,
		);
	}
	return response;
}
