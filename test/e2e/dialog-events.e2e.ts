import { randomUUID } from 'node:crypto';

import { loadExample, selartiTriggerPathOf } from '../../harness/examples';
import { startReplyReceiver, type ReplyReceiver } from '../../harness/replyReceiver';
import { firstOutput, selartiTriggerWorkflow } from '../../harness/workflows';
import { sendMessageToSandbox } from './support/sandboxApi';
import { e2eSuite } from './support/suite';

const e2e = e2eSuite();

/** Five customer messages: the second leaves a phone number, the fourth asks for a price (the sandbox's AI tags both). */
const conversation = [
	'Hello, I saw your shop',
	'You can call me at +998 90 123 45 67',
	'Do you deliver on Sundays?',
	'What is the price of the blue one?',
	'Thanks, talk soon',
];

async function talk(taskId: string, chatId: string): Promise<void> {
	for (const text of conversation) {
		await sendMessageToSandbox(e2e.state, taskId, chatId, text);
		expect(await e2e.sandbox.waitForIdle(30_000)).toBe(true);
	}
}

describe(`n8n ${e2e.version}: the Selarti Trigger on dialog events`, () => {
	let receiver: ReplyReceiver;

	beforeAll(async () => {
		receiver = await startReplyReceiver();
	});

	afterAll(async () => await receiver.close());

	it('a conversation that raises two flags over five messages starts exactly two event executions', async () => {
		const { workflow, webhookPath } = selartiTriggerWorkflow(
			'Dialog events',
			{
				startOn: 'dialogEvents',
				dialogEvents: ['contact_received', 'interest_shown'],
				options: {},
			},
			await e2e.triggerCredential(),
		);
		const workflowId = await e2e.deploy(workflow, [webhookPath]);
		const task = await e2e.sandbox.addTask({
			webhookUrls: [`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`],
		});
		const chatId = `lead-${randomUUID()}`;
		await talk(task.id, chatId);

		// Ten deliveries (each message and the AI's answer) carry the flags; a later conversation is the barrier.
		const deliveries = await e2e.sandbox.deliveries({ chatId });
		expect(deliveries).toHaveLength(10);
		expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);
		await talk(task.id, `barrier-${randomUUID()}`);
		const executions = await e2e.waitForExecutions(workflowId, 4);
		const events = executions
			.map((execution) => firstOutput(execution, 'Selarti Trigger'))
			.filter((item) => item?.external_chat_id === chatId);
		expect(events.map((item) => item?.dialog_event).sort()).toEqual([
			'contact_received',
			'interest_shown',
		]);
		expect(events[0]).toMatchObject({
			dialog_key: expect.any(String),
			thread_id: expect.any(String),
			panel_url: expect.stringContaining('/panel/dialogs/'),
			share_url: expect.stringContaining('/share/'),
		});
		const contact = events.find((item) => item?.dialog_event === 'contact_received');
		expect(contact).toMatchObject({
			get_contact: true,
			contacts: '+998 90 123 45 67',
			message_type: 'user',
		});
	});

	it('the shipped example "Selarti leads → your CRM" posts each lead to the CRM once (examples/selarti-leads-crm.json)', async () => {
		const workflow = loadExample('selarti-leads-crm.json', {
			credentials: { selartiApi: await e2e.triggerCredential() },
			urls: { 'https://example.com/your-crm/leads': receiver.url },
		});
		const triggerPath = selartiTriggerPathOf(workflow);
		await e2e.deploy(workflow, [triggerPath]);
		const task = await e2e.sandbox.addTask({
			webhookUrls: [`${e2e.state.n8n.baseUrl}/webhook/${triggerPath}`],
		});
		const chatId = `crm-${randomUUID()}`;
		const before = receiver.requests.length;
		await talk(task.id, chatId);
		await e2e.waitFor('the lead at the CRM', async () => receiver.requests.length > before);
		// A second conversation's lead is the barrier: nothing else of the first one arrives after it.
		await talk(task.id, `crm-barrier-${randomUUID()}`);
		await e2e.waitFor(
			'the barrier lead at the CRM',
			async () => receiver.requests.length > before + 1,
		);
		const leads = receiver.requests
			.slice(before)
			.map((request) => request.body as Record<string, unknown>);
		expect(leads.filter((lead) => lead.chat_id === chatId)).toEqual([
			{
				name: expect.any(String),
				contact: '+998 90 123 45 67',
				event: 'contact_received',
				dialog_url: expect.stringContaining('/panel/dialogs/'),
				chat_id: chatId,
				task_id: task.id,
			},
		]);
	});
});
