import type { IDataObject } from 'n8n-workflow';

import { replyItemJson } from './output';
import {
	conversationKey,
	type Conversation,
	type HandOver,
	type Registration,
	type SendOutcome,
} from './protocol';

/** Posts a JSON body and resolves to the HTTP status (n8n's request helper of whoever registered or offered). */
export type Poster = (url: string, body: IDataObject) => Promise<number>;

/** A reply the trigger accepted for a wait; giveBack sends it through the trigger's normal path instead. */
export interface HeldReply {
	json: IDataObject;
	giveBack: () => Promise<void>;
}

export interface RegistryClock {
	now: () => number;
	/** Ends early (rejecting) when the signal aborts, where the host's sleep supports it. */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What a collecting send gets: its items, "pending" (ask again), or "unknown" (no such wait here). */
export type Collection =
	| { status: 'ready'; items: IDataObject[] }
	| { status: 'pending' }
	| { status: 'unknown' };

export interface RegistryLimits {
	/** Waits held at once; a registration beyond is refused, so memory stays bounded. */
	maxWaits: number;
	/** How long a hand-over keeps trying while n8n answers 409 (the execution is not saved as waiting yet). */
	handOverRetryMs: number;
	handOverRetryDelayMs: number;
	handOverMaxRetryDelayMs: number;
	/** How long finished items wait for their collecting send before the replies go back to the trigger. */
	uncollectedMs: number;
}

export const DEFAULT_REGISTRY_LIMITS: RegistryLimits = {
	maxWaits: 10_000,
	handOverRetryMs: 120_000,
	handOverRetryDelayMs: 250,
	handOverMaxRetryDelayMs: 4_000,
	uncollectedMs: 120_000,
};

interface Slot {
	/** Null for an item that is not sent: its outcome must be a failure. */
	conversation: Conversation | null;
	replies: HeldReply[];
	closed: boolean;
	outcome: SendOutcome | undefined;
}

interface Wait {
	registration: Registration;
	slots: Slot[];
	outcomesKnown: boolean;
	finished: boolean;
	poster: Poster;
	/** A collecting send's request held open until the items are ready. */
	collector?: (collection: Collection) => void;
}

/**
 * The waits of this process and the replies they gather. A reply goes to the oldest wait of its conversation that is
 * still open; a conversation's wait closes when no reply came for Combine Replies Within after its last one (at once
 * with 0), or at the wait limit. When every conversation of a wait is closed and its sends' outcomes are known, the
 * items are posted to the execution's resume URL. A hand-over n8n refuses gives every reply back to the trigger.
 */
export class WaitingSendRegistry {
	private readonly waits = new Map<string, Wait>();
	private readonly openSlots = new Map<string, Array<{ wait: Wait; slot: Slot }>>();
	/** Items of finished collecting waits that their send has not fetched yet. */
	private readonly uncollected = new Map<string, { wait: Wait; items: IDataObject[] }>();

	constructor(
		private readonly clock: RegistryClock,
		private readonly limits: RegistryLimits = DEFAULT_REGISTRY_LIMITS,
	) {}

	get size(): number {
		return this.waits.size + this.uncollected.size;
	}

	register(registration: Registration, poster: Poster): 'registered' | 'full' {
		if (this.waits.has(registration.resumeUrl)) return 'registered';
		if (this.uncollected.has(registration.resumeUrl)) return 'registered';
		if (this.waits.size >= this.limits.maxWaits) return 'full';
		const wait: Wait = {
			registration,
			slots: registration.conversations.map((conversation) => ({
				conversation,
				replies: [],
				closed: conversation === null,
				outcome: undefined,
			})),
			outcomesKnown: false,
			finished: false,
			poster,
		};
		this.waits.set(registration.resumeUrl, wait);
		for (const slot of wait.slots) {
			if (slot.conversation === null) continue;
			const key = conversationKey(slot.conversation);
			this.openSlots.set(key, [...(this.openSlots.get(key) ?? []), { wait, slot }]);
		}
		void this.clock.sleep(registration.waitLimitMs).then(() => this.closeAll(wait));
		return 'registered';
	}

	/** The sends' outcomes, in registration order; a failed send's conversation closes with its error item. */
	recordOutcomes(resumeUrl: string, outcomes: SendOutcome[]): boolean {
		const wait = this.waits.get(resumeUrl);
		if (wait === undefined || outcomes.length !== wait.slots.length) return false;
		outcomes.forEach((outcome, index) => {
			const slot = wait.slots[index];
			slot.outcome = outcome;
			if ('failed' in outcome) this.closeSlot(slot);
		});
		wait.outcomesKnown = true;
		this.finishWhenComplete(wait);
		return true;
	}

	/** The send gave up before waiting: replies it gathered go through the trigger's normal path. */
	cancel(resumeUrl: string): boolean {
		const wait = this.waits.get(resumeUrl) ?? this.uncollected.get(resumeUrl)?.wait;
		if (wait === undefined) return false;
		this.uncollected.delete(resumeUrl);
		wait.collector?.({ status: 'unknown' });
		this.forget(wait);
		void this.giveBack(wait);
		return true;
	}

	/**
	 * A collecting send's request for its items: answered at once when they are ready, else held until they are, or
	 * "pending" after `holdMs` (the send asks again: no request stays open longer than a proxy would allow).
	 */
	async collect(resumeUrl: string, holdMs: number): Promise<Collection> {
		const ready = this.uncollected.get(resumeUrl);
		if (ready !== undefined) {
			this.uncollected.delete(resumeUrl);
			return { status: 'ready', items: ready.items };
		}
		const wait = this.waits.get(resumeUrl);
		if (wait === undefined) return { status: 'unknown' };
		wait.collector?.({ status: 'pending' });
		return await new Promise<Collection>((resolve) => {
			// Answered early, the hold's timer is released: no timer outlives the collection.
			const hold = new AbortController();
			const collector = (collection: Collection) => {
				if (wait.collector === collector) wait.collector = undefined;
				hold.abort();
				resolve(collection);
			};
			wait.collector = collector;
			this.clock.sleep(holdMs, hold.signal).then(
				() => collector({ status: 'pending' }),
				() => undefined,
			);
		});
	}

	isWaitingFor(conversation: Conversation): boolean {
		return this.firstOpen(conversation) !== undefined;
	}

	/** Whether a wait took the reply; if not, it belongs to the trigger's normal path. */
	offer(conversation: Conversation, reply: HeldReply, poster: Poster): boolean {
		const open = this.firstOpen(conversation);
		if (open === undefined) return false;
		const { wait, slot } = open;
		slot.replies.push(reply);
		wait.poster = poster;
		const combineWithinMs = wait.registration.combineWithinMs;
		if (combineWithinMs === 0) {
			this.closeSlot(slot);
			this.finishWhenComplete(wait);
		} else {
			const repliesSoFar = slot.replies.length;
			void this.clock.sleep(combineWithinMs).then(() => {
				if (slot.closed || slot.replies.length !== repliesSoFar) return;
				this.closeSlot(slot);
				this.finishWhenComplete(wait);
			});
		}
		return true;
	}

	private firstOpen(conversation: Conversation): { wait: Wait; slot: Slot } | undefined {
		return this.openSlots.get(conversationKey(conversation))?.[0];
	}

	private closeSlot(slot: Slot): void {
		if (slot.closed || slot.conversation === null) return;
		slot.closed = true;
		const key = conversationKey(slot.conversation);
		const remaining = (this.openSlots.get(key) ?? []).filter((open) => open.slot !== slot);
		if (remaining.length > 0) this.openSlots.set(key, remaining);
		else this.openSlots.delete(key);
	}

	/** The wait limit: what has come is handed over, outcomes known or not. */
	private closeAll(wait: Wait): void {
		if (wait.finished) return;
		wait.slots.forEach((slot) => this.closeSlot(slot));
		void this.finish(wait);
	}

	private finishWhenComplete(wait: Wait): void {
		if (wait.finished || !wait.outcomesKnown) return;
		if (wait.slots.every((slot) => slot.closed)) void this.finish(wait);
	}

	private forget(wait: Wait): void {
		wait.finished = true;
		wait.slots.forEach((slot) => this.closeSlot(slot));
		this.waits.delete(wait.registration.resumeUrl);
	}

	private async finish(wait: Wait): Promise<void> {
		this.forget(wait);
		const items = wait.slots.map((slot) =>
			slot.outcome !== undefined && 'failed' in slot.outcome
				? slot.outcome.failed
				: replyItemJson(
						(slot.outcome?.sent as IDataObject | undefined) ?? { ...slot.conversation },
						slot.replies.map((reply) => reply.json),
					),
		) as IDataObject[];
		if (wait.registration.handOver === 'collect') {
			this.keepForCollection(wait, items);
			return;
		}
		const delivered = await this.handOver(wait, { token: wait.registration.token, items });
		if (!delivered) await this.giveBack(wait);
	}

	private keepForCollection(wait: Wait, items: IDataObject[]): void {
		if (wait.collector !== undefined) {
			wait.collector({ status: 'ready', items });
			return;
		}
		const url = wait.registration.resumeUrl;
		this.uncollected.set(url, { wait, items });
		void this.clock.sleep(this.limits.uncollectedMs).then(async () => {
			if (this.uncollected.get(url)?.wait !== wait) return;
			this.uncollected.delete(url);
			await this.giveBack(wait);
		});
	}

	private async handOver(wait: Wait, body: HandOver): Promise<boolean> {
		const giveUpAt = this.clock.now() + this.limits.handOverRetryMs;
		let delayMs = this.limits.handOverRetryDelayMs;
		let mayHaveResumed = false;
		for (;;) {
			const status = await wait
				.poster(wait.registration.resumeUrl, body as unknown as IDataObject)
				.catch(() => 0);
			if (status >= 200 && status < 300) return true;
			// After an attempt whose answer never came, "running" most likely means that attempt resumed it: giving
			// the replies back too would deliver them twice.
			if (status === 409 && mayHaveResumed) return true;
			if (status === 0) mayHaveResumed = true;
			// 409: n8n has not saved the execution as waiting yet (under load, seconds); 0, 429 and 5xx: try again.
			const transient = status === 0 || status === 409 || status === 429 || status >= 500;
			if (!transient || this.clock.now() >= giveUpAt) return false;
			await this.clock.sleep(delayMs);
			// Backing off keeps many waits' retries from crowding out the executions they wait for.
			delayMs = Math.min(delayMs * 2, this.limits.handOverMaxRetryDelayMs);
		}
	}

	private async giveBack(wait: Wait): Promise<void> {
		for (const slot of wait.slots) {
			for (const reply of slot.replies) await reply.giveBack().catch(() => undefined);
		}
	}
}
