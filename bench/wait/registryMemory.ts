import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { WaitingSendRegistry } from '../../nodes/shared/waitingSends/registry';
import { selartiPayload } from '../../harness/selartiPayload';

/**
 * The package's own memory per waiting conversation: the trigger's registry holding WAITS waits of one conversation each
 * (ids, queue entry, timers), without a reply and with one reply of Selarti's usual size held, measured on the heap
 * after a full garbage collection. n8n's own share (the running execution, the caller's open request) is in the RSS
 * figure of the n8n run.
 */
const WAITS = 10_000;
const KEY = 'bench-key';

function collectGarbage(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

export interface RegistryMemory {
	waits: number;
	bytesPerWait: number;
	bytesPerWaitWithReply: number;
}

/** The registry's timers, which never keep the process alive. */
const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>((resolve, reject) => {
		const timer = setTimeout(resolve, ms).unref();
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			reject(new Error('aborted'));
		});
	});

/** A registry as a process with an active Selarti Trigger that Selarti calls for the task has it. */
function newRegistry(): WaitingSendRegistry {
	const registry = new WaitingSendRegistry(sleep);
	registry.setReceiver('bench/trigger', { keyId: KEY, handsReplies: true, name: 'bench' });
	registry.heard('task', { keyId: KEY, handsReplies: true, name: 'bench' });
	return registry;
}

export function measureRegistryMemory(): RegistryMemory {
	const gc = collectGarbage();
	const heap = () => {
		gc();
		gc();
		return process.memoryUsage().heapUsed;
	};
	const fill = (withReply: boolean) => {
		const registry = newRegistry();
		for (let index = 0; index < WAITS; index++) {
			const chat = `chat-${index}-${randomUUID()}`;
			registry.open(
				KEY,
				{
					waitId: randomUUID(),
					waitLimitMs: 120_000,
					combineWithinMs: 3_000,
					conversations: [{ task_id: 'task', chat_id: chat }],
				},
				true,
			);
			if (withReply) {
				const json = selartiPayload({ external_chat_id: chat, message_id: randomUUID() });
				registry.offer(
					KEY,
					{ task_id: 'task', chat_id: chat },
					{ json, bytes: JSON.stringify(json).length, giveBack: async () => undefined },
				);
			}
		}
		return registry;
	};
	const before = heap();
	let registry: WaitingSendRegistry | undefined = fill(false);
	const empty = heap() - before;
	registry = undefined;
	const between = heap();
	registry = fill(true);
	const withReply = heap() - between;
	if (registry.size !== WAITS) throw new Error('the registry lost waits');
	return { waits: WAITS, bytesPerWait: empty / WAITS, bytesPerWaitWithReply: withReply / WAITS };
}

export interface RegistryTiming {
	/** The case that blocked 0.1.0's event loop: requests of 1,000 conversations on one chat, one after another. */
	oneChatRequests: number;
	oneChatSlowestOpenMs: number;
	oneChatRefused: number;
	/** A reply offered to each of 10,000 waits (one conversation each): the mean cost of a reply. */
	microsecondsPerReply: number;
}

/** The registry's own time: what a flood on one chat costs, and what a reply costs. */
export function measureRegistryTiming(): RegistryTiming {
	const registry = newRegistry();
	const open = (conversations: Array<{ task_id: string; chat_id: string }>) =>
		registry.open(
			KEY,
			{ waitId: randomUUID(), waitLimitMs: 120_000, combineWithinMs: 0, conversations },
			true,
		);
	const oneChat = Array.from({ length: 1000 }, () => ({ task_id: 'task', chat_id: 'one chat' }));
	let slowest = 0;
	let refused = 0;
	const requests = 60;
	for (let request = 0; request < requests; request++) {
		const started = performance.now();
		if (open(oneChat).status !== 'open') refused++;
		slowest = Math.max(slowest, performance.now() - started);
	}
	const chats = Array.from({ length: WAITS }, (_, index) => `chat-${index}`);
	for (const chat of chats) open([{ task_id: 'task', chat_id: chat }]);
	const json = selartiPayload({ message_id: randomUUID() });
	const started = performance.now();
	for (const chat of chats)
		registry.offer(
			KEY,
			{ task_id: 'task', chat_id: chat },
			{ json, bytes: 1000, giveBack: async () => undefined },
		);
	const microsecondsPerReply = ((performance.now() - started) * 1000) / WAITS;
	return {
		oneChatRequests: requests,
		oneChatSlowestOpenMs: slowest,
		oneChatRefused: refused,
		microsecondsPerReply,
	};
}
