import { randomUUID } from 'node:crypto';

import {
	MESSENGER_KEY,
	loadExample,
	nodeNamed,
	selartiTriggerPathOf,
} from '../../harness/examples';
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
			credentials: {
				selartiApi: await e2e.createSelartiCredential(),
				httpHeaderAuth: await e2e.createMessengerKeyCredential(),
			},
			urls: { 'https://example.com/your-messenger/reply': receiver.url },
		});
		const incomingPath = String(nodeNamed(workflow, 'Incoming Message').parameters.path);
		const selartiTriggerPath = selartiTriggerPathOf(workflow);
		workflowId = await e2e.deploy(workflow, [incomingPath, selartiTriggerPath]);
		await e2e.sandbox.addWebhook(taskId, `${e2e.state.n8n.baseUrl}/webhook/${selartiTriggerPath}`);
		incomingUrl = `${e2e.state.n8n.baseUrl}/webhook/${incomingPath}`;
	});

	afterAll(async () => await receiver.close());

	const messengerKey = { [MESSENGER_KEY.name]: MESSENGER_KEY.value };

	it('refuses a message without the Header Auth key, or with a wrong one: nobody else spends your Selarti messages', async () => {
		const before = (await e2e.sandbox.calls({ workflow: 'send_message_external' })).length;
		const text = `From a stranger ${randomUUID()}`;
		const without = await http(incomingUrl, { body: { chat_id: 7, text } });
		const wrong = await http(incomingUrl, {
			body: { chat_id: 7, text },
			headers: { [MESSENGER_KEY.name]: 'a-guess' },
		});
		// n8n's Webhook node refuses both before the workflow runs (403 on 2.x and 1.x).
		expect([without.status, wrong.status]).toEqual([403, 403]);
		const after = await e2e.sandbox.calls({ workflow: 'send_message_external' });
		expect(after.slice(before).filter((call) => call.body.message === text)).toEqual([]);
	});

	it("carries a messenger's message to Selarti and posts exactly the AI reply to the reply URL, once per message", async () => {
		const texts = [`Hello via webhook ${randomUUID()}`, `And again ${randomUUID()}`];
		for (const text of texts) {
			// A messenger bridge that sends its chat id as a number: Selarti must get it as a string.
			const answer = await http(incomingUrl, {
				body: { chat_id: 42, text },
				headers: messengerKey,
			});
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
