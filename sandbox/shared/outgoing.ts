import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface OutgoingResult {
	/** HTTP status answered by the receiver; 0 when no answer came (connection error, timeout). */
	status: number;
	error?: string;
	durationMs: number;
}

export interface OutgoingPoster {
	post(
		url: string,
		body: string,
		headers: Record<string, string>,
		timeoutMs: number,
	): Promise<OutgoingResult>;
	close(): void;
}

/**
 * One keep-alive agent per fake so thousands of webhook deliveries reuse a bounded number of sockets
 * (maxSockets) instead of opening a connection per message.
 */
export function createPoster(maxSockets: number): OutgoingPoster {
	const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
	const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
	const poster: OutgoingPoster = {
		async post(url, body, headers, timeoutMs) {
			const result = await postOnce(url, body, headers, timeoutMs);
			// A kept-alive socket the receiver closed while idle fails before the receiver read anything (Node's own
			// advice): the delivery is tried once more on a new connection.
			return result.reusedSocketReset ? await postOnce(url, body, headers, timeoutMs) : result;
		},
		close() {
			httpAgent.destroy();
			httpsAgent.destroy();
		},
	};

	function postOnce(
		url: string,
		body: string,
		headers: Record<string, string>,
		timeoutMs: number,
	): Promise<OutgoingResult & { reusedSocketReset?: boolean }> {
		const started = performance.now();
		const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
		return new Promise((resolve) => {
			let target: URL;
			try {
				target = new URL(url);
			} catch {
				resolve({ status: 0, error: 'invalid URL', durationMs: 0 });
				return;
			}
			const secure = target.protocol === 'https:';
			const send = secure ? httpsRequest : httpRequest;
			const req = send(
				target,
				{
					method: 'POST',
					agent: secure ? httpsAgent : httpAgent,
					headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve({ status: res.statusCode ?? 0, durationMs: elapsed() }));
					res.on('error', (error) =>
						resolve({ status: 0, error: error.message, durationMs: elapsed() }),
					);
				},
			);
			req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
			req.on('error', (error: NodeJS.ErrnoException) =>
				resolve({
					status: 0,
					error: error.message,
					durationMs: elapsed(),
					reusedSocketReset: req.reusedSocket && error.code === 'ECONNRESET',
				}),
			);
			req.end(body);
		});
	}
	return poster;
}
