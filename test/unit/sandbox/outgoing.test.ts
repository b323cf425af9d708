import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { createPoster } from '../../../sandbox/shared/outgoing';

/**
 * A receiver that closes a kept-alive connection as the next request arrives on it, as n8n's server does when the
 * socket sat idle past its keep-alive timeout just as the sandbox reused it.
 */
function receiverThatDropsReusedSockets(): Promise<{
	server: Server;
	url: string;
	received: () => number;
}> {
	const served = new WeakSet<Socket>();
	let received = 0;
	const server = createServer((req, res) => {
		if (served.has(req.socket)) {
			req.socket.destroy();
			return;
		}
		served.add(req.socket);
		req.resume();
		req.on('end', () => {
			received++;
			res.end('ok');
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () =>
			resolve({
				server,
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
				received: () => received,
			}),
		);
	});
}

describe('the sandbox poster (webhook deliveries)', () => {
	it('delivers on a new connection when a kept-alive socket is reset as it is reused', async () => {
		const { server, url, received } = await receiverThatDropsReusedSockets();
		const poster = createPoster(1);
		try {
			const first = await poster.post(url, '{"n":1}', { 'content-type': 'application/json' }, 5000);
			const second = await poster.post(
				url,
				'{"n":2}',
				{ 'content-type': 'application/json' },
				5000,
			);
			expect([first.status, second.status]).toEqual([200, 200]);
			expect(received()).toBe(2);
		} finally {
			poster.close();
			server.close();
		}
	});
});
