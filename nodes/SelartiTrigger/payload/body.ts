/*
 * Turns what n8n hands the webhook into one record of fields, whatever the sender did.
 * n8n parses application/json (JSON.parse), application/x-www-form-urlencoded (querystring.parse: values are strings,
 * repeated keys become arrays) and text/plain (a string) before the node runs, and keeps the exact bytes in
 * request.rawBody. Other content types arrive as an empty object, so the raw bytes are parsed here as a fallback.
 * (n8n answers 422 itself, before the node runs, when a body sent as application/json is not valid JSON.)
 */

export type BodyReadResult =
	| { ok: true; record: Record<string, unknown>; rawText: string | undefined }
	| { ok: false; problem: string; rawText: string | undefined };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

function describeKind(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	return `a ${typeof value}`;
}

function rawTextOf(body: unknown, rawBody: unknown): string | undefined {
	if (rawBody instanceof Uint8Array) return new TextDecoder().decode(rawBody);
	if (typeof rawBody === 'string') return rawBody;
	if (typeof body === 'string') return body;
	return undefined;
}

function parseFormText(text: string): Record<string, unknown> {
	const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
	for (const [key, value] of new URLSearchParams(text)) {
		const previous = record[key];
		if (previous === undefined) record[key] = value;
		else
			record[key] = Array.isArray(previous)
				? [...(previous as unknown[]), value]
				: [previous, value];
	}
	return record;
}

function parseText(text: string, rawText: string | undefined): BodyReadResult {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { ok: false, problem: 'The request body is empty', rawText };
	if (/^[[{"]/.test(trimmed)) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(trimmed);
		} catch (error) {
			return {
				ok: false,
				problem: `The request body is not valid JSON (${(error as Error).message})`,
				rawText,
			};
		}
		if (isPlainObject(parsed)) return { ok: true, record: parsed, rawText };
		return {
			ok: false,
			problem: `The request body is ${describeKind(parsed)}, not an object of fields`,
			rawText,
		};
	}
	if (/^[^=&]+=/.test(trimmed)) return { ok: true, record: parseFormText(trimmed), rawText };
	return { ok: false, problem: 'The request body is neither JSON nor form-encoded', rawText };
}

/** The body as text for _rawBody: the exact bytes when n8n kept them, else the parsed body serialised again. */
function describeBody(body: unknown, rawText: string | undefined): string | undefined {
	if (rawText !== undefined) return rawText;
	try {
		return JSON.stringify(body);
	} catch {
		return undefined;
	}
}

function readBody(body: unknown, rawText: string | undefined): BodyReadResult {
	if (isPlainObject(body) && Object.keys(body).length > 0)
		return { ok: true, record: body, rawText };
	if (typeof body === 'string') return parseText(body, rawText);
	if (body instanceof Uint8Array) return parseText(new TextDecoder().decode(body), rawText);
	if (body === undefined || body === null || isPlainObject(body))
		return parseText(rawText ?? '', rawText);
	return {
		ok: false,
		problem: `The request body is ${describeKind(body)}, not an object of fields`,
		rawText,
	};
}

export function readRequestBody(body: unknown, rawBody: unknown): BodyReadResult {
	const result = readBody(body, rawTextOf(body, rawBody));
	return { ...result, rawText: describeBody(body, result.rawText) };
}
