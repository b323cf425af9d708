import { randomUUID } from 'node:crypto';

import {
	loadExample,
	nodeNamed,
	productionWebhookPath,
	selartiTriggerPathOf,
} from '../../harness/examples';
import type { Workflow } from '../../harness/n8nClient';
import { e2eSuite } from './support/suite';

const e2e = e2eSuite();
const chatId = 42;

describe(`n8n ${e2e.version}: the shipped example "Telegram ↔ Selarti" (examples/telegram-selarti.json)`, () => {
	let workflow: Workflow;
	let workflowId: string;
	let taskId: string;

	beforeAll(async () => {
		taskId = (await e2e.sandbox.addTask({})).id;
		workflow = loadExample('telegram-selarti.json', {
			taskId,
			credentials: {
				selartiApi: await e2e.createSelartiCredential(),
				telegramApi: await e2e.createTelegramCredential(),
			},
		});
		const selartiTriggerPath = selartiTriggerPathOf(workflow);
		const telegramTriggerPath = productionWebhookPath(nodeNamed(workflow, 'Telegram Trigger'));
		workflowId = await e2e.deploy(workflow, [selartiTriggerPath, telegramTriggerPath]);
		// What the user does by hand in the Selarti panel: an "All messages" integration with the trigger's production URL.
		await e2e.sandbox.addWebhook(taskId, `${e2e.state.n8n.baseUrl}/webhook/${selartiTriggerPath}`);
		// The Telegram Trigger registered itself with (fake) Telegram on activation.
		await e2e.waitFor('the Telegram Trigger to call setWebhook', async () =>
			(await e2e.telegram.webhooks()).some(
				(hook) =>
					hook.url === `${e2e.state.n8n.baseUrl}/webhook/${telegramTriggerPath}` &&
					hook.hasSecretToken,
			),
		);
	});

	it('carries a Telegram message to Selarti and sends exactly the AI reply back to the same chat, once per message', async () => {
		const sentBefore = (await e2e.telegram.sentMessages()).at(-1)?.seq ?? 0;
		const texts = [`Hello from chat 42 ${randomUUID()}`, `Second question ${randomUUID()}`];

		for (const text of texts) {
			const posted = await e2e.telegram.postUpdate({ chatId, text });
			expect(posted.status).toBe(200);
			// Selarti got the message with the Telegram chat id as chat_id, as a string.
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

		// Each message makes two webhooks (the user's own words, then the AI's answer): only the answer may come back.
		await e2e.waitFor('both AI replies in Telegram chat 42', async () => {
			const sent = await e2e.telegram.sentMessages({ chatId, since: sentBefore });
			return sent.length >= texts.length;
		});
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

		// Two Telegram messages and two AI replies started executions; the user webhooks started none.
		const executions = await e2e.waitForExecutions(workflowId, 4);
		expect(executions.map((execution) => execution.status)).toEqual([
			'success',
			'success',
			'success',
			'success',
		]);
		const sent = await e2e.telegram.sentMessages({ chatId, since: sentBefore });
		expect(sent.map((message) => message.text)).toEqual(texts.map((text) => `AI: ${text}`));

		// What the user sees in n8n's execution list: the trigger's typed output (the sandbox sends flags as "yes"/"no").
		const triggerOutputs = executions.flatMap(
			(execution) => execution.data?.resultData.runData['Selarti Trigger'] ?? [],
		);
		expect(triggerOutputs).toHaveLength(2);
		expect(triggerOutputs[0].data?.main[0]?.[0].json).toMatchObject({
			message_type: 'bot',
			external_chat_id: '42',
			task_id: taskId,
			message_text: `AI: ${texts[0]}`,
			is_bot: false,
			close: false,
		});
	});
});
