import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, type Params } from '../../../sandbox/shared/body-params';
import { readBody } from '../../../sandbox/shared/http-server';

export interface ReceivedRequest {
	path: string;
	headers: IncomingHttpHeaders;
	raw: string;
	params: Params;
}

export interface Receiver {
	url: string;
	received: ReceivedRequest[];
	/** Status to answer for the next requests (default 200). */
	answerWith(status: (request: ReceivedRequest, index: number) => number): void;
	close(): Promise<void>;
}

/** A stand-in for n8n's webhook endpoint: records every POST and answers 200 (or as told). */
export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedRequest[] = [];
	let statusFor: (request: ReceivedRequest, index: number) => number = () => 200;
	const server = createServer(async (req, res) => {
		const raw = await readBody(req);
		const parsed = parseBody(req.headers['content-type'], raw);
		const request = {
			path: req.url ?? '/',
			headers: req.headers,
			raw,
			params: parsed.ok ? parsed.params : {},
		};
		received.push(request);
		res.writeHead(statusFor(request, received.length - 1), { 'content-type': 'application/json' });
		res.end('{}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		answerWith(status) {
			statusFor = status;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export interface JsonAnswer {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

export async function postJson(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<JsonAnswer> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export const bearer = (token: string): Record<string, string> => ({
	authorization: `Bearer ${token}`,
});
