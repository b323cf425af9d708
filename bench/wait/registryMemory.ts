import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { WaitingSendRegistry } from '../../nodes/shared/waitingSends/registry';
import { selartiPayload } from '../../test/support/selartiPayload';

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

export function measureRegistryMemory(): RegistryMemory {
	const gc = collectGarbage();
	const sleep = (ms: number, signal: AbortSignal) =>
		new Promise<void>((resolve, reject) => {
			const timer = setTimeout(resolve, ms).unref();
			signal.addEventListener('abort', () => {
				clearTimeout(timer);
				reject(new Error('aborted'));
			});
		});
	const heap = () => {
		gc();
		gc();
		return process.memoryUsage().heapUsed;
	};
	const fill = (withReply: boolean) => {
		const registry = new WaitingSendRegistry({ now: Date.now, sleep });
		registry.setReceiver('bench/trigger', { keyId: KEY, handsReplies: true, name: 'bench' });
		registry.heard('task', { keyId: KEY, handsReplies: true, name: 'bench' });
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
