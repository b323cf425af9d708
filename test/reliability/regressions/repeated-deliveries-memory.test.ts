import type { IDataObject } from 'n8n-workflow';

import { TriggerHarness, type Answer } from '../../support/n8n/triggerHarness';
import { selartiPayload } from '../../../harness/selartiPayload';

/*
 * Found by the webhook bursts and queue-mode tests in a real n8n: the trigger's repeated-delivery list lived only in
 * workflow static data, and
 * - deliveries handled at the same time each read the list saved before them and each save replaced it, so they
 *   erased each other's ids (1,000 webhooks from 20 senders: 99 of 100 later repeats started an execution);
 * - n8n 2.40.7 saves webhook static data only while it is still empty (WorkflowRunner re-wraps the same object and
 *   clears its change flag before LiveWebhooks saves), so only the first id ever reached the database.
 * The harness below stores static data the way n8n does; these tests replay both situations. Each workflow has received
 * one message before, unless the test is about a new workflow's first deliveries.
 */

const deliver = async (
	harness: TriggerHarness,
	messageId: string,
	mode: 'webhook' | 'manual' = 'webhook',
): Promise<Answer> => {
	const body = selartiPayload({ message_id: messageId });
	return await harness.deliver({ body, rawBody: Buffer.from(JSON.stringify(body)), mode });
};

/** A workflow that has received one message already (its static data names its history). */
const workflowInUse = async (): Promise<TriggerHarness> => {
	const harness = new TriggerHarness({});
	await deliver(harness, 'earlier message');
	return harness;
};

const started = (answers: Answer[]) =>
	answers.filter((answer) => answer.items !== undefined).length;

describe('repeated deliveries within one n8n process', () => {
	test('20 messages delivered at the same time, then each again: every repeat is recognised', async () => {
		const harness = await workflowInUse();
		const ids = Array.from({ length: 20 }, (_, index) => `burst-${index}`);
		expect(started(await Promise.all(ids.map(async (id) => await deliver(harness, id))))).toBe(20);
		// Every save carries the ids this process has seen, so the last one to land holds them all.
		expect(harness.rememberedMessageIds).toEqual(
			expect.arrayContaining(['earlier message', ...ids]),
		);
		expect(started(await Promise.all(ids.map(async (id) => await deliver(harness, id))))).toBe(0);
	});

	test("a new workflow's first deliveries, arriving together, then each again: every repeat is recognised", async () => {
		const harness = new TriggerHarness({});
		const ids = Array.from({ length: 20 }, (_, index) => `first-${index}`);
		expect(started(await Promise.all(ids.map(async (id) => await deliver(harness, id))))).toBe(20);
		expect(started(await Promise.all(ids.map(async (id) => await deliver(harness, id))))).toBe(0);
	});

	test('when n8n keeps only the first save (2.40.7), later messages are still recognised as repeats', async () => {
		const harness = new TriggerHarness({});
		await deliver(harness, 'first');
		const firstSave = structuredClone(harness.storedStaticData) as IDataObject;
		for (const id of ['second', 'third']) {
			expect((await deliver(harness, id)).items).toHaveLength(1);
			harness.storedStaticData = structuredClone(firstSave);
		}
		expect(
			started([
				await deliver(harness, 'second'),
				await deliver(harness, 'third'),
				await deliver(harness, 'first'),
			]),
		).toBe(0);
		expect((await deliver(harness, 'fourth')).items).toHaveLength(1);
	});

	test('a list saved by an earlier version (no history name), in an n8n that loses the saves, still works', async () => {
		const harness = new TriggerHarness({});
		const earlierVersion = { 'node:Selarti Trigger': { recentMessageIds: ['saved-long-ago'] } };
		for (const id of ['new-1', 'new-2']) {
			harness.storedStaticData = structuredClone(earlierVersion);
			expect((await deliver(harness, id)).items).toHaveLength(1);
		}
		harness.storedStaticData = structuredClone(earlierVersion);
		expect(
			started([await deliver(harness, 'new-1'), await deliver(harness, 'saved-long-ago')]),
		).toBe(0);
	});

	test('two deliveries of one message at the same moment start one execution', async () => {
		const harness = await workflowInUse();
		expect(started(await Promise.all([deliver(harness, 'twin'), deliver(harness, 'twin')]))).toBe(
			1,
		);
	});

	test('another workflow (its own static data) does not share the memory', async () => {
		await deliver(new TriggerHarness({}), 'shared-id');
		expect((await deliver(new TriggerHarness({}), 'shared-id')).items).toHaveLength(1);
	});

	test('test deliveries ("Listen for test event") neither use nor feed the memory', async () => {
		const harness = new TriggerHarness({});
		expect((await deliver(harness, 'tried-in-editor', 'manual')).items).toHaveLength(1);
		expect((await deliver(harness, 'tried-in-editor')).items).toHaveLength(1);
		expect((await deliver(harness, 'tried-in-editor')).items).toBeUndefined();
	});
});
