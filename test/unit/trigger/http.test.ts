import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import type { INodeParameters } from 'n8n-workflow';

import { HARNESS_CREDENTIALS, TriggerHarness, type Answer } from '../../support/n8n/triggerHarness';
import { selartiPayload } from '../../../harness/selartiPayload';

/*
 * Real HTTP on loopback: the request bytes are parsed the way n8n's body parser does it before the node runs (JSON for
 * application/json, invalid JSON answered 422 without running the node; form data; a string for text/plain; an empty
 * object for anything else; the exact bytes kept as rawBody: docs/design/2026-12-n8n-behaviour.md), then handed to the
 * trigger through the harness.
 */

interface Received extends Answer {
	contentType: string | null;
}

let harness: TriggerHarness;
/** The items of the execution the last request started (what n8n would run the workflow with). */
let startedItems: Answer['items'];
let server: Server;
let baseUrl: string;

async function readBytes(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function parseLikeN8n(contentType: string, rawBody: Buffer): unknown {
	if (rawBody.length === 0) return {};
	const text = rawBody.toString('utf8');
	if (contentType === 'application/json') return JSON.parse(text);
	if (contentType === 'application/x-www-form-urlencoded') return parseQueryString(text);
	if (contentType === 'text/plain') return text;
	return {};
}

function queryOf(url: URL): Record<string, unknown> {
	const query: Record<string, unknown> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return query;
}

beforeAll(async () => {
	server = createServer((request, response) => {
		void (async () => {
			const rawBody = await readBytes(request);
			const contentType = (request.headers['content-type'] ?? '')
				.split(';')[0]
				.trim()
				.toLowerCase();
			let body: unknown;
			try {
				body = parseLikeN8n(contentType, rawBody);
			} catch {
				response
					.writeHead(422, { 'content-type': 'application/json' })
					.end('{"message":"Failed to parse request body"}');
				return;
			}
			const url = new URL(request.url ?? '/', 'http://localhost');
			const answer = await harness.deliver({ body, rawBody, query: queryOf(url) });
			startedItems = answer.items;
			response
				.writeHead(answer.status, { 'content-type': 'application/json' })
				.end(JSON.stringify(answer.body));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/selarti/webhook`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

/** A delivery to a trigger with `credentials` (the harness's by default), with `query` (its secret by default). */
async function post(
	parameters: INodeParameters,
	contentType: string,
	body: string,
	query = `?secret=${encodeURIComponent(String(HARNESS_CREDENTIALS.webhookSecret))}`,
	credentials = HARNESS_CREDENTIALS,
): Promise<Received> {
	harness = new TriggerHarness(parameters, { credentials });
	startedItems = undefined;
	const response = await fetch(`${baseUrl}${query}`, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body,
	});
	return {
		status: response.status,
		body: await response.json(),
		items: startedItems,
		contentType: response.headers.get('content-type'),
	};
}

const formBody = new URLSearchParams({
	message_id: '1721129985149x478019552540622004',
	message_type: 'Bot',
	message_text: 'Salom! Qanday yordam bera olaman?',
	external_chat_id: '123456789',
	is_bot: 'no',
	interest: 'yes',
	close: '',
	contacts: '+998 90 123 45 67',
	lead_source: 'instagram',
}).toString();

describe('Selarti Trigger over HTTP', () => {
	it('a JSON delivery starts the workflow and is answered 200', async () => {
		const answer = await post({}, 'application/json', JSON.stringify(selartiPayload()));
		expect(answer.status).toBe(200);
		expect(answer.items).toEqual([selartiPayload()]);
	});

	it('a JSON delivery with a charset in its content type works the same', async () => {
		const answer = await post(
			{},
			'application/json; charset=utf-8',
			JSON.stringify(selartiPayload({ title: 'Ўлмас' })),
		);
		expect(answer.items?.[0].title).toBe('Ўлмас');
	});

	it('a form-encoded delivery is normalised like JSON (flags from yes/no/empty, type lower-cased, extras kept)', async () => {
		const answer = await post(
			{ options: { includeRawBody: true } },
			'application/x-www-form-urlencoded',
			formBody,
		);
		expect(answer.status).toBe(200);
		expect(answer.items?.[0]).toMatchObject({
			message_id: '1721129985149x478019552540622004',
			message_type: 'bot',
			message_text: 'Salom! Qanday yordam bera olaman?',
			is_bot: false,
			interest: true,
			close: false,
			success: false,
			task_id: null,
			contacts: '+998 90 123 45 67',
			lead_source: 'instagram',
			_rawBody: formBody,
		});
	});

	it('a form body sent as text/plain or without a known content type is still understood', async () => {
		for (const contentType of ['text/plain', 'application/octet-stream']) {
			const answer = await post({}, contentType, formBody);
			expect([contentType, answer.items?.[0].message_id]).toEqual([
				contentType,
				'1721129985149x478019552540622004',
			]);
		}
	});

	it('a JSON body sent as text/plain is understood', async () => {
		const answer = await post({}, 'text/plain', JSON.stringify(selartiPayload()));
		expect(answer.items).toEqual([selartiPayload()]);
	});

	it('every answer is a small JSON body of one shape: accepted, skipped, rejected', async () => {
		const body = JSON.stringify(selartiPayload());
		expect(await post({}, 'application/json', body)).toMatchObject({
			status: 200,
			body: { status: 'accepted', message: 'Event received' },
		});
		const skip = await post(
			{},
			'application/json',
			JSON.stringify(selartiPayload({ message_type: 'user' })),
		);
		expect(skip).toMatchObject({
			status: 200,
			body: {
				status: 'skipped',
				message: 'Event received and skipped',
				reason: expect.any(String),
			},
		});
		const reject = await post({}, 'application/json', body, '');
		expect(reject).toMatchObject({
			status: 401,
			body: { status: 'rejected', message: expect.stringMatching(/secret/) },
		});
	});

	it('a filtered event is answered 200 without an execution', async () => {
		const answer = await post(
			{},
			'application/json',
			JSON.stringify(selartiPayload({ message_type: 'user' })),
		);
		expect(answer).toMatchObject({
			status: 200,
			items: undefined,
			body: { message: 'Event received and skipped' },
		});
	});

	it('the secret: 401 without it, 403 when wrong, 200 when right, as JSON', async () => {
		const secret = 'p@ss word/&? from the credential';
		const credentials = { ...HARNESS_CREDENTIALS, webhookSecret: secret };
		const body = JSON.stringify(selartiPayload());
		expect(await post({}, 'application/json', body, '', credentials)).toMatchObject({
			status: 401,
			items: undefined,
		});
		const wrong = await post({}, 'application/json', body, '?secret=nope', credentials);
		expect(wrong).toMatchObject({
			status: 403,
			items: undefined,
			body: { message: expect.any(String) },
		});
		expect(wrong.contentType).toMatch(/application\/json/);
		const right = await post(
			{},
			'application/json',
			body,
			`?secret=${encodeURIComponent(secret)}`,
			credentials,
		);
		expect(right).toMatchObject({ status: 200, items: [selartiPayload()] });
	});

	it('Reject With 400 answers an invalid delivery with the reasons', async () => {
		const answer = await post(
			{ options: { onInvalidPayload: 'reject' } },
			'application/json',
			'[1,2,3]',
		);
		expect(answer).toMatchObject({
			status: 400,
			items: undefined,
			body: { errors: [{ field: 'body' }] },
		});
	});

	it('an invalid delivery is output by default, raw bytes included', async () => {
		const raw = '{"message_id": "9", "message_type": "bot", "close": "unknown"}';
		const answer = await post({}, 'application/json', raw);
		expect(answer.items?.[0]).toMatchObject({
			message_id: '9',
			close: false,
			_rawBody: raw,
			_validation: { valid: false },
		});
	});
});
