import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake Selarti received. */
export interface ReceivedCall {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
}

export interface Reply {
	status?: number;
	/** Sent as JSON unless it is a string. */
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	/** Drop the connection without an answer. */
	drop?: boolean;
}

export type Handler = (call: ReceivedCall, index: number) => Reply | Promise<Reply>;

export interface FakeSelarti {
	baseUrl: string;
	calls: ReceivedCall[];
	close(): Promise<void>;
}

export const success = (response: Record<string, unknown> = {}): Reply => ({
	status: 200,
	body: { status: 'success', response },
});

export const bubbleError = (
	statusCode: number,
	status: string,
	message: string,
	headers?: Record<string, string>,
): Reply => ({
	status: statusCode,
	body: { statusCode, body: { status, message } },
	headers,
});

/** A small real HTTP server on 127.0.0.1 that answers like Selarti's Bubble workflow API. */
export async function startFakeSelarti(handler: Handler): Promise<FakeSelarti> {
	const calls: ReceivedCall[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: unknown = rawBody;
			try {
				body = rawBody === '' ? undefined : JSON.parse(rawBody);
			} catch {
				body = rawBody;
			}
			const call: ReceivedCall = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body,
				rawBody,
			};
			calls.push(call);
			void Promise.resolve(handler(call, calls.length - 1)).then(async (reply) => {
				if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
				if (reply.drop) {
					res.socket?.destroy();
					return;
				}
				const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
				const contentType = typeof reply.body === 'string' ? 'text/html' : 'application/json';
				res.writeHead(reply.status ?? 200, { 'content-type': contentType, ...reply.headers });
				res.end(text);
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		calls,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** For a test file: `serve(handler)` starts a fake Selarti for the current test; it is closed after each test. */
export function fakeSelartiPerTest(): (handler: Handler) => Promise<FakeSelarti> {
	let server: FakeSelarti | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});
	return async (handler) => (server = await startFakeSelarti(handler));
}
