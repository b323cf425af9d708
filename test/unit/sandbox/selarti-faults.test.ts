import {
	createSelartiSandbox,
	DEFAULT_TASK_ID,
	DEFAULT_TOKEN,
	seededRandom,
	type SelartiSandbox,
} from '../../../sandbox';
import { bearer, postJson } from './helpers';

describe('Selarti sandbox: fault injection, capacity and latency', () => {
	let sandbox: SelartiSandbox;
	const sendUrl = () => `${sandbox.url}/api/1.1/wf/send_message_external`;
	const send = (chatId = '1', message = 'hi') =>
		postJson(
			sendUrl(),
			{ task_id: DEFAULT_TASK_ID, chat_id: chatId, message },
			bearer(DEFAULT_TOKEN),
		);

	beforeAll(async () => {
		sandbox = await createSelartiSandbox();
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.control.reset());

	it('fails the next N calls with {status, count}, then the rule is used up', async () => {
		await sandbox.control.addFault({ status: 503, count: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await send()).status);
		expect(statuses).toEqual([503, 503, 200]);
		expect(await sandbox.control.listFaults()).toEqual([]);
		const calls = await sandbox.control.calls();
		expect(calls.map((c) => [c.accepted, c.fault])).toEqual([
			[false, 'rule 1: 503'],
			[false, 'rule 1: 503'],
			[true, undefined],
		]);
	});

	it('answers 429 with the default Retry-After, a given one, or none', async () => {
		await sandbox.control.setOptions({ retryAfterSeconds: 3 });
		await sandbox.control.addFault({ status: 429, count: 1 });
		const withDefault = await send();
		expect(withDefault.status).toBe(429);
		expect(withDefault.headers.get('retry-after')).toBe('3');
		expect(withDefault.json).toMatchObject({
			statusCode: 429,
			body: { status: 'TOO_MANY_REQUESTS' },
		});

		await sandbox.control.addFault({ status: 429, count: 1, retryAfterSeconds: 7 });
		expect((await send()).headers.get('retry-after')).toBe('7');
		await sandbox.control.addFault({ status: 429, count: 1, retryAfterSeconds: null });
		const without = await send();
		expect(without.status).toBe(429);
		expect(without.headers.get('retry-after')).toBeNull();
	});

	it('answers gateway errors 502/504 as HTML pages and 500 as a Bubble error', async () => {
		await sandbox.control.addFault({ status: 502, count: 1 });
		await sandbox.control.addFault({ status: 504, count: 1 });
		await sandbox.control.addFault({ status: 500, count: 1 });
		const answers = [await send(), await send(), await send()];
		expect(answers.map((a) => a.status)).toEqual([502, 504, 500]);
		expect(answers[0].headers.get('content-type')).toContain('text/html');
		expect(answers[1].text).toContain('504 Gateway Time-out');
		expect(answers[2].json).toMatchObject({ statusCode: 500, body: { status: 'ERROR' } });
	});

	it('fires rate rules from a seeded PRNG, reproducibly', async () => {
		const run = async () => {
			await sandbox.control.reset();
			await sandbox.control.addFault({ status: 500, rate: 0.3, seed: 42 });
			const pattern: number[] = [];
			for (let i = 0; i < 20; i++) pattern.push((await send()).status);
			return pattern;
		};
		const first = await run();
		const random = seededRandom(42);
		const expected = Array.from({ length: 20 }, () => (random() < 0.3 ? 500 : 200));
		expect(first).toEqual(expected);
		expect(first).toContain(500);
		expect(first).toContain(200);
		expect(await run()).toEqual(first);
	});

	it('filters rules by workflow, chat and a number of calls let through first', async () => {
		await sandbox.control.addFault({ status: 500, workflow: 'add_target' });
		await sandbox.control.addFault({ status: 503, chatId: 'vip', after: 1, count: 1 });
		expect((await send('other')).status).toBe(200);
		expect((await send('vip')).status).toBe(200);
		expect((await send('vip')).status).toBe(503);
		expect((await send('vip')).status).toBe(200);
		const target = await postJson(
			`${sandbox.url}/api/1.1/wf/add_target`,
			{ task: DEFAULT_TASK_ID, target: '@x' },
			bearer(DEFAULT_TOKEN),
		);
		expect(target.status).toBe(500);
		expect(await sandbox.control.clearFaults()).toBe(1);
	});

	it('can carry a call out although its answer fails (process: true), the case that makes duplicates', async () => {
		await sandbox.control.addFault({ status: 504, count: 1, process: true });
		expect((await send('1', 'lost answer')).status).toBe(504);
		const [call] = await sandbox.control.calls();
		expect(call).toMatchObject({ status: 504, accepted: true, fault: 'rule 1: 504' });
	});

	it('answers slowly (accepted, answered after delayMs) so clients time out', async () => {
		await sandbox.control.addFault({ action: 'slow', delayMs: 600, count: 1 });
		// The client gives up after 100 ms, long before the slow answer: its own timeout ends the call, not the answer.
		await expect(
			fetch(sendUrl(), {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...bearer(DEFAULT_TOKEN) },
				body: JSON.stringify({ task_id: DEFAULT_TASK_ID, chat_id: '1', message: 'slow' }),
				signal: AbortSignal.timeout(100),
			}),
		).rejects.toMatchObject({ name: 'TimeoutError' });
		expect(await sandbox.control.waitForIdle(2000)).toBe(true);
		const [call] = await sandbox.control.calls();
		expect(call).toMatchObject({ accepted: true, fault: 'rule 1: slow' });
		expect(call.durationMs).toBeGreaterThanOrEqual(590);
	});

	it('drops the connection without an answer, by default without carrying the call out', async () => {
		await sandbox.control.addFault({ action: 'drop', count: 1 });
		await sandbox.control.addFault({ action: 'drop', count: 1, process: true });
		await expect(send('1', 'dropped')).rejects.toThrow();
		await expect(send('1', 'dropped but taken')).rejects.toThrow();
		const calls = await sandbox.control.calls();
		expect(calls.map((c) => [c.status, c.accepted, c.outcome])).toEqual([
			[0, false, 'DROPPED'],
			[0, true, 'DROPPED'],
		]);
	});

	it('answers 429 with Retry-After beyond the capacity of concurrent calls', async () => {
		await sandbox.control.setOptions({ capacity: 2, latencyMs: 400, retryAfterSeconds: 2 });
		const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => send(String(i))));
		const statuses = answers.map((a) => a.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429, 429]);
		const refused = answers.find((a) => a.status === 429);
		expect(refused?.headers.get('retry-after')).toBe('2');
		const stats = await sandbox.control.stats();
		expect(stats).toMatchObject({ maxInFlight: 2, accepted: 2, callsByStatus: { 200: 2, 429: 3 } });
		expect((await sandbox.control.calls()).filter((c) => c.fault === 'capacity')).toHaveLength(3);
	});

	it('adds latency to every call', async () => {
		await sandbox.control.setOptions({ latencyMs: 60 });
		const started = Date.now();
		expect((await send()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(55);
	});

	it('rejects invalid rules and options through the HTTP control API', async () => {
		const badRule = await postJson(`${sandbox.url}/__control/faults`, { status: 200 });
		expect(badRule.status).toBe(400);
		expect(badRule.json).toEqual({ error: 'a status fault needs status between 400 and 599' });
		const badOption = await postJson(`${sandbox.url}/__control/options`, { booleans: 'maybe' });
		expect(badOption.status).toBe(400);
		expect((await fetch(`${sandbox.url}/__control/nothing`)).status).toBe(404);
	});
});
