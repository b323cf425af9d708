import { parse as parseQueryString } from 'node:querystring';

import { jsonParse, sanitizeXmlName } from 'n8n-workflow';
import { Parser } from 'xml2js';

/*
 * What n8n does with a webhook request before the trigger's webhook() runs, so generated requests reach the node
 * exactly as they would in production: the content type and charset read from the header, the raw bytes kept as
 * req.rawBody, a non-empty body parsed by content type (JSON after stripping a BOM, XML with xml2js as below, form data
 * with querystring.parse and at most 1,000 keys, text/plain as a string, anything else left empty; for a start node of
 * version 2 or later, a content type outside these is not read at all), and a parse failure answered 422 before the
 * node runs (docs/design/2026-12-n8n-behaviour.md, "Webhook requests"). multipart/form-data
 * takes another path in n8n and is not generated here.
 */

export type N8nRequest =
	| { parsed: true; body: unknown; rawBody: Buffer }
	/** A start node of version 2 or later: n8n reads only the content types it parses; these bytes stay unread. */
	| { parsed: true; body: undefined; rawBody: undefined; unread: Buffer }
	| { parsed: false; status: 422; reason: string };

/** Which bodies n8n reads for a start node of version 2 or later; a version-1 start node gets every body read. */
const readFromVersion2 = (type: string | undefined): boolean =>
	type !== undefined &&
	(type.startsWith('application/json') ||
		type.startsWith('text/plain') ||
		type.startsWith('application/x-www-form-urlencoded') ||
		type.endsWith('/xml') ||
		type.endsWith('+xml'));

const xmlParser = new Parser({
	async: true,
	normalize: true,
	normalizeTags: true,
	explicitArray: false,
	tagNameProcessors: [sanitizeXmlName],
	attrNameProcessors: [sanitizeXmlName],
});

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function contentTypeOf(header: string | undefined): {
	type: string | undefined;
	encoding: BufferEncoding;
} {
	if (!header) return { type: undefined, encoding: 'utf-8' };
	const [type, ...parameters] = header.split(';');
	const charset = parameters
		.map((parameter) => parameter.split('='))
		.find(([name]) => name.trim().toLowerCase() === 'charset')?.[1]
		?.trim()
		.toLowerCase();
	return { type: type.toLowerCase(), encoding: (charset ?? 'utf-8') as BufferEncoding };
}

export async function n8nReceives(
	contentTypeHeader: string | undefined,
	rawBody: Buffer,
	nodeVersion: number,
): Promise<N8nRequest> {
	const { type, encoding } = contentTypeOf(contentTypeHeader);
	if (nodeVersion > 1 && !readFromVersion2(type))
		return { parsed: true, body: undefined, rawBody: undefined, unread: rawBody };
	if (rawBody.length === 0) return { parsed: true, body: undefined, rawBody };
	try {
		const text = rawBody.toString(encoding);
		if (type === 'application/json')
			return { parsed: true, body: jsonParse(stripBom(text)), rawBody };
		if (type?.endsWith('/xml') || type?.endsWith('+xml')) {
			return { parsed: true, body: (await xmlParser.parseStringPromise(text)) as unknown, rawBody };
		}
		if (type === 'application/x-www-form-urlencoded') {
			return {
				parsed: true,
				body: parseQueryString(stripBom(text), undefined, undefined, { maxKeys: 1000 }),
				rawBody,
			};
		}
		if (type === 'text/plain') return { parsed: true, body: text, rawBody };
		return { parsed: true, body: undefined, rawBody };
	} catch (error) {
		return {
			parsed: false,
			status: 422,
			reason: `Failed to parse request body: ${(error as Error).message}`,
		};
	}
}
