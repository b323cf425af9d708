import { randomUUID } from 'node:crypto';

import { loadExample, nodeNamed, selartiTriggerPathOf } from '../../harness/examples';
import { http } from '../../harness/http';
import { FAKE_MODEL_ANSWER_PREFIX, startFakeChatModel } from '../../harness/fakeChatModel';
import {
	ERROR_BRANCH_STATUS,
	agentWithSelartiToolWorkflow,
	firstOutput,
	selartiTriggerWorkflow,
	sendAndWaitWorkflow,
	type SendAndWaitSettings,
} from '../../harness/workflows';
import { sendMessageToSandbox } from './support/sandboxApi';
import { e2eSuite } from './support/suite';

const e2e = e2eSuite();

type Json = Record<string, unknown>;

describe(`n8n ${e2e.version}: Send and Wait for Reply`, () => {
	let taskId: string;
	let receiverId: string;
	let credential: { id: string; name: string };

	const receivedByTrigger = async () =>
		(await e2e.finishedExecutions(receiverId)).map(
			(execution) => firstOutput(execution, 'Selarti Trigger')?.message_text,
		);

	beforeAll(async () => {
		credential = await e2e.createSelartiCredential();
		const receiver = selartiTriggerWorkflow(
			'Replies for waiting sends',
			{ messageTypes: ['bot', 'operator'], options: {} },
			credential,
		);
		receiverId = await e2e.deploy(receiver.workflow, [receiver.webhookPath]);
		taskId = (
			await e2e.sandbox.addTask({
				webhookUrls: [`${e2e.state.n8n.baseUrl}/webhook/${receiver.webhookPath}`],
			})
		).id;
	});

	afterEach(async () => {
		await e2e.sandbox.setOptions({ replyParts: 1, replyPartGapMs: 0, replyDelayMs: 0 });
	});

	async function deploySendAndWait(
		waitLimit: number,
		combineRepliesWithin: number,
		onNoReply: SendAndWaitSettings['onNoReply'] = 'output',
	) {
		const { workflow, webhookPath } = sendAndWaitWorkflow('Send and wait', taskId, credential, {
			waitLimit,
			combineRepliesWithin,
			onNoReply,
		});
		await e2e.deploy(workflow, [webhookPath]);
		return async (chatId: string, text: string) =>
			await http<Json>(`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`, {
				body: { chat_id: chatId, text },
			});
	}

	it('Webhook → Send and Wait → Respond to Webhook: the caller gets the AI reply in its response', async () => {
		const ask = await deploySendAndWait(60, 1);
		await e2e.sandbox.setOptions({ replyDelayMs: 500 });
		const text = `Hello ${randomUUID()}`;
		const answer = await ask('chat-respond', text);
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			replied: true,
			reply_text: `AI: ${text}`,
			message_type: 'bot',
			external_chat_id: 'chat-respond',
			task_id: taskId,
			sent: { task_id: taskId, chat_id: 'chat-respond', message: text },
		});
		expect(answer.body.replies).toHaveLength(1);
		// The reply went to the send only: the trigger's own workflow did not run for it.
		expect(await receivedByTrigger()).not.toContain(`AI: ${text}`);
	});

	it('a reply in three messages within Combine Replies Within comes back combined, in order', async () => {
		const ask = await deploySendAndWait(60, 2);
		await e2e.sandbox.setOptions({ replyParts: 3, replyPartGapMs: 300 });
		const text = `In parts ${randomUUID()}`;
		const answer = await ask('chat-parts', text);
		expect(answer.status).toBe(200);
		const parts = [1, 2, 3].map((part) => `AI: ${text} (${part}/3)`);
		expect(answer.body).toMatchObject({ replied: true, reply_text: parts.join('\n') });
		expect((answer.body.replies as Json[]).map((reply) => reply.message_text)).toEqual(parts);
		expect(await receivedByTrigger()).not.toEqual(expect.arrayContaining([parts[0]]));
	});

	it('no reply: the item says replied: false at the wait limit; a reply after it starts the trigger workflow', async () => {
		const ask = await deploySendAndWait(3, 0);
		await e2e.sandbox.setOptions({ replyDelayMs: 6000 });
		const text = `Too slow ${randomUUID()}`;
		const started = Date.now();
		const answer = await ask('chat-late', text);
		expect(answer.status).toBe(200);
		// Never a null where a chat or a messenger expects text: the No Reply Text, also as output for n8n's Chat.
		const noReplyText = 'Sorry, there is no answer yet. Please write again in a moment.';
		expect(answer.body).toEqual({
			replied: false,
			reply_text: noReplyText,
			output: noReplyText,
			replies: [],
			sent: expect.objectContaining({ task_id: taskId, chat_id: 'chat-late', message: text }),
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
		// The late reply is not lost: it starts the Selarti Trigger's own workflow.
		expect(await e2e.sandbox.waitForIdle(30_000)).toBe(true);
		const deliveries = await e2e.sandbox.deliveries({ chatId: 'chat-late' });
		expect(deliveries.map((delivery) => [delivery.messageType, delivery.status])).toEqual([
			['user', 200],
			['bot', 200],
		]);
		await e2e.waitFor('the late reply in the trigger workflow', async () =>
			(await receivedByTrigger()).includes(`AI: ${text}`),
		);
	});

	it('On No Reply → Stop With an Error: no reply by the limit goes out on the error output, naming the item', async () => {
		const ask = await deploySendAndWait(2, 0, 'error');
		await e2e.sandbox.setOptions({ replyParts: 0 });
		const text = `Unanswered ${randomUUID()}`;
		const answer = await ask('chat-strict', text);
		expect(answer.status).toBe(ERROR_BRANCH_STATUS);
		// n8n's error output carries the error only, as for its own nodes.
		expect(answer.body).toEqual({ error: 'Item 1: no reply within 2 s' });
		const calls = await e2e.sandbox.calls({ workflow: 'send_message_external' });
		expect(calls.filter((call) => call.body.chat_id === 'chat-strict')).toHaveLength(1);
	});

	it("as the AI Agent's tool: the agent consults the Selarti AI and answers with its reply", async () => {
		const model = await startFakeChatModel();
		try {
			const openAi = await e2e.n8n.createCredential(`OpenAI ${randomUUID()}`, 'openAiApi', {
				apiKey: 'sk-not-a-real-key',
				url: model.baseUrl,
				header: false,
			});
			const { workflow, webhookPath } = agentWithSelartiToolWorkflow('Agent', taskId, {
				selarti: credential,
				openAi,
			});
			await e2e.deploy(workflow, [webhookPath]);
			await e2e.sandbox.setOptions({ replyDelayMs: 300 });
			const text = `Which plan suits a bakery? ${randomUUID()}`;
			const answer = await http<Json>(`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`, {
				body: { chat_id: 'chat-agent', text },
			});
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ output: `${FAKE_MODEL_ANSWER_PREFIX}AI: ${text}` });
			// One call of the tool: the model asked once, then answered with the tool's result.
			expect(model.requests).toHaveLength(2);
			const calls = await e2e.sandbox.calls({ workflow: 'send_message_external' });
			expect(
				calls.filter((call) => call.body.chat_id === 'chat-agent').map((call) => call.body),
			).toEqual([{ task_id: taskId, chat_id: 'chat-agent', message: text }]);
			expect(await receivedByTrigger()).not.toContain(`AI: ${text}`);
		} finally {
			await model.close();
		}
	});

	it('two more Selarti Triggers (a copy with the same credential, one of another account) activate beside it, and sends still get their replies', async () => {
		const otherAccount = await e2e.createSelartiCredential({
			authentication: 'accessToken',
		});
		const copy = selartiTriggerWorkflow(
			'A test copy',
			{ messageTypes: ['bot'], options: {} },
			credential,
		);
		const other = selartiTriggerWorkflow('Another account', { options: {} }, otherAccount);
		await e2e.deploy(copy.workflow, [copy.webhookPath]);
		await e2e.deploy(other.workflow, [other.webhookPath]);
		const ask = await deploySendAndWait(60, 0);
		const text = `Beside two more triggers ${randomUUID()}`;
		const answer = await ask('chat-beside', text);
		expect(answer.body).toMatchObject({ replied: true, reply_text: `AI: ${text}` });
	});

	it('Selarti delivering the task to a trigger that cannot hand replies over is said at once, naming it; nothing is sent', async () => {
		const off = selartiTriggerWorkflow(
			'Hand-over off',
			{ messageTypes: ['bot'], options: { handRepliesToWaitingSends: false } },
			credential,
		);
		await e2e.deploy(off.workflow, [off.webhookPath]);
		const offTask = await e2e.sandbox.addTask({
			webhookUrls: [`${e2e.state.n8n.baseUrl}/webhook/${off.webhookPath}`],
		});
		// A message of that task reaches the trigger (as any customer's would), so n8n knows where Selarti sends it.
		await sendMessageToSandbox(e2e.state, offTask.id, 'somebody', 'Hello');
		expect(await e2e.sandbox.waitForIdle(30_000)).toBe(true);
		const { workflow, webhookPath } = sendAndWaitWorkflow(
			'Send to the wrong setup',
			offTask.id,
			credential,
			{
				waitLimit: 60,
				combineRepliesWithin: 0,
			},
		);
		await e2e.deploy(workflow, [webhookPath]);
		const started = Date.now();
		const answer = await http<Json>(`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`, {
			body: { chat_id: 'chat-wrong-setup', text: 'Hello?' },
		});
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(answer.status).toBe(ERROR_BRANCH_STATUS);
		expect(answer.body).toEqual({
			error: `Selarti sends the replies of task ${offTask.id} to the Selarti Trigger "Selarti Trigger" of workflow "${off.workflow.name}", which cannot hand them to this node`,
		});
		const calls = await e2e.sandbox.calls({ workflow: 'send_message_external' });
		expect(calls.filter((call) => call.body.chat_id === 'chat-wrong-setup')).toEqual([]);
	});

	it('a Selarti Trigger built on 0.1.0 (no credential) is not activated, and says what to add', async () => {
		const old = selartiTriggerWorkflow('Built on 0.1.0', { options: {} }, credential);
		delete old.workflow.nodes[0].credentials;
		const { id } = await e2e.n8n.createWorkflow(old.workflow);
		const failure = await e2e.n8n.activateWorkflow(id).then(
			() => undefined,
			(error: Error) => error.message,
		);
		// n8n 2.x checks required credentials before it activates anything; 1.x leaves it to the trigger.
		expect(failure).toMatch(
			e2e.version.startsWith('1.')
				? /"Select a Selarti API credential in the Selarti Trigger: the one your Selarti nodes use, with a Webhook Secret"/
				: /Missing required credential: selartiApi/,
		);
		await e2e.n8n.deleteWorkflow(id);
	});

	it('the shipped example "Website chat (n8n Chat) ↔ Selarti": a message to the chat returns the AI reply', async () => {
		const exampleTask = await e2e.sandbox.addTask({});
		const workflow = loadExample('website-chat-selarti.json', {
			taskId: exampleTask.id,
			credentials: { selartiApi: await e2e.createSelartiCredential() },
		});
		const chat = nodeNamed(workflow, 'When chat message received');
		const chatPath = `${chat.webhookId}/chat`;
		const triggerPath = selartiTriggerPathOf(workflow);
		const exampleId = await e2e.deploy(workflow, [chatPath, triggerPath]);
		try {
			await e2e.sandbox.addWebhook(
				exampleTask.id,
				`${e2e.state.n8n.baseUrl}/webhook/${triggerPath}`,
			);
			const sessionId = randomUUID();
			const chatInput = `Do you deliver on Sundays? ${randomUUID()}`;
			const answer = await http<Json>(`${e2e.state.n8n.baseUrl}/webhook/${chatPath}`, {
				body: { action: 'sendMessage', sessionId, chatInput },
			});
			expect(answer.status).toBe(200);
			// The Chat Trigger's default mode answers with the last node's item; n8n's chat shows its output.
			expect(answer.body).toEqual(
				expect.objectContaining({ replied: true, output: `AI: ${chatInput}` }),
			);
			const calls = await e2e.sandbox.calls({ workflow: 'send_message_external' });
			expect(
				calls
					.filter((call) => call.body.chat_id === `web-chat:${sessionId}`)
					.map((call) => call.body),
			).toEqual([
				// The browser chooses the session id: prefixed, it cannot name another messenger's chat in the task.
				{ task_id: exampleTask.id, chat_id: `web-chat:${sessionId}`, message: chatInput },
			]);
		} finally {
			await e2e.n8n.deactivateWorkflow(exampleId);
		}
	});
});
