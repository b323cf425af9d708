import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
}

export interface ReplyReceiver {
	url: string;
	requests: ReceivedRequest[];
	close(): Promise<void>;
}

/** A messenger's "send reply" endpoint for the webhook example: records every request and answers 200. */
export async function startReplyReceiver(
	onRequest?: (request: ReceivedRequest) => void,
	port = 0,
): Promise<ReplyReceiver> {
	const requests: ReceivedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				// Keep non-JSON bodies as text.
			}
			const received = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body,
			};
			requests.push(received);
			onRequest?.(received);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.address();
	const listening = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${listening}/reply`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
