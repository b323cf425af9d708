import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** A registry stand-in on loopback: answers 404 to reads (a new package) and 200 to a publish, and records them. */
async function startRegistry(): Promise<{ url: string; requests: string[]; server: Server }> {
	const requests: string[] = [];
	const server = createServer((request, response) => {
		requests.push(`${request.method} ${request.url}`);
		request.resume();
		request.on('end', () => {
			response.statusCode = request.method === 'PUT' ? 200 : 404;
			response.setHeader('content-type', 'application/json');
			response.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, server };
}

function npmPublish(registry: string): Promise<{ code: number | null; output: string }> {
	const host = registry.replace(/^http:/, '');
	return new Promise((resolve) => {
		// Outside GitHub Actions, so no CI provider can sign a provenance statement (as on a developer's machine).
		const env = { ...process.env, GITHUB_ACTIONS: '', CI: '' };
		const child = spawn(
			'npm',
			['publish', '--registry', registry, `--${host}:_authToken=test-token`],
			{ cwd: root, env },
		);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => resolve({ code, output }));
	});
}

describe('releasing', () => {
	it('a plain npm publish from a machine is refused before anything is uploaded (provenance is required)', async () => {
		const registry = await startRegistry();
		try {
			const { code, output } = await npmPublish(registry.url);
			expect(registry.requests.filter((request) => request.startsWith('PUT'))).toEqual([]);
			expect(output).toMatch(/provenance/i);
			expect(code).not.toBe(0);
		} finally {
			registry.server.close();
		}
	});
});
