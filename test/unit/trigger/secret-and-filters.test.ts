import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HARNESS_CREDENTIALS, onlyItem, TriggerHarness } from '../../support/n8n/triggerHarness';
import { selartiPayload } from '../../../harness/selartiPayload';

function skippedBecause(reason: RegExp) {
	return {
		status: 200,
		body: {
			status: 'skipped',
			message: 'Event received and skipped',
			reason: expect.stringMatching(reason),
		},
		items: undefined,
	};
}

describe("Secret (the Webhook Secret of the trigger's Selarti API credential)", () => {
	const secret = 'kV9#mQ2-selarti-webhook';
	const withSecret = new TriggerHarness(
		{},
		{ credentials: { ...HARNESS_CREDENTIALS, webhookSecret: secret } },
	);

	it('a matching ?secret= starts the workflow', async () => {
		const answer = await withSecret.deliver({ body: selartiPayload(), query: { secret } });
		expect(onlyItem(answer).message_id).toBe(selartiPayload().message_id);
	});

	it.each([
		['no secret parameter', {}],
		['an empty secret parameter', { secret: '' }],
	])('%s is answered 401 and starts nothing', async (_case, query) => {
		const answer = await withSecret.deliver({ body: selartiPayload(), query });
		expect(answer).toEqual({
			status: 401,
			body: { status: 'rejected', message: expect.stringMatching(/missing secret/i) },
			items: undefined,
		});
	});

	it.each([
		['a wrong secret of the same length', 'kV9#mQ2-selarti-webhooX'],
		['a shorter secret', 'kV9'],
		['a longer secret', 'kV9#mQ2-selarti-webhook-and-more'],
		['the secret with different case', 'KV9#MQ2-SELARTI-WEBHOOK'],
		['the secret with a trailing space', 'kV9#mQ2-selarti-webhook '],
		['the secret given twice (a list)', [secret, secret]],
	])('%s is answered 403 and starts nothing', async (_case, given) => {
		const answer = await withSecret.deliver({ body: selartiPayload(), query: { secret: given } });
		expect(answer).toEqual({
			status: 403,
			body: { status: 'rejected', message: expect.stringMatching(/wrong secret/i) },
			items: undefined,
		});
	});

	it('a rejected call remembers nothing, so the genuine delivery of that message still starts the workflow', async () => {
		const harness = new TriggerHarness({});
		expect(
			(await harness.deliver({ body: selartiPayload(), query: { secret: 'guess' } })).status,
		).toBe(403);
		expect(harness.staticDataSaves).toBe(0);
		onlyItem(await harness.deliver({ body: selartiPayload() }));
	});

	it('without a credential, or with a Webhook Secret shorter than 16 characters, nothing is taken', async () => {
		const noCredential = new TriggerHarness({}, { credentials: null });
		expect(await noCredential.deliver({ body: selartiPayload(), query: {} })).toEqual({
			status: 401,
			body: {
				status: 'rejected',
				message:
					'Select a Selarti API credential in the Selarti Trigger: the one your Selarti nodes use, with a Webhook Secret',
			},
			items: undefined,
		});
		const short = new TriggerHarness(
			{},
			{ credentials: { ...HARNESS_CREDENTIALS, webhookSecret: 'short' } },
		);
		expect(
			await short.deliver({ body: selartiPayload(), query: { secret: 'short' } }),
		).toMatchObject({
			status: 401,
			body: { message: expect.stringMatching(/has no Webhook Secret \(at least 16 characters\)/) },
		});
	});

	it("a Secret parameter left from 0.1.0 opens nothing: the credential's Webhook Secret is what counts", async () => {
		const old = new TriggerHarness({ secret: 'old-parameter-secret' });
		expect(
			(await old.deliver({ body: selartiPayload(), query: { secret: 'old-parameter-secret' } }))
				.status,
		).toBe(403);
		onlyItem(await old.deliver({ body: selartiPayload() }));
	});

	it('is checked before the body: an unauthorised call with an invalid body is 401, not 400', async () => {
		const harness = new TriggerHarness({ options: { onInvalidPayload: 'reject' } });
		expect((await harness.deliver({ body: [1, 2], query: {} })).status).toBe(401);
	});
});

describe('Filters: a filtered event answers 200 and starts no execution', () => {
	async function deliverTo(parameters: INodeParameters, overrides: IDataObject) {
		return await new TriggerHarness(parameters).deliver({ body: selartiPayload(overrides) });
	}

	describe('Message Types', () => {
		it('by default the AI (bot) and operators start the workflow, the customer (user) does not', async () => {
			onlyItem(await deliverTo({}, { message_type: 'bot' }));
			onlyItem(await deliverTo({}, { message_type: 'operator' }));
			expect(await deliverTo({}, { message_type: 'user' })).toEqual(
				skippedBecause(/message type "user"/),
			);
		});

		it('compares the normalised type (spaces and case do not matter)', async () => {
			onlyItem(await deliverTo({}, { message_type: '  BOT ' }));
			expect(await deliverTo({}, { message_type: ' User' })).toEqual(skippedBecause(/"user"/));
		});

		it('accepts exactly the selected types', async () => {
			const onlyUser = { messageTypes: ['user'] };
			onlyItem(await deliverTo(onlyUser, { message_type: 'user' }));
			expect(await deliverTo(onlyUser, { message_type: 'bot' })).toEqual(skippedBecause(/"bot"/));
		});

		it('skips unknown types and messages without a type, unless no type is selected', async () => {
			expect(await deliverTo({}, { message_type: 'system' })).toEqual(skippedBecause(/"system"/));
			expect(await deliverTo({}, { message_type: null })).toEqual(
				skippedBecause(/message type ""/),
			);
			onlyItem(await deliverTo({ messageTypes: [] }, { message_type: 'system' }));
			onlyItem(await deliverTo({ messageTypes: [] }, { message_type: undefined }));
		});
	});

	describe('Task IDs', () => {
		const twoTasks = {
			options: { taskIds: ' 1721129985149x478019552540622850 ,1721129985149x478019552540622999,' },
		};

		it('accepts the listed tasks (comma-separated, spaces ignored) and skips others', async () => {
			onlyItem(await deliverTo(twoTasks, { task_id: '1721129985149x478019552540622850' }));
			onlyItem(await deliverTo(twoTasks, { task_id: '1721129985149x478019552540622999' }));
			expect(await deliverTo(twoTasks, { task_id: '1721129985149x000000000000000000' })).toEqual(
				skippedBecause(/task/),
			);
			expect(await deliverTo(twoTasks, { task_id: null })).toEqual(skippedBecause(/task ""/));
		});

		it('an empty list accepts every task', async () => {
			onlyItem(await deliverTo({ options: { taskIds: ' , ' } }, { task_id: 'anything' }));
		});
	});

	describe('Webhook Types', () => {
		const allMessages = { options: { webhookTypes: 'all_messages, new_message' } };

		it('accepts the listed wh_type values, ignoring case, and skips others', async () => {
			onlyItem(await deliverTo(allMessages, { wh_type: 'ALL_MESSAGES' }));
			onlyItem(await deliverTo(allMessages, { wh_type: 'new_message' }));
			expect(await deliverTo(allMessages, { wh_type: 'success' })).toEqual(
				skippedBecause(/webhook type "success"/),
			);
		});
	});

	describe.each([
		['skipBotDialogs', 'is_bot', /bot/],
		['skipOperatorDialogs', 'operator', /operator/],
		['skipClosedDialogs', 'close', /closed/],
	])('%s', (option, flag, reason) => {
		it(`skips dialogs whose ${flag} is yes in any spelling`, async () => {
			for (const yes of [true, 'yes', 'true', '1', 1]) {
				expect(await deliverTo({ options: { [option]: true } }, { [flag]: yes })).toEqual(
					skippedBecause(reason),
				);
			}
		});

		it(`starts the workflow when ${flag} is no`, async () => {
			onlyItem(await deliverTo({ options: { [option]: true } }, { [flag]: 'no' }));
		});

		it(`is off by default: ${flag} yes still starts the workflow`, async () => {
			onlyItem(await deliverTo({}, { [flag]: true }));
		});
	});

	it('a malformed field never causes a skip: the event is output with its errors instead of vanishing', async () => {
		const strict = {
			options: { taskIds: '1721129985149x478019552540622850', skipClosedDialogs: true },
		};
		const json = onlyItem(await deliverTo(strict, { task_id: { id: 'x' }, close: 'maybe' }));
		expect(json.task_id).toBeNull();
		expect(json._validation).toMatchObject({ valid: false });
	});

	it('an unreadable body is output, not filtered, even though it has no message type', async () => {
		const json = onlyItem(await new TriggerHarness({}).deliver({ body: 'not a payload' }));
		expect(json.message_type).toBeNull();
		expect(json._validation).toMatchObject({ errors: [{ field: 'body' }] });
	});

	it('filters combine: every active filter must accept the event', async () => {
		const strict = { messageTypes: ['bot'], options: { taskIds: 'T1', skipOperatorDialogs: true } };
		onlyItem(await deliverTo(strict, { message_type: 'bot', task_id: 'T1', operator: false }));
		expect(
			(await deliverTo(strict, { message_type: 'bot', task_id: 'T1', operator: 'yes' })).items,
		).toBeUndefined();
		expect(
			(await deliverTo(strict, { message_type: 'bot', task_id: 'T2', operator: false })).items,
		).toBeUndefined();
	});
});
