import type { IDataObject } from 'n8n-workflow';

import {
	isRepeatedDelivery,
	RECENT_MESSAGE_IDS_CAPACITY,
} from '../../../nodes/SelartiTrigger/webhook/recent-message-ids';
import { onlyItem, selartiPayload, TriggerHarness } from './harness';

const duplicate = {
	status: 200,
	body: { message: 'Event received and skipped', reason: expect.stringMatching(/already received/) },
	items: undefined,
};

describe('Ignore Repeated Deliveries (on by default)', () => {
	it('a message_id seen before starts no second execution, also across requests (static data saved by n8n)', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload() }));
		expect(harness.rememberedMessageIds).toEqual([selartiPayload().message_id]);
		expect(await harness.deliver({ body: selartiPayload() })).toEqual(duplicate);
		expect(await harness.deliver({ body: selartiPayload({ message_id: ` ${selartiPayload().message_id as string} ` }) })).toEqual(
			duplicate,
		);
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'another message' }) }));
	});

	it('compares the normalised id: a number and its text are the same message', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 555 }) }));
		expect(await harness.deliver({ body: selartiPayload({ message_id: '555' }) })).toEqual(duplicate);
	});

	it('marks n8n static data as changed only when it remembers a new id', async () => {
		const harness = new TriggerHarness();
		await harness.deliver({ body: selartiPayload() });
		await harness.deliver({ body: selartiPayload() });
		expect(harness.staticDataSaves).toBe(1);
	});

	it('filtered events are not remembered, so they cannot hide a later genuine delivery', async () => {
		const harness = new TriggerHarness();
		expect((await harness.deliver({ body: selartiPayload({ message_type: 'user' }) })).items).toBeUndefined();
		expect(harness.rememberedMessageIds).toBeUndefined();
		expect(harness.staticDataSaves).toBe(0);
	});

	it('messages without an id are never treated as repeats', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: null }) }));
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: '' }) }));
		expect(harness.rememberedMessageIds).toBeUndefined();
	});

	it('when switched off, every delivery starts an execution and nothing is stored', async () => {
		const harness = new TriggerHarness({ options: { ignoreRepeatedDeliveries: false } });
		onlyItem(await harness.deliver({ body: selartiPayload() }));
		onlyItem(await harness.deliver({ body: selartiPayload() }));
		expect(harness.staticDataSaves).toBe(0);
	});

	it('rejected invalid payloads are not remembered, so the corrected delivery passes', async () => {
		const harness = new TriggerHarness({ options: { onInvalidPayload: 'reject' } });
		expect((await harness.deliver({ body: selartiPayload({ close: 'maybe' }) })).status).toBe(400);
		onlyItem(await harness.deliver({ body: selartiPayload() }));
	});

	it('memory is bounded: it keeps the last 1,000 ids and forgets the oldest first', async () => {
		const harness = new TriggerHarness({ messageTypes: [] });
		for (let n = 1; n <= RECENT_MESSAGE_IDS_CAPACITY + 1; n++) {
			onlyItem(await harness.deliver({ body: { message_id: `m${n}` } }));
		}
		const remembered = harness.rememberedMessageIds as string[];
		expect(remembered).toHaveLength(RECENT_MESSAGE_IDS_CAPACITY);
		expect(remembered[0]).toBe('m2');
		expect(remembered[RECENT_MESSAGE_IDS_CAPACITY - 1]).toBe(`m${RECENT_MESSAGE_IDS_CAPACITY + 1}`);
		expect(await harness.deliver({ body: { message_id: 'm2' } })).toEqual(duplicate);
		onlyItem(await harness.deliver({ body: { message_id: 'm1' } }));
	});

	it('the test URL ("Listen for test event") does not persist ids, like n8n', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload(), mode: 'manual' }));
		onlyItem(await harness.deliver({ body: selartiPayload(), mode: 'manual' }));
		expect(harness.staticDataSaves).toBe(0);
	});
});

describe('isRepeatedDelivery', () => {
	it('evicts in first-in-first-out order at the given capacity', () => {
		const staticData: IDataObject = {};
		for (const id of ['a', 'b', 'c']) expect(isRepeatedDelivery(staticData, id, 3)).toBe(false);
		expect(isRepeatedDelivery(staticData, 'a', 3)).toBe(true);
		expect(isRepeatedDelivery(staticData, 'd', 3)).toBe(false);
		expect(staticData.recentMessageIds).toEqual(['b', 'c', 'd']);
		expect(isRepeatedDelivery(staticData, 'a', 3)).toBe(false);
		expect(staticData.recentMessageIds).toEqual(['c', 'd', 'a']);
	});

	it('replaces the stored list instead of changing it in place (n8n only notices assignments)', () => {
		const original = ['a'];
		const staticData: IDataObject = { recentMessageIds: original };
		isRepeatedDelivery(staticData, 'b');
		expect(original).toEqual(['a']);
		expect(staticData.recentMessageIds).toEqual(['a', 'b']);
	});

	it('recovers from damaged static data', () => {
		const staticData: IDataObject = { recentMessageIds: 'garbage' };
		expect(isRepeatedDelivery(staticData, 'a')).toBe(false);
		expect(staticData.recentMessageIds).toEqual(['a']);
		staticData.recentMessageIds = ['a', 7, null];
		expect(isRepeatedDelivery(staticData, 'a')).toBe(true);
	});
});
