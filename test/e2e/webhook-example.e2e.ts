import { randomUUID } from 'node:crypto';

import { loadExample, nodeNamed, selartiTriggerPathOf } from '../../harness/examples';
import { http } from '../../harness/http';
import { startReplyReceiver, type ReplyReceiver } from '../../harness/replyReceiver';
import { e2eSuite } from './support/suite';

const e2e = e2eSuite();

describe(`n8n ${e2e.version}: the shipped example "Any messenger via webhook ↔ Selarti" (examples/webhook-selarti.json)`, () => {
	let receiver: ReplyReceiver;
	let workflowId: string;
	let taskId: string;
	let incomingUrl: string;

	beforeAll(async () => {
		receiver = await startReplyReceiver();
		taskId = (await e2e.sandbox.addTask({})).id;
		const workflow = loadExample('webhook-selarti.json', {
			taskId,
			credentials: { selartiApi: await e2e.createSelartiCredential() },
			urls: { 'https://example.com/your-messenger/reply': receiver.url },
		});
		const incomingPath = String(nodeNamed(workflow, 'Incoming Message').parameters.path);
		const selartiTriggerPath = selartiTriggerPathOf(workflow);
		workflowId = await e2e.deploy(workflow, [incomingPath, selartiTriggerPath]);
		await e2e.sandbox.addWebhook(taskId, `${e2e.state.n8n.baseUrl}/webhook/${selartiTriggerPath}`);
		incomingUrl = `${e2e.state.n8n.baseUrl}/webhook/${incomingPath}`;
	});

	afterAll(async () => await receiver.close());

	it("carries a messenger's message to Selarti and posts exactly the AI reply to the reply URL, once per message", async () => {
		const texts = [`Hello via webhook ${randomUUID()}`, `And again ${randomUUID()}`];
		for (const text of texts) {
			// A messenger bridge that sends its chat id as a number: Selarti must get it as a string.
			const answer = await http(incomingUrl, { body: { chat_id: 42, text } });
			expect(answer.status).toBe(200);
			await e2e.waitFor(`Selarti to receive "${text}"`, async () =>
				(await e2e.sandbox.calls({ workflow: 'send_message_external' })).find(
					(call) => call.accepted && call.body.message === text,
				),
			);
		}
		const received = (await e2e.sandbox.calls({ workflow: 'send_message_external' })).filter(
			(call) => call.accepted && texts.includes(String(call.body.message)),
		);
		expect(received.map((call) => call.body)).toEqual(
			texts.map((message) => ({ task_id: taskId, chat_id: '42', message })),
		);

		await e2e.waitFor(
			'both AI replies at the reply URL',
			async () => receiver.requests.length >= texts.length,
		);
		expect(await e2e.sandbox.waitForIdle(30_000)).toBe(true);
		const deliveries = (await e2e.sandbox.deliveries({ chatId: '42' })).filter(
			(delivery) => delivery.taskId === taskId,
		);
		expect(deliveries.map((delivery) => [delivery.messageType, delivery.status])).toEqual([
			['user', 200],
			['bot', 200],
			['user', 200],
			['bot', 200],
		]);

		// Two incoming messages and two AI replies started executions; the user's own webhooks started none.
		const executions = await e2e.waitForExecutions(workflowId, 4);
		expect(executions.map((execution) => execution.status)).toEqual([
			'success',
			'success',
			'success',
			'success',
		]);
		expect(receiver.requests.map((request) => [request.method, request.body])).toEqual(
			texts.map((text) => ['POST', { chat_id: '42', text: `AI: ${text}` }]),
		);
	});
});
