import { randomUUID } from 'node:crypto';

import { http } from '../../harness/http';
import { e2eSuite } from './support/suite';
import { selartiSendWorkflow } from '../../harness/workflows';

const e2e = e2eSuite();

describe(`n8n ${e2e.version}: the Selarti node against an expiring token and a busy Selarti (API key mode)`, () => {
	const apiKey = `e2e-key-${randomUUID()}`;
	let taskId: string;
	let sendUrl: string;
	let workflowId: string;

	/**
	 * Sends one message through the workflow; the webhook answers with the Selarti node's output when it is done.
	 * A failed execution answers n8n's generic "Error in workflow", so the execution's own error is added: the
	 * assertions expect it to be undefined, and a failure shows it.
	 */
	async function send(chatId: string, text: string) {
		const answer = await http<Record<string, unknown>>(sendUrl, {
			body: { chat_id: chatId, text },
			timeoutMs: 60_000,
		});
		if (answer.status === 200)
			return { status: answer.status, body: answer.body, executionError: undefined };
		const [latest] = await e2e.n8n.executions(workflowId);
		const error = latest?.data?.resultData.error as
			| { message?: string; description?: string }
			| undefined;
		return {
			status: answer.status,
			body: answer.body,
			executionError: `${error?.message} (${error?.description})`,
		};
	}

	beforeAll(async () => {
		await e2e.sandbox.addApiKey(apiKey);
		taskId = (await e2e.sandbox.addTask({})).id;
		const credential = await e2e.createSelartiCredential({ authentication: 'apiKey', apiKey });
		const { workflow, webhookPath } = selartiSendWorkflow('Send resilience', taskId, credential);
		workflowId = await e2e.deploy(workflow, [webhookPath]);
		sendUrl = `${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`;
	});

	afterAll(async () => {
		await e2e.sandbox.clearFaults();
	});

	it('renews an expired token by itself and delivers the message once', async () => {
		const chatId = `token-${randomUUID()}`;
		const first = await send(chatId, 'before expiry');
		expect(first).toMatchObject({
			status: 200,
			body: { task_id: taskId, chat_id: chatId, message: 'before expiry' },
			executionError: undefined,
		});

		// Expire every token issued for this key (revoking expires them; adding the key back keeps them expired).
		expect(await e2e.sandbox.revokeApiKey(apiKey)).toBe(true);
		await e2e.sandbox.addApiKey(apiKey);
		const since = (await e2e.sandbox.calls()).at(-1)?.seq ?? 0;

		const second = await send(chatId, 'after expiry');
		expect(second).toMatchObject({
			status: 200,
			body: { chat_id: chatId, message: 'after expiry' },
			executionError: undefined,
		});
		const calls = await e2e.sandbox.calls({ since });
		// The node reads every answer itself (so Retry-After is seen on every n8n version), and n8n renews a token only
		// for a call that throws 401: so the refused call is sent once more that way, then the key is exchanged.
		expect(calls.map((call) => [call.workflow, call.status, call.accepted])).toEqual([
			['send_message_external', 401, false],
			['send_message_external', 401, false],
			['auth', 200, true],
			['send_message_external', 200, true],
		]);
		const summary = await e2e.sandbox.summary([
			{ chatId, message: 'before expiry' },
			{ chatId, message: 'after expiry' },
		]);
		expect(summary).toMatchObject({ duplicates: 0, missing: 0 });
	});

	it('waits out a 429 with Retry-After, retries, and delivers the message once', async () => {
		const chatId = `busy-${randomUUID()}`;
		await e2e.sandbox.addFault({
			status: 429,
			count: 1,
			retryAfterSeconds: 1,
			workflow: 'send_message_external',
			chatId,
		});

		const answer = await send(chatId, 'when you have a moment');
		expect(answer).toMatchObject({
			status: 200,
			body: { chat_id: chatId, message: 'when you have a moment' },
			executionError: undefined,
		});

		const calls = (await e2e.sandbox.calls({ workflow: 'send_message_external' })).filter(
			(call) => call.body.chat_id === chatId,
		);
		expect(calls.map((call) => [call.status, call.accepted])).toEqual([
			[429, false],
			[200, true],
		]);
		// Retry-After: 1 was honoured (the retry came no earlier than about a second later), on every n8n version.
		expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(900);
	});
});
