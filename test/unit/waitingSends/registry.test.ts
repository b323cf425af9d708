import type { IDataObject } from 'n8n-workflow';

import {
	WaitingSendRegistry,
	type HeldReply,
	type Poster,
	type RegistryClock,
} from '../../../nodes/shared/waitingSends/registry';
import type { Registration } from '../../../nodes/shared/waitingSends/protocol';

/** A clock whose sleeps end only when the test moves time on. */
class ManualClock implements RegistryClock {
	time = 0;
	private sleepers: Array<{ until: number; wake: () => void }> = [];

	now = () => this.time;

	sleep = (ms: number) =>
		new Promise<void>((wake) => this.sleepers.push({ until: this.time + ms, wake }));

	async advance(ms: number): Promise<void> {
		const target = this.time + ms;
		for (;;) {
			await flush();
			const due = this.sleepers.filter((sleeper) => sleeper.until <= target);
			if (due.length === 0) break;
			const next = Math.min(...due.map((sleeper) => sleeper.until));
			this.time = Math.max(this.time, next);
			const waking = this.sleepers.filter((sleeper) => sleeper.until <= this.time);
			this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.time);
			waking.forEach((sleeper) => sleeper.wake());
		}
		this.time = target;
		await flush();
	}
}

const flush = async () => {
	for (let i = 0; i < 20; i++) await Promise.resolve();
};

interface Posted {
	url: string;
	body: IDataObject;
}

function resumeServer(statuses: number[] = []) {
	const posted: Posted[] = [];
	const poster: Poster = async (url, body) => {
		posted.push({ url, body });
		return statuses.shift() ?? 200;
	};
	return { posted, poster };
}

const conversation = (chat: string) => ({ task_id: 'task-1', chat_id: chat });

function registration(overrides: Partial<Registration> = {}): Registration {
	return {
		action: 'register',
		resumeUrl: 'http://n8n/webhook-waiting/1/node?signature=s',
		token: 'token-token-token-1',
		waitLimitMs: 60_000,
		handOver: 'resume',
		combineWithinMs: 2_000,
		conversations: [conversation('chat-1')],
		...overrides,
	};
}

const sent = (chat: string, message = 'Hi'): IDataObject => ({
	task_id: 'task-1',
	chat_id: chat,
	message,
	response: { status: 'success' },
});

function reply(text: string, givenBack: string[] = []): HeldReply {
	return {
		json: {
			message_text: text,
			message_type: 'bot',
			external_chat_id: 'chat-1',
			task_id: 'task-1',
		},
		giveBack: async () => void givenBack.push(text),
	};
}

const items = (posted: Posted[]) => posted.map((post) => post.body.items as IDataObject[]);

describe('waiting sends: the registry of one n8n process', () => {
	let clock: ManualClock;
	let registry: WaitingSendRegistry;

	beforeEach(() => {
		clock = new ManualClock();
		registry = new WaitingSendRegistry(clock, {
			maxWaits: 3,
			handOverRetryMs: 5_000,
			handOverRetryDelayMs: 500,
			handOverMaxRetryDelayMs: 1_000,
			uncollectedMs: 60_000,
		});
	});

	it('hands the reply over once no other came for Combine Replies Within, with the token and what was sent', async () => {
		const { posted, poster } = resumeServer();
		registry.register(registration(), poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		expect(registry.offer(conversation('chat-1'), reply('AI: Hi'), poster)).toBe(true);
		await clock.advance(1_999);
		expect(posted).toEqual([]);
		await clock.advance(1);
		expect(posted).toHaveLength(1);
		expect(posted[0].url).toBe(registration().resumeUrl);
		expect(posted[0].body.token).toBe('token-token-token-1');
		expect(items(posted)[0]).toEqual([
			expect.objectContaining({
				replied: true,
				reply_text: 'AI: Hi',
				message_type: 'bot',
				sent: sent('chat-1'),
			}),
		]);
		expect(registry.size).toBe(0);
	});

	it('combines replies that come within the window, in order; a reply after the hand-over is not taken', async () => {
		const { posted, poster } = resumeServer();
		registry.register(registration(), poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		for (const text of ['one', 'two', 'three']) {
			expect(registry.offer(conversation('chat-1'), reply(text), poster)).toBe(true);
			await clock.advance(1_500);
		}
		expect(posted).toEqual([]);
		await clock.advance(500);
		expect(items(posted)[0][0]).toMatchObject({ reply_text: 'one\ntwo\nthree' });
		expect((items(posted)[0][0].replies as IDataObject[]).map((r) => r.message_text)).toEqual([
			'one',
			'two',
			'three',
		]);
		expect(registry.offer(conversation('chat-1'), reply('four'), poster)).toBe(false);
	});

	it('with Combine Replies Within 0, takes the first reply only and hands over at once', async () => {
		const { posted, poster } = resumeServer();
		registry.register(registration({ combineWithinMs: 0 }), poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		expect(registry.offer(conversation('chat-1'), reply('first'), poster)).toBe(true);
		await clock.advance(0);
		expect(items(posted)[0][0]).toMatchObject({ reply_text: 'first' });
		expect(registry.offer(conversation('chat-1'), reply('second'), poster)).toBe(false);
	});

	it('at the wait limit hands over replied: false for a conversation without a reply', async () => {
		const { posted, poster } = resumeServer();
		registry.register(registration({ waitLimitMs: 10_000 }), poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		await clock.advance(9_999);
		expect(posted).toEqual([]);
		await clock.advance(1);
		expect(items(posted)).toEqual([
			[{ replied: false, reply_text: null, replies: [], sent: sent('chat-1') }],
		]);
		expect(registry.isWaitingFor(conversation('chat-1'))).toBe(false);
	});

	it('at the limit, replies still inside their window are handed over as they are', async () => {
		const { posted, poster } = resumeServer();
		registry.register(registration({ waitLimitMs: 3_000 }), poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		await clock.advance(2_500);
		registry.offer(conversation('chat-1'), reply('late but in time'), poster);
		await clock.advance(500);
		expect(items(posted)[0][0]).toMatchObject({ replied: true, reply_text: 'late but in time' });
	});

	it('a reply that comes before the sends are reported is kept, and handed over once they are', async () => {
		const { posted, poster } = resumeServer();
		registry.register(registration(), poster);
		registry.offer(conversation('chat-1'), reply('fast'), poster);
		await clock.advance(5_000);
		expect(posted).toEqual([]);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		await clock.advance(0);
		expect(items(posted)[0][0]).toMatchObject({
			replied: true,
			reply_text: 'fast',
			sent: sent('chat-1'),
		});
	});

	it('keeps one item per input item: an item not sent and a failed send come back as their error items', async () => {
		const { posted, poster } = resumeServer();
		const resumeUrl = registration().resumeUrl;
		registry.register(
			registration({ conversations: [conversation('chat-1'), null, conversation('chat-3')] }),
			poster,
		);
		registry.recordOutcomes(resumeUrl, [
			{ sent: sent('chat-1') },
			{ failed: { error: 'Item 2: Chat ID is empty' } },
			{ failed: { error: 'Selarti refused item 3' } },
		]);
		registry.offer(conversation('chat-1'), reply('AI: Hi'), poster);
		expect(registry.offer(conversation('chat-3'), reply('nobody waits'), poster)).toBe(false);
		await clock.advance(2_000);
		expect(items(posted)[0]).toEqual([
			expect.objectContaining({ replied: true, reply_text: 'AI: Hi' }),
			{ error: 'Item 2: Chat ID is empty' },
			{ error: 'Selarti refused item 3' },
		]);
	});

	it('two waits on the same chat: the first reply goes to the older wait, the next to the newer', async () => {
		const { posted, poster } = resumeServer();
		const older = registration({
			resumeUrl: 'http://n8n/webhook-waiting/1/n?signature=a',
			combineWithinMs: 0,
		});
		const newer = registration({
			resumeUrl: 'http://n8n/webhook-waiting/2/n?signature=b',
			combineWithinMs: 0,
		});
		registry.register(older, poster);
		registry.register(newer, poster);
		registry.recordOutcomes(older.resumeUrl, [{ sent: sent('chat-1', 'first question') }]);
		registry.recordOutcomes(newer.resumeUrl, [{ sent: sent('chat-1', 'second question') }]);
		registry.offer(conversation('chat-1'), reply('first answer'), poster);
		registry.offer(conversation('chat-1'), reply('second answer'), poster);
		await clock.advance(0);
		expect(
			posted.map((post) => [post.url, (post.body.items as IDataObject[])[0].reply_text]),
		).toEqual([
			[older.resumeUrl, 'first answer'],
			[newer.resumeUrl, 'second answer'],
		]);
	});

	it('retries while n8n answers 409 (the execution is not saved as waiting yet)', async () => {
		const { posted, poster } = resumeServer([409, 409, 200]);
		const givenBack: string[] = [];
		registry.register(registration({ combineWithinMs: 0 }), poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		registry.offer(conversation('chat-1'), reply('AI: Hi', givenBack), poster);
		await clock.advance(499);
		expect(posted).toHaveLength(1);
		// Backing off: 500 ms, then 1 s.
		await clock.advance(1);
		expect(posted).toHaveLength(2);
		await clock.advance(1_000);
		expect(posted).toHaveLength(3);
		expect(givenBack).toEqual([]);
	});

	it('an attempt that got no answer, then 409: the first attempt resumed it, so nothing is given back', async () => {
		const { posted, poster } = resumeServer([0, 409]);
		const givenBack: string[] = [];
		registry.register(registration({ combineWithinMs: 0 }), poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		registry.offer(conversation('chat-1'), reply('AI: Hi', givenBack), poster);
		await clock.advance(10_000);
		expect(posted).toHaveLength(2);
		expect(givenBack).toEqual([]);
	});

	it('gives the replies back to the trigger when n8n refuses the hand-over, or keeps answering 409', async () => {
		const refused = resumeServer([404]);
		const givenBack: string[] = [];
		registry.register(registration({ combineWithinMs: 0 }), refused.poster);
		registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
		registry.offer(conversation('chat-1'), reply('one', givenBack), refused.poster);
		await clock.advance(0);
		expect(refused.posted).toHaveLength(1);
		expect(givenBack).toEqual(['one']);

		const busy = resumeServer(Array(100).fill(409));
		const url = 'http://n8n/webhook-waiting/9/n?signature=x';
		registry.register(registration({ resumeUrl: url, combineWithinMs: 0 }), busy.poster);
		registry.recordOutcomes(url, [{ sent: sent('chat-1') }]);
		registry.offer(conversation('chat-1'), reply('two', givenBack), busy.poster);
		await clock.advance(4_999);
		expect(givenBack).toEqual(['one']);
		await clock.advance(1_000);
		expect(givenBack).toEqual(['one', 'two']);
		expect(busy.posted.length).toBeGreaterThan(5);
	});

	it('a cancelled wait takes no more replies and gives back those it had', async () => {
		const { posted, poster } = resumeServer();
		const givenBack: string[] = [];
		registry.register(registration(), poster);
		registry.offer(conversation('chat-1'), reply('early', givenBack), poster);
		expect(registry.cancel(registration().resumeUrl)).toBe(true);
		await clock.advance(0);
		expect(givenBack).toEqual(['early']);
		expect(registry.isWaitingFor(conversation('chat-1'))).toBe(false);
		await clock.advance(120_000);
		expect(posted).toEqual([]);
		expect(registry.cancel(registration().resumeUrl)).toBe(false);
	});

	it('refuses registrations beyond its capacity, and registering the same wait twice keeps one', () => {
		const { poster } = resumeServer();
		for (const n of [1, 2, 3]) {
			const url = `http://n8n/webhook-waiting/${n}/n?signature=s`;
			expect(registry.register(registration({ resumeUrl: url }), poster)).toBe('registered');
		}
		expect(
			registry.register(
				registration({ resumeUrl: 'http://n8n/webhook-waiting/1/n?signature=s' }),
				poster,
			),
		).toBe('registered');
		expect(
			registry.register(
				registration({ resumeUrl: 'http://n8n/webhook-waiting/4/n?signature=s' }),
				poster,
			),
		).toBe('full');
		expect(registry.size).toBe(3);
	});

	describe('a collecting wait (queue mode: the send fetches its items)', () => {
		const collecting = (overrides: Partial<Registration> = {}) =>
			registration({ handOver: 'collect', combineWithinMs: 0, ...overrides });

		it('a held collection is answered as soon as the items are ready; nothing is posted', async () => {
			const { posted, poster } = resumeServer();
			registry.register(collecting(), poster);
			registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
			const collection = registry.collect(registration().resumeUrl, 25_000);
			await clock.advance(1_000);
			registry.offer(conversation('chat-1'), reply('AI: Hi'), poster);
			await clock.advance(0);
			await expect(collection).resolves.toEqual({
				status: 'ready',
				items: [expect.objectContaining({ replied: true, reply_text: 'AI: Hi' })],
			});
			expect(posted).toEqual([]);
			expect(registry.size).toBe(0);
		});

		it('answers pending after the hold, and keeps items that are ready before the send asks', async () => {
			const { poster } = resumeServer();
			registry.register(collecting(), poster);
			registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
			const first = registry.collect(registration().resumeUrl, 25_000);
			await clock.advance(25_000);
			await expect(first).resolves.toEqual({ status: 'pending' });
			registry.offer(conversation('chat-1'), reply('AI: Hi'), poster);
			await clock.advance(0);
			await expect(registry.collect(registration().resumeUrl, 25_000)).resolves.toMatchObject({
				status: 'ready',
			});
			await expect(registry.collect(registration().resumeUrl, 25_000)).resolves.toEqual({
				status: 'unknown',
			});
		});

		it('items nobody collects give their replies back to the trigger', async () => {
			const { poster } = resumeServer();
			const givenBack: string[] = [];
			registry.register(collecting(), poster);
			registry.recordOutcomes(registration().resumeUrl, [{ sent: sent('chat-1') }]);
			registry.offer(conversation('chat-1'), reply('AI: Hi', givenBack), poster);
			await clock.advance(59_999);
			expect(givenBack).toEqual([]);
			await clock.advance(1);
			expect(givenBack).toEqual(['AI: Hi']);
			expect(registry.size).toBe(0);
		});
	});
});
