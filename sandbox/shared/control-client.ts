/** Calls a fake's control API (JSON over HTTP); throws with the server's `error` text on a non-2xx answer. */
export async function callControl<T>(
	baseUrl: string,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await fetch(`${baseUrl}/__control/${path}`, {
		method,
		headers: body === undefined ? undefined : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	const parsed: unknown = text === '' ? undefined : JSON.parse(text);
	if (!response.ok) {
		const error = (parsed as { error?: string } | undefined)?.error ?? text;
		throw new Error(`control ${method} ${path} failed (${response.status}): ${error}`);
	}
	return parsed as T;
}

export function queryString(values: Record<string, string | number | undefined>): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(values)) {
		if (value !== undefined) params.set(name, String(value));
	}
	const text = params.toString();
	return text === '' ? '' : `?${text}`;
}
