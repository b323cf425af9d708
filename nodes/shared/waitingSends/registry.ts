import { sleep, type IDataObject } from 'n8n-workflow';

import { keepAsMostRecent } from '../mostRecent';
import { AnswerParts } from './answerParts';
import type { Conversation, OpenRequest } from './messages';

/*
 * This process's waiting sends and the replies they gather. A reply goes to the oldest open wait of its
 * credential's key and conversation; a conversation closes when no reply came for Combine Replies Within after its
 * last one (at once with 0, or for a task known to answer in one message: see answerParts.ts), or at the wait limit.
 * A wait is finished when every conversation is closed; its send collects the replies, or they go back to the
 * trigger's normal path, as does everything a wait cannot take: nothing is lost. Every figure is bounded, every timer
 * ends with its wait.
 */

/** Rejects when the signal aborts: a timer never outlives what it times. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** A reply offered to a wait; giveBack sends it through the trigger's normal path instead. */
export interface HeldReply {
	json: IDataObject;
	bytes: number;
	giveBack(): Promise<void>;
}

/** What the last production delivery of a task in this process reached: a trigger and how it is set up. */
export interface TriggerSetup {
	keyId: string | undefined;
	handsReplies: boolean;
	/** The trigger's node and workflow, as the user named them. */
	name: string;
}

export type Opened =
	| { status: 'open' }
	| { status: 'busy' | 'no trigger' }
	| { status: 'heard elsewhere'; task: string; trigger: TriggerSetup };

/**
 * ready: the replies per conversation, and the tasks no delivery of this process came from while the send waited
 * for a first one (Selarti calls no trigger here for them). pending: ask again. unknown: no such wait here.
 */
export type Collection =
	| { status: 'ready'; replies: IDataObject[][]; unheard: string[] }
	| { status: 'pending' }
	| { status: 'unknown' };

export const REGISTRY_LIMITS = {
	waits: 10_000,
	conversations: 100_000,
	waitsPerConversation: 100,
	repliesPerConversation: 50,
	heldReplyBytes: 64 * 1024 * 1024,
	/** A finished wait whose send never collects it gives its replies back after this. */
	uncollectedMs: 60_000,
	/** How long a send waits for a first delivery of a task this process has never heard of. */
	probationMs: 30_000,
	tasksHeard: 10_000,
};
export type RegistryLimits = typeof REGISTRY_LIMITS;

interface Slot {
	wait: Wait;
	/** Undefined for an item that is not sent: it waits for nothing. */
	queueKey: string | undefined;
	/** The credential's key and the task: what is learned about how its AI answers. */
	taskKey: string;
	replies: HeldReply[];
	closed: boolean;
	quiet?: AbortController;
}

interface Wait {
	key: string;
	slots: Slot[];
	combineWithinMs: number;
	/** Aborts the wait's limit, probation and quiet timers once it is finished. */
	timers: AbortController;
	/** Aborts the timer that gives back a finished wait's replies nobody collected. */
	kept: AbortController;
	finished: boolean;
	unheardTasks: Set<string>;
	collector?: (collection: Collection) => void;
}

/**
 * The oldest open conversation of a queue (one key, task and chat, oldest first): closed ones leave from the front,
 * each once, and a queue holds at most waitsPerConversation, so finding it costs O(1).
 */
function firstOpen(queue: Slot[] | undefined): Slot | undefined {
	while (queue?.[0]?.closed === true) queue.shift();
	return queue?.[0];
}

const queueKeyOf = (keyId: string, conversation: Conversation) =>
	`${keyId}\n${conversation.task_id}\n${conversation.chat_id}`;
const taskKeyOf = (keyId: string, conversation: Conversation) =>
	`${keyId}\n${conversation.task_id}`;

export class WaitingSendRegistry {
	private readonly waits = new Map<string, Wait>();
	private readonly queues = new Map<string, Slot[]>();
	private conversations = 0;
	private heldBytes = 0;
	/** Active Selarti Triggers of this process, by workflow and node. */
	private readonly receivers = new Map<string, TriggerSetup>();
	private readonly tasksHeard = new Map<string, TriggerSetup>();
	private readonly answerParts: AnswerParts;

	constructor(
		private readonly sleep: Sleep,
		private readonly limits: RegistryLimits = REGISTRY_LIMITS,
		now: () => number = Date.now,
	) {
		this.answerParts = new AnswerParts(now);
	}

	get size(): number {
		return this.waits.size;
	}

	/** A trigger of this process was activated (with its setup) or deactivated (undefined). */
	setReceiver(trigger: string, setup: TriggerSetup | undefined): void {
		if (setup === undefined) this.receivers.delete(trigger);
		else this.receivers.set(trigger, setup);
		// A trigger was set up anew: which one Selarti calls for each task is known again from its next delivery.
		this.tasksHeard.clear();
	}

	/** Whether a Selarti Trigger is active in this process: then its sends wait here, in memory. */
	hasReceivers(): boolean {
		return this.receivers.size > 0;
	}

	/** Every production delivery of a task: which trigger Selarti calls for it. */
	heard(task: string, trigger: TriggerSetup): void {
		const known = this.tasksHeard.get(task);
		if (
			known !== undefined &&
			known.keyId === trigger.keyId &&
			known.handsReplies === trigger.handsReplies
		)
			return;
		keepAsMostRecent(this.tasksHeard, task, trigger, this.limits.tasksHeard);
	}

	/**
	 * Opens a wait before its messages are sent (a reply can come back before the call returns). `inProcess`: the send
	 * runs here, where the triggers were activated, so a missing trigger is known at once.
	 */
	open(keyId: string, request: OpenRequest, inProcess: boolean): Opened {
		const key = `${keyId}\n${request.waitId}`;
		if (this.waits.has(key)) return { status: 'open' };
		const receives = (trigger: TriggerSetup) => trigger.keyId === keyId && trigger.handsReplies;
		if (inProcess && ![...this.receivers.values()].some(receives)) return { status: 'no trigger' };
		const unheardTasks = new Set<string>();
		for (const conversation of request.conversations) {
			if (conversation === null) continue;
			const trigger = this.tasksHeard.get(conversation.task_id);
			if (trigger !== undefined && receives(trigger)) continue;
			// Where the triggers are set up, what Selarti calls is known; elsewhere it may have changed since.
			if (trigger !== undefined && inProcess)
				return { status: 'heard elsewhere', task: conversation.task_id, trigger };
			unheardTasks.add(conversation.task_id);
		}
		const queueKeys = request.conversations.map((conversation) =>
			conversation === null ? undefined : queueKeyOf(keyId, conversation),
		);
		const chatBusy = (queueKey: string | undefined) =>
			(this.queues.get(queueKey ?? '')?.length ?? 0) >= this.limits.waitsPerConversation;
		if (
			this.waits.size >= this.limits.waits ||
			this.conversations + queueKeys.length > this.limits.conversations ||
			queueKeys.some(chatBusy)
		)
			return { status: 'busy' };
		const timers = new AbortController();
		const wait: Wait = {
			key,
			slots: [],
			combineWithinMs: request.combineWithinMs,
			timers,
			kept: new AbortController(),
			finished: false,
			unheardTasks,
		};
		wait.slots = request.conversations.map((conversation, index) => ({
			wait,
			queueKey: queueKeys[index],
			taskKey: conversation === null ? '' : taskKeyOf(keyId, conversation),
			replies: [],
			closed: conversation === null,
		}));
		this.waits.set(key, wait);
		this.conversations += wait.slots.length;
		for (const slot of wait.slots) {
			if (slot.queueKey === undefined) continue;
			const queue = this.queues.get(slot.queueKey);
			if (queue === undefined) this.queues.set(slot.queueKey, [slot]);
			else queue.push(slot);
		}
		this.after(request.waitLimitMs, wait.timers.signal, () => this.closeAll(wait));
		if (unheardTasks.size > 0) {
			const probationMs = Math.min(this.limits.probationMs, request.waitLimitMs);
			this.after(probationMs, wait.timers.signal, () => this.endProbation(wait, keyId));
		}
		this.finishIfComplete(wait);
		return { status: 'open' };
	}

	isWaitingFor(keyId: string, conversation: Conversation): boolean {
		return firstOpen(this.queues.get(queueKeyOf(keyId, conversation))) !== undefined;
	}

	/** Whether a wait took the reply; if not, it belongs to the trigger's normal path. */
	offer(keyId: string, conversation: Conversation, reply: HeldReply): boolean {
		const queueKey = queueKeyOf(keyId, conversation);
		const slot = firstOpen(this.queues.get(queueKey));
		if (slot === undefined) {
			this.answerParts.unclaimed(queueKey);
			return false;
		}
		if (slot.replies.length >= this.limits.repliesPerConversation) return false;
		if (this.heldBytes + reply.bytes > this.limits.heldReplyBytes) return false;
		const wait = slot.wait;
		slot.replies.push(reply);
		this.heldBytes += reply.bytes;
		wait.unheardTasks.delete(conversation.task_id);
		const goOut = () => {
			this.closeSlot(wait, slot);
			this.answerParts.wentOut(queueKey, slot.taskKey, wait.combineWithinMs);
		};
		if (this.answerParts.windowMs(slot.taskKey, wait.combineWithinMs) === 0) {
			goOut();
			return true;
		}
		slot.quiet?.abort();
		slot.quiet = new AbortController();
		this.after(
			wait.combineWithinMs,
			AbortSignal.any([slot.quiet.signal, wait.timers.signal]),
			() => {
				this.answerParts.answeredAfterQuiet(slot.taskKey, slot.replies.length);
				goOut();
			},
		);
		return true;
	}

	/**
	 * The send's request for its replies, with which of its messages went out: answered at once when the wait is
	 * finished, else held until it is, or "pending" after `holdMs` or when `stop` aborts (the send asks again).
	 */
	async collect(
		keyId: string,
		waitId: string,
		sent: boolean[],
		holdMs: number,
		stop?: AbortSignal,
	): Promise<Collection> {
		const wait = this.waits.get(`${keyId}\n${waitId}`);
		if (wait === undefined) return { status: 'unknown' };
		wait.slots.forEach((slot, index) => {
			if (sent[index] !== false) return;
			if (!slot.closed) this.closeSlot(wait, slot);
			void this.giveBack(slot);
		});
		if (wait.finished) return this.hand(wait);
		wait.collector?.({ status: 'pending' });
		const hold = new AbortController();
		return await new Promise<Collection>((resolve) => {
			const collector = (collection: Collection) => {
				if (wait.collector === collector) wait.collector = undefined;
				hold.abort();
				resolve(collection);
			};
			wait.collector = collector;
			const held = stop === undefined ? hold.signal : AbortSignal.any([hold.signal, stop]);
			this.sleep(holdMs, held).then(
				() => collector({ status: 'pending' }),
				() => collector({ status: 'pending' }),
			);
		});
	}

	/** The send gave up: replies it gathered go through the trigger's normal path. */
	cancel(keyId: string, waitId: string): boolean {
		const wait = this.waits.get(`${keyId}\n${waitId}`);
		if (wait === undefined) return false;
		wait.collector?.({ status: 'unknown' });
		this.giveBackAll(wait);
		return true;
	}

	private after(ms: number, signal: AbortSignal, then: () => void): void {
		this.sleep(ms, signal).then(then, () => undefined);
	}

	private closeSlot(wait: Wait, slot: Slot): void {
		if (slot.closed) return;
		slot.closed = true;
		slot.quiet?.abort();
		this.dropQueueIfDone(slot);
		this.finishIfComplete(wait);
	}

	private closeAll(wait: Wait): void {
		for (const slot of wait.slots) this.closeSlot(wait, slot);
	}

	private endProbation(wait: Wait, keyId: string): void {
		const unheard = [...wait.unheardTasks].filter((task) => {
			const trigger = this.tasksHeard.get(task);
			return trigger === undefined || trigger.keyId !== keyId || !trigger.handsReplies;
		});
		wait.unheardTasks = new Set(unheard);
		if (unheard.length > 0) this.closeAll(wait);
	}

	private finishIfComplete(wait: Wait): void {
		if (wait.finished || !wait.slots.every((slot) => slot.closed)) return;
		wait.finished = true;
		wait.timers.abort();
		if (wait.collector !== undefined) {
			wait.collector(this.hand(wait));
			return;
		}
		// Nobody collects yet; if the send's process stopped, nobody will: the replies go back after a while.
		this.after(this.limits.uncollectedMs, wait.kept.signal, () => this.giveBackAll(wait));
	}

	private hand(wait: Wait): Collection {
		this.forget(wait);
		return {
			status: 'ready',
			replies: wait.slots.map((slot) => this.release(slot).map((reply) => reply.json)),
			unheard: [...wait.unheardTasks],
		};
	}

	private forget(wait: Wait): void {
		if (this.waits.get(wait.key) !== wait) return;
		this.waits.delete(wait.key);
		this.conversations -= wait.slots.length;
		wait.timers.abort();
		wait.kept.abort();
		for (const slot of wait.slots) {
			slot.closed = true;
			slot.quiet?.abort();
			this.dropQueueIfDone(slot);
		}
	}

	/** A queue whose conversations are all closed goes, so the queues count only live chats. */
	private dropQueueIfDone(slot: Slot): void {
		if (slot.queueKey !== undefined && firstOpen(this.queues.get(slot.queueKey)) === undefined)
			this.queues.delete(slot.queueKey);
	}

	/** The wait is over without its send: every reply it held goes through the trigger's normal path. */
	private giveBackAll(wait: Wait): void {
		this.forget(wait);
		for (const slot of wait.slots) void this.giveBack(slot);
	}

	/** Takes a conversation's replies out of the registry's count of held bytes. */
	private release(slot: Slot): HeldReply[] {
		const replies = slot.replies.splice(0);
		for (const reply of replies) this.heldBytes -= reply.bytes;
		return replies;
	}

	private async giveBack(slot: Slot): Promise<void> {
		for (const reply of this.release(slot)) await reply.giveBack().catch(() => undefined);
	}
}

/*
 * This n8n process's waits. The Selarti node and the Selarti Trigger load this module once per process (one module
 * cache), so a send and a trigger in one process share it; processes of queue mode each have their own.
 */
export const waitingSends = new WaitingSendRegistry(sleep);
