import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Every fake listens on loopback only: nothing here is meant to be reachable from another machine. */
export const LOOPBACK_HOST = '127.0.0.1';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface RunningServer {
	server: Server;
	port: number;
	url: string;
	close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 tuned for thousands of concurrent loopback clients (large
 * backlog, long keep-alive), and tracks sockets so close() does not wait for idle keep-alive connections.
 */
export async function startServer(port: number, handler: RequestHandler): Promise<RunningServer> {
	const sockets = new Set<Socket>();
	const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
		handler(req, res).catch((error: unknown) => answerInternalError(res, error));
	});
	server.headersTimeout = 0;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({ port, host: LOOPBACK_HOST, backlog: 4096 }, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const boundPort = (server.address() as AddressInfo).port;
	let closing: Promise<void> | undefined;
	return {
		server,
		port: boundPort,
		url: `http://${LOOPBACK_HOST}:${boundPort}`,
		close() {
			closing ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
			return closing;
		},
	};
}

function answerInternalError(res: ServerResponse, error: unknown): void {
	if (res.headersSent || res.destroyed) {
		res.destroy();
		return;
	}
	const message = error instanceof Error ? error.message : String(error);
	sendJson(res, 500, { error: 'sandbox internal error', message });
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function sendText(
	res: ServerResponse,
	status: number,
	text: string,
	contentType = 'text/plain; charset=utf-8',
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, {
		'content-type': contentType,
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limitBytes) {
				reject(new Error(`request body larger than ${limitBytes} bytes`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}
