import {
	createSelartiSandbox,
	DEFAULT_API_KEY,
	DEFAULT_TASK_ID,
	DEFAULT_TOKEN,
	type SelartiSandbox,
} from '../../../sandbox';
import { bearer, postJson } from './helpers';

describe('Selarti sandbox: Bubble workflow API', () => {
	let sandbox: SelartiSandbox;
	const wf = (name: string) => `${sandbox.url}/api/1.1/wf/${name}`;
	const send = (body: unknown, token = DEFAULT_TOKEN) =>
		postJson(wf('send_message_external'), body, bearer(token));
	const message = { task_id: DEFAULT_TASK_ID, chat_id: '42', message: 'Hello' };

	beforeAll(async () => {
		sandbox = await createSelartiSandbox();
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.control.reset());

	it('issues a token for a known API key and accepts it as bearer', async () => {
		const auth = await postJson(wf('auth'), { key: DEFAULT_API_KEY });
		expect(auth.status).toBe(200);
		const token = (auth.json as { response: { token: string } }).response.token;
		expect(auth.json).toEqual({
			status: 'success',
			response: { token: expect.stringMatching(/^bus\|\d{13}x\d+\|/) },
		});
		const sent = await send(message, token);
		expect(sent).toMatchObject({ status: 200, json: { status: 'success', response: {} } });
	});

	it('refuses an unknown key with a Bubble 401 (or 400 when configured) and never logs the key', async () => {
		const refused = await postJson(wf('auth'), { key: 'wrong-key' });
		expect(refused.status).toBe(401);
		expect(refused.json).toEqual({
			statusCode: 401,
			body: { status: 'UNAUTHORIZED', message: 'Invalid API key' },
		});
		await sandbox.control.setOptions({ authFailureStatus: 400 });
		expect((await postJson(wf('auth'), { key: 'wrong-key' })).status).toBe(400);
		const logged = JSON.stringify(await sandbox.control.calls());
		expect(logged).not.toContain('wrong-key');
		expect(logged).toContain('[redacted]');
	});

	it('answers 401 for a missing, unknown or expired token without echoing it', async () => {
		const missing = await postJson(wf('send_message_external'), message);
		const unknown = await send(message, 'not-a-token');
		expect(missing.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(unknown.text).not.toContain('not-a-token');
		expect(unknown.json).toMatchObject({ statusCode: 401, body: { status: 'UNAUTHORIZED' } });

		expect(await sandbox.control.expireTokens(DEFAULT_TOKEN)).toBe(1);
		const expired = await send(message);
		expect(expired.status).toBe(401);
		expect(expired.json).toMatchObject({ body: { message: 'The bearer token has expired' } });
	});

	it('expires all tokens at once, and tokens issued for a revoked key', async () => {
		const issue = async () =>
			(
				(await postJson(wf('auth'), { key: DEFAULT_API_KEY })).json as {
					response: { token: string };
				}
			).response.token;
		const first = await issue();
		expect(await sandbox.control.expireTokens()).toBe(2);
		expect((await send(message, first)).status).toBe(401);
		const second = await issue();
		expect((await send(message, second)).status).toBe(200);
		expect(await sandbox.control.revokeApiKey(DEFAULT_API_KEY)).toBe(true);
		expect((await send(message, second)).status).toBe(401);
		expect((await postJson(wf('auth'), { key: DEFAULT_API_KEY })).status).toBe(401);
	});

	it('lets issued tokens expire by themselves after tokenTtlSeconds', async () => {
		// Long enough for the first call to land in time on a loaded machine; the second comes after it for sure.
		await sandbox.control.setOptions({ tokenTtlSeconds: 1 });
		const auth = await postJson(wf('auth'), { key: DEFAULT_API_KEY });
		const issuedAt = Date.now();
		const token = (auth.json as { response: { token: string } }).response.token;
		expect((await send(message, token)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1_100 - (Date.now() - issuedAt)));
		expect((await send(message, token)).status).toBe(401);
	});

	it.each([
		['task_id', { chat_id: '42', message: 'Hi' }],
		['chat_id', { task_id: DEFAULT_TASK_ID, message: 'Hi' }],
		['message', { task_id: DEFAULT_TASK_ID, chat_id: '42', message: '' }],
	])('answers 400 MISSING_DATA naming %s when it is missing or empty', async (parameter, body) => {
		const answer = await send(body);
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			statusCode: 400,
			body: {
				status: 'MISSING_DATA',
				message: `Missing parameter for workflow send_message_external: parameter ${parameter}`,
			},
		});
	});

	it('answers 400 INVALID_DATA for an unknown task, 404 for unknown workflows and pages, 405 for GET', async () => {
		const unknownTask = await send({ ...message, task_id: '1700000000000x1' });
		expect(unknownTask.status).toBe(400);
		expect(unknownTask.json).toMatchObject({ body: { status: 'INVALID_DATA' } });

		const unknownWorkflow = await postJson(wf('send_message'), message, bearer(DEFAULT_TOKEN));
		expect(unknownWorkflow.status).toBe(404);
		expect(unknownWorkflow.json).toEqual({
			statusCode: 404,
			body: { status: 'NOT_FOUND', message: 'Workflow not found send_message' },
		});

		const page = await fetch(`${sandbox.url}/api/1.1/obj/task`);
		expect(page.status).toBe(404);
		expect(page.headers.get('content-type')).toContain('text/html');

		expect((await fetch(wf('send_message_external'))).status).toBe(405);
	});

	it('accepts the /version-test prefix, form-encoded bodies, and rejects unparsable JSON', async () => {
		const testVersion = await postJson(
			`${sandbox.url}/version-test/api/1.1/wf/send_message_external`,
			message,
			bearer(DEFAULT_TOKEN),
		);
		expect(testVersion.status).toBe(200);
		const form = await fetch(wf('send_message_external'), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer(DEFAULT_TOKEN) },
			body: new URLSearchParams(message).toString(),
		});
		expect(form.status).toBe(200);
		const broken = await send('{"task_id":');
		expect(broken.status).toBe(400);
		expect(broken.json).toMatchObject({ body: { status: 'INVALID_DATA' } });
	});

	it('adds targets to a task with add_target', async () => {
		const missing = await postJson(
			wf('add_target'),
			{ task: DEFAULT_TASK_ID },
			bearer(DEFAULT_TOKEN),
		);
		expect(missing.json).toMatchObject({
			body: { message: 'Missing parameter for workflow add_target: parameter target' },
		});
		const added = await postJson(
			wf('add_target'),
			{ task: DEFAULT_TASK_ID, target: '@alice' },
			bearer(DEFAULT_TOKEN),
		);
		expect(added).toMatchObject({ status: 200, json: { status: 'success', response: {} } });
		const [task] = await sandbox.control.listTasks();
		expect(task.targets).toEqual(['@alice']);
		expect(
			(await postJson(wf('add_target'), { task: 'nope', target: '@a' }, bearer(DEFAULT_TOKEN)))
				.status,
		).toBe(400);
	});

	it('logs every call with timing, status, body and whether it was accepted', async () => {
		await send(message);
		await send({ ...message, chat_id: '' });
		const calls = await sandbox.control.calls({ workflow: 'send_message_external' });
		expect(calls).toHaveLength(2);
		expect(calls[0]).toMatchObject({
			seq: 1,
			status: 200,
			accepted: true,
			acceptedSeq: 1,
			body: message,
		});
		expect(calls[1]).toMatchObject({
			seq: 2,
			status: 400,
			accepted: false,
			outcome: 'MISSING_DATA',
		});
		expect(typeof calls[0].durationMs).toBe('number');
		expect(await sandbox.control.calls({ since: 1 })).toHaveLength(1);
		expect(await sandbox.control.stats()).toMatchObject({
			calls: 2,
			accepted: 1,
			callsByStatus: { 200: 1, 400: 1 },
		});
	});
});
