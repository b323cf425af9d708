import { randomUUID } from 'node:crypto';

import { http } from '../../harness/http';
import { firstOutput, selartiTriggerWorkflow, sendAndWaitWorkflow } from '../../harness/workflows';
import { e2eSuite } from './support/suite';

const e2e = e2eSuite();

describe(`n8n ${e2e.version}: Send and Wait for Reply`, () => {
	let taskId: string;
	let receiverId: string;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		const receiver = selartiTriggerWorkflow('Replies for waiting sends', {
			messageTypes: ['bot', 'operator'],
			options: { handRepliesToWaitingSends: true },
		});
		receiverId = await e2e.deploy(receiver.workflow, [receiver.webhookPath]);
		taskId = (
			await e2e.sandbox.addTask({
				webhookUrls: [`${e2e.state.n8n.baseUrl}/webhook/${receiver.webhookPath}`],
			})
		).id;
		credential = await e2e.createSelartiCredential();
	});

	afterEach(async () => {
		await e2e.sandbox.setOptions({ replyParts: 1, replyPartGapMs: 0, replyDelayMs: 0 });
	});

	it('Webhook → Send and Wait → Respond to Webhook: the caller gets the AI reply in the same response', async () => {
		const { workflow, webhookPath } = sendAndWaitWorkflow('Send and wait', taskId, credential, {
			waitLimit: 60,
			combineRepliesWithin: 1,
		});
		await e2e.deploy(workflow, [webhookPath]);
		await e2e.sandbox.setOptions({ replyDelayMs: 500 });
		const text = `Hello ${randomUUID()}`;
		const started = Date.now();
		const answer = await http<Record<string, unknown>>(
			`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`,
			{
				body: { chat_id: 'chat-1', text },
			},
		);
		const elapsed = Date.now() - started;
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			replied: true,
			reply_text: `AI: ${text}`,
			message_type: 'bot',
			external_chat_id: 'chat-1',
			task_id: taskId,
			sent: { task_id: taskId, chat_id: 'chat-1', message: text },
		});
		console.log(`send → reply in the response: ${elapsed} ms`);
		// The reply went to the send: the trigger's own workflow did not run for it.
		const executions = await e2e.finishedExecutions(receiverId);
		expect(
			executions.map((execution) => firstOutput(execution, 'Selarti Trigger')?.message_text),
		).not.toContain(`AI: ${text}`);
	});
});
