import { TriggerHarness } from '../../support/n8n/triggerHarness';
import {
	MAX_REMEMBERED_ID_LENGTH,
	RECENT_MESSAGE_IDS_CAPACITY,
} from '../../../nodes/SelartiTrigger/repeatedDeliveries/webhookCheck';
import { selartiPayload } from '../../../harness/selartiPayload';

/*
 * Found by the fuzzing (1 MB strings): the repeated-delivery memory stored message ids as received, so a sender could
 * make the workflow's static data — written to n8n's database after every delivery — grow to 1,000 × the body limit.
 */

const deliver = async (harness: TriggerHarness, messageId: string) => {
	const body = selartiPayload({ message_id: messageId });
	return await harness.deliver({ body, rawBody: Buffer.from(JSON.stringify(body)) });
};

describe('repeated-delivery memory with long message ids', () => {
	test('a 1 MB message id is remembered in a few bytes and its repeat is still recognised', async () => {
		const harness = new TriggerHarness({});
		const hugeId = 'x'.repeat(1024 * 1024);

		expect((await deliver(harness, hugeId)).items).toHaveLength(1);
		expect(JSON.stringify(harness.storedStaticData).length).toBeLessThan(300);

		const repeat = await deliver(harness, hugeId);
		expect(repeat.items).toBeUndefined();
		expect(repeat.body).toMatchObject({ reason: expect.stringMatching(/already received/) });
	});

	test('two long ids that differ only in their last character are two messages', async () => {
		const harness = new TriggerHarness({});
		const prefix = 'y'.repeat(MAX_REMEMBERED_ID_LENGTH * 4);
		expect((await deliver(harness, `${prefix}a`)).items).toHaveLength(1);
		expect((await deliver(harness, `${prefix}b`)).items).toHaveLength(1);
	});

	test('ids up to the limit are kept as they are', async () => {
		const harness = new TriggerHarness({});
		const id = 'z'.repeat(MAX_REMEMBERED_ID_LENGTH);
		await deliver(harness, id);
		expect(harness.rememberedMessageIds).toEqual([id]);
	});

	test('a full memory of 10 KB ids stays under a megabyte (it held 10 MB before)', async () => {
		const harness = new TriggerHarness({});
		const base = 'w'.repeat(10 * 1024);
		for (let n = 0; n < RECENT_MESSAGE_IDS_CAPACITY + 5; n += 1)
			await deliver(harness, `${base}${n}`);
		expect(harness.rememberedMessageIds).toHaveLength(RECENT_MESSAGE_IDS_CAPACITY);
		expect(JSON.stringify(harness.storedStaticData).length).toBeLessThan(1024 * 1024);
	});
});
