import { createServer } from 'node:net';

/** Asks the kernel for a port nobody listens on (bind to port 0), then releases it for the caller. */
export async function findFreePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

/** Several distinct free ports: each is held until all are found, so none is handed out twice. */
export async function findFreePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) ports.add(await findFreePort());
	return [...ports];
}

/** The preferred port when nobody listens on it (stable URLs for `npm run dev`), else any free port. */
export async function preferredOrFreePort(preferred: number): Promise<number> {
	const free = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? preferred : await findFreePort();
}
