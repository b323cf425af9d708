import { request } from 'node:http';

import { createSelartiSandbox, type SelartiSandbox } from '../../../sandbox';

/**
 * The sandbox's control API drives it (options, faults, tasks, tokens) without a password, so only the developer's own
 * tools may reach it: a web page open in their browser may not, neither by a form or text/plain post (CSRF) nor by a
 * name of its own that resolves to 127.0.0.1 (DNS rebinding).
 */

let sandbox: SelartiSandbox;
beforeAll(async () => (sandbox = await createSelartiSandbox({ port: 0 })));
afterAll(async () => await sandbox.close());

function post(headers: Record<string, string>, body = '{"replyDelayMs": 4321}') {
	const url = new URL('/__control/options', sandbox.url);
	return new Promise<number>((resolve, reject) => {
		const outgoing = request(
			url,
			{
				method: 'POST',
				headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
			},
			(response) => {
				response.resume();
				resolve(response.statusCode ?? 0);
			},
		);
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

const replyDelay = async () => (await sandbox.control.getOptions()).replyDelayMs;

describe("the sandbox's control API", () => {
	it("refuses what a web page could send: a text/plain or form body, another site's origin, another host name", async () => {
		const before = await replyDelay();
		const host = new URL(sandbox.url).host;
		expect(await post({ 'content-type': 'text/plain' })).toBe(415);
		expect(
			await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'replyDelayMs=4321'),
		).toBe(415);
		expect(await post({ 'content-type': 'application/json', origin: 'https://evil.example' })).toBe(
			403,
		);
		expect(await post({ 'content-type': 'application/json', origin: 'null' })).toBe(403);
		expect(
			await post({
				'content-type': 'application/json',
				host: `rebound.evil.example:${new URL(sandbox.url).port}`,
			}),
		).toBe(403);
		expect(await replyDelay()).toBe(before);
		expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
	});

	it("takes JSON from the developer's tools and from a page on loopback", async () => {
		expect(await post({ 'content-type': 'application/json' })).toBe(200);
		expect(await replyDelay()).toBe(4321);
		expect(
			await post(
				{ 'content-type': 'application/json', origin: 'http://localhost:5678' },
				'{"replyDelayMs": 0}',
			),
		).toBe(200);
		expect(await replyDelay()).toBe(0);
	});
});
