import { Agent, request } from 'node:http';

export interface BurstResult {
	/** Requests answered 2xx. */
	accepted: number;
	failed: number;
	/** First request sent to last answer received. */
	wallMs: number;
	/** Per request, send to full answer, milliseconds (accepted and failed). */
	latenciesMs: number[];
	statuses: Record<string, number>;
}

/**
 * Posts every body once to `url` with `senders` concurrent senders, each sending its next body as soon as its
 * previous one is answered (a closed loop, like a platform's delivery workers). Keep-alive sockets, one per sender.
 */
export async function sendBurst(
	url: string,
	bodies: readonly string[],
	senders: number,
): Promise<BurstResult> {
	const agent = new Agent({ keepAlive: true, maxSockets: senders });
	const latenciesMs: number[] = [];
	const statuses: Record<string, number> = {};
	let next = 0;
	let accepted = 0;
	const started = performance.now();
	const sender = async () => {
		while (next < bodies.length) {
			const body = bodies[next++];
			const sentAt = performance.now();
			const status = await post(url, body, agent);
			latenciesMs.push(performance.now() - sentAt);
			statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
			if (status >= 200 && status < 300) accepted++;
		}
	};
	try {
		await Promise.all(Array.from({ length: senders }, sender));
	} finally {
		agent.destroy();
	}
	return {
		accepted,
		failed: bodies.length - accepted,
		wallMs: performance.now() - started,
		latenciesMs,
		statuses,
	};
}

/** The status of one POST, 0 when the connection failed; the answer is read to the end. */
async function post(url: string, body: string, agent: Agent): Promise<number> {
	return await new Promise((resolve) => {
		const outgoing = request(
			url,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
				timeout: 60_000,
			},
			(response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode ?? 0));
				response.on('error', () => resolve(0));
			},
		);
		outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
		outgoing.on('error', () => resolve(0));
		outgoing.end(body);
	});
}
