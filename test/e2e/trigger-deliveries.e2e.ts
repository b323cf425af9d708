import { randomUUID } from 'node:crypto';

import { http } from '../../harness/http';
import { sendMessageToSandbox } from './support/sandboxApi';
import { e2eSuite } from './support/suite';
import { firstOutput, selartiTriggerWorkflow } from '../../harness/workflows';
import { TRIGGER_VERSIONS } from '../../nodes/SelartiTrigger/versions';

const e2e = e2eSuite();

describe(`n8n ${e2e.version}: repeated and invalid deliveries to the Selarti Trigger`, () => {
	afterAll(async () => {
		await e2e.sandbox.setOptions({ duplicateWebhooks: false });
	});

	it('starts no second execution when Selarti delivers the same message twice', async () => {
		const { workflow, webhookPath } = selartiTriggerWorkflow(
			'Repeated deliveries',
			{
				messageTypes: ['bot', 'operator'],
				options: {},
			},
			await e2e.triggerCredential(),
		);
		const workflowId = await e2e.deploy(workflow, [webhookPath]);
		const task = await e2e.sandbox.addTask({
			webhookUrls: [`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`],
		});
		const chatId = `repeat-${randomUUID()}`;

		await e2e.sandbox.setOptions({ duplicateWebhooks: true });
		await sendMessageToSandbox(e2e.state, task.id, chatId, 'Say it twice');
		expect(await e2e.sandbox.waitForIdle(30_000)).toBe(true);
		const deliveries = await e2e.sandbox.deliveries({ chatId });
		expect(
			deliveries.map((delivery) => [delivery.messageType, delivery.copy, delivery.status]),
		).toEqual([
			['user', 1, 200],
			['user', 2, 200],
			['bot', 1, 200],
			['bot', 2, 200],
		]);

		// A later message of the same chat is a barrier: once it has run, a second execution of the repeat would be in the list.
		await e2e.sandbox.setOptions({ duplicateWebhooks: false });
		await sendMessageToSandbox(e2e.state, task.id, chatId, 'Once more, once');
		const executions = await e2e.waitForExecutions(workflowId, 2);
		expect(
			executions.map((execution) => firstOutput(execution, 'Selarti Trigger')?.message_text),
		).toEqual(['AI: Say it twice', 'AI: Once more, once']);
	});

	it.each(TRIGGER_VERSIONS)(
		'version %s: a delivery of a content type n8n does not parse is read and output',
		async (typeVersion) => {
			const { workflow, webhookPath } = selartiTriggerWorkflow(
				`Unparsed content type v${typeVersion}`,
				{ messageTypes: ['bot', 'operator'], options: {} },
				await e2e.triggerCredential(),
				typeVersion,
			);
			const workflowId = await e2e.deploy(workflow, [webhookPath]);
			const message = {
				message_type: 'bot',
				message_id: `m-${randomUUID()}`,
				message_text: 'bytes',
			};
			const answer = await http(`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`, {
				body: JSON.stringify(message),
				headers: { 'content-type': 'application/octet-stream' },
			});
			expect([answer.status, answer.body]).toEqual([
				200,
				{ status: 'accepted', message: 'Event received' },
			]);
			const [execution] = await e2e.waitForExecutions(workflowId, 1);
			expect(firstOutput(execution, 'Selarti Trigger')).toMatchObject(message);
		},
	);

	it('outputs an invalid payload with its errors and raw body by default, so it is not lost', async () => {
		const { workflow, webhookPath } = selartiTriggerWorkflow(
			'Invalid payload',
			{
				messageTypes: ['bot', 'operator'],
				options: {},
			},
			await e2e.triggerCredential(),
		);
		const workflowId = await e2e.deploy(workflow, [webhookPath]);
		const body = '[1,2,3]';
		const answer = await http(`${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`, {
			body,
			headers: { 'content-type': 'application/json' },
		});
		expect(answer.status).toBe(200);

		const [execution] = await e2e.waitForExecutions(workflowId, 1);
		const output = firstOutput(execution, 'Selarti Trigger');
		expect(output).toMatchObject({
			_rawBody: body,
			_validation: { valid: false, errors: expect.any(Array) },
		});
		expect((output?._validation as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
		// All 20 seed fields are still there for later nodes, empty.
		expect(output).toMatchObject({ message_id: null, message_text: null, is_bot: false });
	});

	it('answers 400 with the reasons and starts nothing when set to reject invalid payloads', async () => {
		const { workflow, webhookPath } = selartiTriggerWorkflow(
			'Reject invalid payload',
			{
				messageTypes: ['bot', 'operator'],
				options: { onInvalidPayload: 'reject' },
			},
			await e2e.triggerCredential(),
		);
		const workflowId = await e2e.deploy(workflow, [webhookPath]);
		const url = `${e2e.state.n8n.baseUrl}/webhook/${webhookPath}`;
		const answer = await http(url, {
			body: '[1,2,3]',
			headers: { 'content-type': 'application/json' },
		});
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({
			status: 'rejected',
			message: 'Invalid Selarti payload',
			errors: [expect.objectContaining({ field: 'body' })],
		});

		// Selarti gets JSON of one shape for every delivery (n8n's own default would answer the text "firstEntryJson").
		const skipped = await http(url, {
			body: { message_type: 'user', message_id: `m-${randomUUID()}` },
		});
		expect([skipped.status, skipped.body]).toEqual([
			200,
			{ status: 'skipped', message: 'Event received and skipped', reason: expect.any(String) },
		]);

		// Barrier: a valid event after the rejected one runs; only it is in the execution list.
		const valid = await http(url, {
			body: { message_type: 'bot', message_id: `m-${randomUUID()}`, message_text: 'valid' },
		});
		expect([valid.status, valid.body]).toEqual([
			200,
			{ status: 'accepted', message: 'Event received' },
		]);
		const executions = await e2e.waitForExecutions(workflowId, 1);
		expect(
			executions.map((execution) => firstOutput(execution, 'Selarti Trigger')?.message_text),
		).toEqual(['valid']);
	});
});
