import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { OpenRequest } from '../../../nodes/shared/waitingSends/messages';
import {
	REGISTRY_LIMITS,
	WaitingSendRegistry,
	type Collection,
	type HeldReply,
	type TriggerSetup,
} from '../../../nodes/shared/waitingSends/registry';

/** A clock whose sleeps end only when the test moves time on, or when their signal aborts. */
class ManualClock {
	time = 0;
	private sleepers = new Set<{ until: number; wake: () => void }>();

	get pending(): number {
		return this.sleepers.size;
	}

	sleep = (ms: number, signal: AbortSignal) =>
		new Promise<void>((wake, fail) => {
			if (signal.aborted) return fail(new Error('aborted'));
			const sleeper = { until: this.time + ms, wake };
			this.sleepers.add(sleeper);
			signal.addEventListener('abort', () => {
				this.sleepers.delete(sleeper);
				fail(new Error('aborted'));
			});
		});

	async advance(ms: number): Promise<void> {
		const target = this.time + ms;
		for (;;) {
			await flush();
			const due = [...this.sleepers].filter((sleeper) => sleeper.until <= target);
			if (due.length === 0) break;
			this.time = Math.max(this.time, Math.min(...due.map((sleeper) => sleeper.until)));
			for (const sleeper of due.filter((each) => each.until <= this.time)) {
				this.sleepers.delete(sleeper);
				sleeper.wake();
			}
		}
		this.time = target;
		await flush();
	}
}

const flush = async () => {
	for (let i = 0; i < 20; i++) await Promise.resolve();
};

const KEY = 'key-a';
const OTHER_KEY = 'key-b';
const conversation = (chat: string, task = 'task-1') => ({ task_id: task, chat_id: chat });
const receiving: TriggerSetup = { keyId: KEY, handsReplies: true, name: 'the trigger' };

function setup(limits: Partial<typeof REGISTRY_LIMITS> = {}) {
	const clock = new ManualClock();
	const registry = new WaitingSendRegistry(
		clock.sleep,
		{ ...REGISTRY_LIMITS, ...limits },
		() => clock.time,
	);
	registry.setReceiver('workflow/trigger', receiving);
	registry.heard('task-1', receiving);
	const givenBack: IDataObject[] = [];
	const reply = (text: string): HeldReply => {
		const json = { message_text: text };
		return {
			json,
			bytes: 100,
			giveBack: async () => void givenBack.push(json),
		};
	};
	const open = (chats: Array<string | null>, overrides: Partial<OpenRequest> = {}, key = KEY) => {
		const request: OpenRequest = {
			waitId: randomUUID(),
			conversations: chats.map((chat) => (chat === null ? null : conversation(chat))),
			waitLimitMs: 10_000,
			combineWithinMs: 0,
			...overrides,
		};
		return { waitId: request.waitId, opened: registry.open(key, request, true) };
	};
	return { clock, registry, givenBack, reply, open };
}

const texts = (collection: Collection) =>
	collection.status === 'ready'
		? collection.replies.map((replies) => replies.map((reply) => reply.message_text))
		: collection.status;

describe('the registry of waiting sends', () => {
	it('gives each conversation its replies, oldest wait first, and nothing after', async () => {
		const { registry, reply, open, clock } = setup();
		const first = open(['chat-1', 'chat-2']);
		const second = open(['chat-1']);
		expect(first.opened).toEqual({ status: 'open' });
		expect(registry.offer(KEY, conversation('chat-1'), reply('one'))).toBe(true);
		expect(registry.offer(KEY, conversation('chat-1'), reply('two'))).toBe(true);
		expect(registry.offer(KEY, conversation('chat-2'), reply('three'))).toBe(true);
		expect(registry.offer(KEY, conversation('chat-1'), reply('four'))).toBe(false);
		expect(texts(await registry.collect(KEY, first.waitId, [true, true], 1000))).toEqual([
			['one'],
			['three'],
		]);
		expect(texts(await registry.collect(KEY, second.waitId, [true], 1000))).toEqual([['two']]);
		expect(registry.size).toBe(0);
		expect(clock.pending).toBe(0);
	});

	it('combines replies that come within the quiet window, in order', async () => {
		const { registry, reply, open, clock } = setup();
		const { waitId } = open(['chat-1'], { combineWithinMs: 3000 });
		const collected = registry.collect(KEY, waitId, [true], 60_000);
		registry.offer(KEY, conversation('chat-1'), reply('part 1'));
		await clock.advance(2000);
		registry.offer(KEY, conversation('chat-1'), reply('part 2'));
		await clock.advance(2999);
		expect(registry.size).toBe(1);
		await clock.advance(1);
		expect(texts(await collected)).toEqual([['part 1', 'part 2']]);
		expect(clock.pending).toBe(0);
	});

	describe('the quiet window, learned per task', () => {
		const window = { combineWithinMs: 3000 };

		/** One answer of `parts` replies, 1 s apart; resolves with its texts and whether it came before the window. */
		async function answer(
			{ registry, reply, open, clock }: ReturnType<typeof setup>,
			chat: string,
			parts = 1,
			task = 'task-1',
		) {
			const { waitId } = open([], { ...window, conversations: [conversation(chat, task)] });
			let done = false;
			const collected = registry.collect(KEY, waitId, [true], 60_000).then((collection) => {
				done = true;
				return collection;
			});
			for (let part = 1; part <= parts; part++) {
				if (part > 1) await clock.advance(1000);
				registry.offer(KEY, conversation(chat, task), reply(`part ${part}`));
			}
			await clock.advance(0);
			const atOnce = done;
			await clock.advance(window.combineWithinMs);
			return { texts: texts(await collected), atOnce };
		}

		it('a task that answered in one message three times in a row gets its next answers at once', async () => {
			const registry = setup();
			for (const chat of ['a', 'b', 'c'])
				expect(await answer(registry, chat)).toEqual({ texts: [['part 1']], atOnce: false });
			expect(await answer(registry, 'd')).toEqual({ texts: [['part 1']], atOnce: true });
			expect(registry.clock.pending).toBe(0);
		});

		it('an answer seen in parts keeps the window for that task, whatever comes after', async () => {
			const registry = setup();
			expect(await answer(registry, 'a', 3)).toEqual({
				texts: [['part 1', 'part 2', 'part 3']],
				atOnce: false,
			});
			for (const chat of ['b', 'c', 'd', 'e'])
				expect((await answer(registry, chat)).atOnce).toBe(false);
		});

		it('a part after an answer that went out at once takes the normal path, and brings the window back', async () => {
			const registry = setup();
			for (const chat of ['a', 'b', 'c']) await answer(registry, chat);
			const { waitId } = registry.open(['d'], window);
			expect(registry.registry.offer(KEY, conversation('d'), registry.reply('part 1'))).toBe(true);
			expect(texts(await registry.registry.collect(KEY, waitId, [true], 0))).toEqual([['part 1']]);
			await registry.clock.advance(1000);
			expect(registry.registry.offer(KEY, conversation('d'), registry.reply('part 2'))).toBe(false);
			expect(await answer(registry, 'e', 2)).toEqual({
				texts: [['part 1', 'part 2']],
				atOnce: false,
			});
		});

		it('is learned per task', async () => {
			const registry = setup();
			for (const chat of ['a', 'b', 'c']) await answer(registry, chat);
			registry.registry.heard('task-2', receiving);
			expect((await answer(registry, 'x', 1, 'task-2')).atOnce).toBe(false);
			expect((await answer(registry, 'y', 1, 'task-1')).atOnce).toBe(true);
		});
	});

	it('at the limit hands over what came, and a pending collection is answered "pending" after its hold', async () => {
		const { registry, reply, open, clock } = setup();
		const { waitId } = open(['chat-1', 'chat-2']);
		registry.offer(KEY, conversation('chat-1'), reply('only one'));
		const held = registry.collect(KEY, waitId, [true, true], 5000);
		await clock.advance(5000);
		expect(await held).toEqual({ status: 'pending' });
		const again = registry.collect(KEY, waitId, [true, true], 25_000);
		await clock.advance(5000);
		expect(texts(await again)).toEqual([['only one'], []]);
		expect(clock.pending).toBe(0);
	});

	it("replies are kept per credential: another key's send never sees them", async () => {
		const { registry, reply, open } = setup();
		registry.setReceiver('workflow/other', { keyId: OTHER_KEY, handsReplies: true, name: 'other' });
		registry.heard('task-1', receiving);
		const mine = open(['chat-1']);
		const theirs = open(['chat-1'], {}, OTHER_KEY);
		expect(theirs.opened).toEqual({
			status: 'heard elsewhere',
			task: 'task-1',
			trigger: receiving,
		});
		registry.heard('task-2', { keyId: OTHER_KEY, handsReplies: true, name: 'other' });
		const theirsOnTask2 = open(
			[],
			{ conversations: [conversation('chat-1', 'task-2')] },
			OTHER_KEY,
		);
		expect(theirsOnTask2.opened).toEqual({ status: 'open' });
		expect(registry.offer(OTHER_KEY, conversation('chat-1'), reply('not for them'))).toBe(false);
		expect(registry.offer(KEY, conversation('chat-1'), reply('mine'))).toBe(true);
		expect(texts(await registry.collect(KEY, mine.waitId, [true], 1000))).toEqual([['mine']]);
		expect(registry.isWaitingFor(OTHER_KEY, conversation('chat-1', 'task-2'))).toBe(true);
		expect(await registry.collect(OTHER_KEY, mine.waitId, [true], 0)).toEqual({
			status: 'unknown',
		});
		registry.cancel(OTHER_KEY, theirsOnTask2.waitId);
	});

	it('a conversation whose message was not sent waits for nothing; its replies go back', async () => {
		const { registry, reply, open, givenBack, clock } = setup();
		const { waitId } = open(['chat-1', null, 'chat-3']);
		registry.offer(KEY, conversation('chat-3'), reply('for a failed send'));
		const collected = registry.collect(KEY, waitId, [true, false, false], 60_000);
		registry.offer(KEY, conversation('chat-1'), reply('answer'));
		expect(texts(await collected)).toEqual([['answer'], [], []]);
		await flush();
		expect(givenBack).toEqual([{ message_text: 'for a failed send' }]);
		expect(clock.pending).toBe(0);
	});

	it('a cancelled wait, and a finished one nobody collects, give their replies back', async () => {
		const { registry, reply, open, givenBack, clock } = setup();
		const cancelled = open(['chat-1']);
		registry.offer(KEY, conversation('chat-1'), reply('before the cancel'));
		expect(registry.cancel(KEY, cancelled.waitId)).toBe(true);
		await flush();
		expect(givenBack).toEqual([{ message_text: 'before the cancel' }]);
		open(['chat-2']);
		registry.offer(KEY, conversation('chat-2'), reply('never collected'));
		await clock.advance(REGISTRY_LIMITS.uncollectedMs);
		expect(givenBack).toHaveLength(2);
		expect(registry.size).toBe(0);
		expect(clock.pending).toBe(0);
	});

	it('is bounded: waits, conversations, waits per chat, replies per chat, held bytes', async () => {
		const limits = {
			waits: 3,
			conversations: 4,
			waitsPerConversation: 2,
			repliesPerConversation: 2,
			heldReplyBytes: 250,
		};
		const { registry, reply, open } = setup(limits);
		expect(open(['a']).opened.status).toBe('open');
		expect(open(['a']).opened.status).toBe('open');
		expect(open(['a']).opened).toEqual({ status: 'busy' });
		expect(open(['b', 'c', 'd']).opened).toEqual({ status: 'busy' });
		expect(open(['b']).opened.status).toBe('open');
		expect(open(['c']).opened).toEqual({ status: 'busy' });
		const { registry: other, reply: otherReply, open: otherOpen } = setup(limits);
		otherOpen(['x'], { combineWithinMs: 1000 });
		expect(other.offer(KEY, conversation('x'), otherReply('1'))).toBe(true);
		expect(other.offer(KEY, conversation('x'), otherReply('2'))).toBe(true);
		expect(other.offer(KEY, conversation('x'), otherReply('3'))).toBe(false);
		otherOpen(['y'], { combineWithinMs: 1000 });
		expect(other.offer(KEY, conversation('y'), otherReply('too many bytes'))).toBe(false);
		expect(registry.offer(KEY, conversation('b'), reply('fits'))).toBe(true);
	});

	it('says at once when no trigger of this process holds waits for the key', () => {
		const { registry, open } = setup();
		registry.setReceiver('workflow/trigger', { keyId: KEY, handsReplies: false, name: 'off' });
		expect(open(['chat-1']).opened).toEqual({ status: 'no trigger' });
		registry.setReceiver('workflow/trigger', undefined);
		expect(registry.hasReceivers()).toBe(false);
		expect(open(['chat-1']).opened).toEqual({ status: 'no trigger' });
	});

	it('says at once when Selarti delivers the task to a trigger that cannot hand replies over', () => {
		const { registry, open } = setup();
		const withoutCredential = { keyId: undefined, handsReplies: false, name: 'old trigger' };
		registry.heard('task-9', withoutCredential);
		expect(open([], { conversations: [conversation('chat-1', 'task-9')] }).opened).toEqual({
			status: 'heard elsewhere',
			task: 'task-9',
			trigger: withoutCredential,
		});
	});

	it('a task never heard of waits on probation: unheard at its end, heard once a delivery comes', async () => {
		const { registry, reply, open, clock } = setup();
		const onProbation = { waitLimitMs: 60_000 };
		const unheard = open([], {
			...onProbation,
			conversations: [conversation('chat-1', 'task-new')],
		});
		expect(unheard.opened).toEqual({ status: 'open' });
		const collected = registry.collect(KEY, unheard.waitId, [true], 60_000);
		await clock.advance(REGISTRY_LIMITS.probationMs);
		expect(await collected).toEqual({
			status: 'ready',
			replies: [[]],
			unheard: ['task-new'],
		});
		const heard = open([], {
			...onProbation,
			conversations: [conversation('chat-1', 'task-later')],
		});
		registry.heard('task-later', receiving);
		await clock.advance(REGISTRY_LIMITS.probationMs);
		expect(registry.offer(KEY, conversation('chat-1', 'task-later'), reply('AI'))).toBe(true);
		expect(await registry.collect(KEY, heard.waitId, [true], 0)).toMatchObject({ unheard: [] });
		expect(clock.pending).toBe(0);
	});

	it('a trigger set up anew forgets which trigger each task was delivered to', () => {
		const { registry, open } = setup();
		registry.heard('task-9', { keyId: undefined, handsReplies: false, name: 'old' });
		registry.setReceiver('workflow/fixed', receiving);
		const { waitId, opened } = open([], { conversations: [conversation('chat-1', 'task-9')] });
		expect(opened).toEqual({ status: 'open' });
		registry.cancel(KEY, waitId);
	});
});
