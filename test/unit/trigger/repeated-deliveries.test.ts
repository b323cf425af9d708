import type { IDataObject } from 'n8n-workflow';

import {
	isRepeatedDelivery,
	recentIdsCheck,
	RECENT_MESSAGE_IDS_CAPACITY,
} from '../../../nodes/SelartiTrigger/repeatedDeliveries/webhookCheck';
import type { SelartiTrigger } from '../../../nodes/SelartiTrigger/SelartiTrigger.node';
import { onlyItem, TriggerHarness } from '../../support/n8n/triggerHarness';
import { selartiPayload } from '../../../harness/selartiPayload';

const duplicate = {
	status: 200,
	body: {
		status: 'skipped',
		message: 'Event received and skipped',
		reason: expect.stringMatching(/already received/),
	},
	items: undefined,
};

describe('Ignore Repeated Deliveries (on by default)', () => {
	it('a message_id seen before starts no second execution, also across requests (static data saved by n8n)', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload() }));
		expect(harness.rememberedMessageIds).toEqual([selartiPayload().message_id]);
		expect(await harness.deliver({ body: selartiPayload() })).toEqual(duplicate);
		expect(
			await harness.deliver({
				body: selartiPayload({ message_id: ` ${selartiPayload().message_id as string} ` }),
			}),
		).toEqual(duplicate);
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'another message' }) }));
	});

	it('compares the normalised id: a number and its text are the same message', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 555 }) }));
		expect(await harness.deliver({ body: selartiPayload({ message_id: '555' }) })).toEqual(
			duplicate,
		);
	});

	it('marks n8n static data as changed only when it remembers a new id', async () => {
		const harness = new TriggerHarness();
		await harness.deliver({ body: selartiPayload() });
		await harness.deliver({ body: selartiPayload() });
		expect(harness.staticDataSaves).toBe(1);
	});

	it('filtered events are not remembered, so they cannot hide a later genuine delivery', async () => {
		const harness = new TriggerHarness();
		expect(
			(await harness.deliver({ body: selartiPayload({ message_type: 'user' }) })).items,
		).toBeUndefined();
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

describe("Ignore Repeated Deliveries in the execution (n8n's deduplication store, shared by every n8n process)", () => {
	/** The message ids in the store, without the entries naming the execution that took each. */
	const messagesIn = (harness: TriggerHarness) =>
		[...harness.deduplicationStore.entries.values()]
			.flat()
			.filter((entry) => !entry.includes(' (execution '));

	/** The same workflow in a second n8n process (the node's module loaded again), whose static data lacks the id. */
	const anotherProcess = (first: TriggerHarness): TriggerHarness => {
		let trigger: SelartiTrigger | undefined;
		jest.isolateModules(() => {
			trigger = new (jest.requireActual<
				typeof import('../../../nodes/SelartiTrigger/SelartiTrigger.node')
			>('../../../nodes/SelartiTrigger/SelartiTrigger.node').SelartiTrigger)();
		});
		return new TriggerHarness({}, { workflow: first, trigger });
	};

	it('a repeat that reached another n8n process starts an execution that stops at the trigger with no item, and says why', async () => {
		const first = new TriggerHarness();
		onlyItem(await first.deliver({ body: selartiPayload() }));
		const repeat = await anotherProcess(first).deliver({ body: selartiPayload() });
		expect(repeat.items).toEqual([]);
		expect(repeat.hints).toEqual([
			{
				message: expect.stringMatching(
					/^Message 1721129985149x478019552540622004 was received before \(Selarti delivered it again\): skipped/,
				),
				type: 'info',
				location: 'outputPane',
			},
		]);
	});

	it('records each production delivery once, under this node, keeping the last 1,000', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'm1' }) }));
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'm2' }) }));
		expect([...harness.deduplicationStore.entries]).toEqual([
			[
				`${harness.workflowId}/n:a4f0c2de-3b1f-4f67-9d7e-2f4f9f0b1c11`,
				[
					'm1',
					expect.stringMatching(/^m1 \(execution execution-\d+\)$/),
					'm2',
					expect.stringMatching(/^m2 \(execution execution-\d+\)$/),
				],
			],
		]);
	});

	it('an execution run again (queue mode, after a stalled worker) outputs its message again: it is not a repeat', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'stalled' }) }));
		expect((await harness.runLastExecutionAgain()).items).toHaveLength(1);
		expect(
			(await anotherProcess(harness).deliver({ body: selartiPayload({ message_id: 'stalled' }) }))
				.items,
		).toEqual([]);
	});

	it('test events ("Listen for test event"), messages without an id and a switched-off option are not checked', async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload(), mode: 'manual' }));
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: null }) }));
		const switchedOff = new TriggerHarness(
			{ options: { ignoreRepeatedDeliveries: false } },
			{ workflow: harness },
		);
		onlyItem(await switchedOff.deliver({ body: selartiPayload() }));
		onlyItem(await switchedOff.deliver({ body: selartiPayload() }));
		expect(harness.deduplicationStore.checks).toBe(0);
	});

	it("restores its records that another process's write erased, with its next check", async () => {
		const harness = new TriggerHarness();
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'm1' }) }));
		harness.deduplicationStore.entries.clear();
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'm2' }) }));
		expect(messagesIn(harness)).toEqual(['m2', 'm1']);
		const repeat = await anotherProcess(harness).deliver({
			body: selartiPayload({ message_id: 'm1' }),
		});
		expect(repeat.items).toEqual([]);
	});

	it('alone in the store, one check per message: one read and one write', async () => {
		const harness = new TriggerHarness();
		for (const id of ['a', 'b', 'c'])
			onlyItem(await harness.deliver({ body: selartiPayload({ message_id: id }) }));
		expect(harness.deduplicationStore.checks).toBe(3);
	});

	it('once another process writes the store, confirms each new record, again while another write erases it', async () => {
		const harness = new TriggerHarness();
		onlyItem(
			await anotherProcess(harness).deliver({
				body: selartiPayload({ message_id: 'from-the-other-process' }),
			}),
		);
		expect(
			(await harness.deliver({ body: selartiPayload({ message_id: 'from-the-other-process' }) }))
				.items,
		).toEqual([]);
		const checksBefore = harness.deduplicationStore.checks;
		harness.deduplicationStore.eraseAfterNextWrites = 3;
		onlyItem(await harness.deliver({ body: selartiPayload({ message_id: 'erased-three-times' }) }));
		expect(harness.deduplicationStore.checks - checksBefore).toBe(5);
		expect([...harness.deduplicationStore.entries.values()][0]).toContain('erased-three-times');
		expect(
			(
				await anotherProcess(harness).deliver({
					body: selartiPayload({ message_id: 'erased-three-times' }),
				})
			).items,
		).toEqual([]);
	});

	it('a confirmation that fails changes nothing: the message was answered already; a repeat is not confirmed', async () => {
		const harness = new TriggerHarness();
		await anotherProcess(harness).deliver({
			body: selartiPayload({ message_id: 'from-the-other-process' }),
		});
		await harness.deliver({ body: selartiPayload({ message_id: 'from-the-other-process' }) });
		const store = harness.deduplicationStore;
		const check = store.checkProcessedAndRecord.bind(store);
		let calls = 0;
		jest
			.spyOn(store, 'checkProcessedAndRecord')
			.mockImplementation(async (...args) =>
				++calls === 1 ? await check(...args) : await Promise.reject(new Error('database gone')),
			);
		const answer = await harness.deliver({ body: selartiPayload({ message_id: 'confirm-fails' }) });
		expect({
			items: answer.items?.length,
			hints: answer.hints,
			confirmationTried: calls > 1,
		}).toEqual({ items: 1, hints: [], confirmationTried: true });
		jest.restoreAllMocks();
		const checksBefore = store.checks;
		expect(
			(
				await anotherProcess(harness).deliver({
					body: selartiPayload({ message_id: 'confirm-fails' }),
				})
			).items,
		).toEqual([]);
		expect(store.checks - checksBefore).toBe(1);
	});

	it('checks of one node run one at a time in a process, so 20 deliveries at once keep all 20 records', async () => {
		const harness = new TriggerHarness();
		const process2 = anotherProcess(harness);
		const ids = Array.from({ length: 20 }, (_, index) => `at-once-${index}`);
		const answers = await Promise.all(
			ids.map(async (id) => await process2.deliver({ body: selartiPayload({ message_id: id }) })),
		);
		expect(answers.map((answer) => answer.items?.length)).toEqual(ids.map(() => 1));
		expect([...harness.deduplicationStore.entries.values()][0]).toEqual(
			expect.arrayContaining(ids),
		);
		const repeats = await Promise.all(
			ids.map(
				async (id) =>
					await anotherProcess(harness).deliver({ body: selartiPayload({ message_id: id }) }),
			),
		);
		expect(repeats.map((answer) => answer.items)).toEqual(ids.map(() => []));
	});

	it('tries again once when the store fails (two first deliveries creating its row at the same moment)', async () => {
		const harness = new TriggerHarness();
		harness.deduplicationStore.failNextChecks = 1;
		const answer = await harness.deliver({ body: selartiPayload() });
		expect(answer.items).toHaveLength(1);
		expect(answer.hints).toEqual([]);
		expect(messagesIn(harness)).toEqual([selartiPayload().message_id]);
	});

	it('passes the message on, with a warning, when the store cannot answer: a message is never lost to the check', async () => {
		const harness = new TriggerHarness();
		harness.deduplicationStore.failNextChecks = 2;
		const answer = await harness.deliver({ body: selartiPayload() });
		expect(answer.items).toHaveLength(1);
		expect(answer.hints).toEqual([
			{
				message:
					'Could not check whether this message was received before (SQLITE_BUSY: database is locked); it was passed on',
				type: 'warning',
				location: 'outputPane',
			},
		]);
	});
});

describe('isRepeatedDelivery', () => {
	it('evicts in first-in-first-out order at the given capacity', () => {
		const staticData: IDataObject = {};
		const isRepeatedAmongThree = recentIdsCheck(3);
		for (const id of ['a', 'b', 'c']) expect(isRepeatedAmongThree(staticData, id)).toBe(false);
		expect(isRepeatedAmongThree(staticData, 'a')).toBe(true);
		expect(isRepeatedAmongThree(staticData, 'd')).toBe(false);
		expect(staticData.recentMessageIds).toEqual(['b', 'c', 'd']);
		expect(isRepeatedAmongThree(staticData, 'a')).toBe(false);
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
