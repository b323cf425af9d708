import { parse as parseQueryString } from 'node:querystring';

import { jsonParse, sanitizeXmlName } from 'n8n-workflow';
import { Parser } from 'xml2js';

/*
 * What n8n does with a webhook request before the trigger's webhook() runs, copied from n8n 2.40.7 (the same in
 * 1.123.81) so generated requests reach the node exactly as they would in production:
 * - @n8n/backend-network parse-incoming-message.js: contentType = the header up to ";", lower-cased (not trimmed);
 *   encoding = the charset parameter, default utf-8;
 * - middlewares/body-parser.js parseBody (called for every request to a version-1 trigger by webhook-helpers.js
 *   parseRequestBody): the raw bytes are always kept as req.rawBody; a non-empty body is parsed by content type —
 *   application/json with n8n-workflow's jsonParse after stripping a BOM, types ending in "/xml" or "+xml" with xml2js (options below),
 *   application/x-www-form-urlencoded with querystring.parse (maxKeys 1000), text/plain as a string; anything else
 *   leaves req.body undefined. A parse failure is answered 422 "Failed to parse request body" and the node never runs.
 * multipart/form-data takes another path (formidable) and is not generated here.
 */

export type N8nRequest =
	| { parsed: true; body: unknown; rawBody: Buffer }
	| { parsed: false; status: 422; reason: string };

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
): Promise<N8nRequest> {
	const { type, encoding } = contentTypeOf(contentTypeHeader);
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
