import { randomUUID } from 'node:crypto';

import { http } from '../../harness/http';
import { sendMessageToSandbox } from './support/sandboxApi';
import { e2eSuite } from './support/suite';
import { TEST_WEBHOOK_SECRET, firstOutput, selartiTriggerWorkflow } from '../../harness/workflows';

const e2e = e2eSuite();

describe(`n8n ${e2e.version}: the Selarti Trigger's secret (the Webhook Secret of its credential)`, () => {
	const secret = TEST_WEBHOOK_SECRET;
	let workflowId: string;
	let webhookUrl: string;

	beforeAll(async () => {
		const { workflow, webhookPath } = selartiTriggerWorkflow(
			'Secret',
			{ messageTypes: ['bot', 'operator'], options: {} },
			await e2e.triggerCredential(),
		);
		workflowId = await e2e.deploy(workflow, [webhookPath]);
		// The URL without its query: each case below adds its own.
		webhookUrl = `${e2e.state.n8n.baseUrl}/webhook/${webhookPath.split('?')[0]}`;
	});

	it('answers 401 without the secret and 403 with a wrong one (also one differing only in its last character), and starts one execution only with the right one', async () => {
		const withSecret = (value: string) => `${webhookUrl}?secret=${encodeURIComponent(value)}`;
		const urls = {
			missing: webhookUrl,
			wrong: withSecret('not-the-secret'),
			lastCharacter: withSecret(`${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`),
			longer: withSecret(`${secret}0`),
			right: withSecret(secret),
		};
		// Selarti's "All messages" integrations, one per URL, all on one task.
		const task = await e2e.sandbox.addTask({ webhookUrls: Object.values(urls) });
		const chatId = `secret-${randomUUID()}`;
		await sendMessageToSandbox(e2e.state, task.id, chatId, 'Is my secret safe?');

		expect(await e2e.sandbox.waitForIdle(30_000)).toBe(true);
		const deliveries = await e2e.sandbox.deliveries({ chatId });
		const statusOf = (url: string, messageType: string) =>
			deliveries.find((delivery) => delivery.url === url && delivery.messageType === messageType)
				?.status;
		expect(
			Object.fromEntries(
				Object.entries(urls).map(([name, url]) => [
					name,
					[statusOf(url, 'user'), statusOf(url, 'bot')],
				]),
			),
		).toEqual({
			missing: [401, 401],
			wrong: [403, 403],
			lastCharacter: [403, 403],
			longer: [403, 403],
			// The user's own message is filtered (200, no execution); the AI's answer runs the workflow.
			right: [200, 200],
		});

		const executions = await e2e.waitForExecutions(workflowId, 1);
		expect(executions).toHaveLength(1);
		expect(firstOutput(executions[0], 'Selarti Trigger')).toMatchObject({
			external_chat_id: chatId,
			message_type: 'bot',
		});
	});

	it('does not reveal the secret in its rejection', async () => {
		const answer = await http(`${webhookUrl}?secret=wrong`, {
			body: { message_type: 'bot', message_id: randomUUID() },
		});
		expect(answer.status).toBe(403);
		expect(answer.text).not.toContain(secret);
	});
});
