export type Params = Record<string, unknown>;

export type ParsedBody = { ok: true; params: Params } | { ok: false; reason: string };

/**
 * Reads request parameters the way Bubble and Telegram accept them: JSON, form-encoded, or
 * multipart (text parts only; file parts are kept as their size, the fakes never store uploads).
 */
export function parseBody(contentType: string | undefined, raw: string): ParsedBody {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (raw.trim() === '') return { ok: true, params: {} };
	if (type === 'application/x-www-form-urlencoded') {
		return { ok: true, params: Object.fromEntries(new URLSearchParams(raw)) };
	}
	if (type === 'multipart/form-data') {
		const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
		if (!boundary) return { ok: false, reason: 'multipart body without boundary' };
		return { ok: true, params: parseMultipart(raw, boundary) };
	}
	try {
		const value: unknown = JSON.parse(raw);
		if (value === null || typeof value !== 'object' || Array.isArray(value)) {
			return { ok: false, reason: 'JSON body is not an object' };
		}
		return { ok: true, params: value as Params };
	} catch {
		return { ok: false, reason: 'body is not valid JSON' };
	}
}

function parseMultipart(raw: string, boundary: string): Params {
	const params: Params = {};
	for (const part of raw.split(`--${boundary}`)) {
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) continue;
		const headers = part.slice(0, headerEnd);
		const name = /name="([^"]*)"/i.exec(headers)?.[1];
		if (name === undefined) continue;
		const value = part.slice(headerEnd + 4).replace(/\r\n$/, '');
		params[name] = /filename="/i.test(headers) ? { fileBytes: Buffer.byteLength(value) } : value;
	}
	return params;
}

/** A parameter as Bubble sees it: strings as they are, numbers/booleans stringified, anything else absent. */
export function textParam(params: Params, name: string): string | undefined {
	const value = params[name];
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}
