import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { WaitingSendRegistry } from '../../nodes/shared/waitingSends/registry';
import { selartiPayload } from '../../test/support/selartiPayload';

/**
 * The package's own memory per waiting conversation: the trigger's registry holding WAITS waits of one conversation each
 * (resume URL, token, timers), without a reply and with one reply of Selarti's usual size held, measured on the heap
 * after a full garbage collection. n8n's own share (its waiting execution, the caller's open request) is in the RSS
 * figure of the n8n run.
 */
const WAITS = 10_000;

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
	const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
	const heap = () => {
		gc();
		gc();
		return process.memoryUsage().heapUsed;
	};
	const fill = (withReply: boolean) => {
		const registry = new WaitingSendRegistry({ now: Date.now, sleep });
		const poster = async () => 200;
		for (let index = 0; index < WAITS; index++) {
			const chat = `chat-${index}-${randomUUID()}`;
			const resumeUrl = `https://n8n.example.com/webhook-waiting/${100_000 + index}/${randomUUID()}?signature=${randomUUID()}${randomUUID()}`;
			registry.register(
				{
					action: 'register',
					resumeUrl,
					token: randomUUID().repeat(2),
					waitLimitMs: 120_000,
					handOver: 'resume',
					combineWithinMs: 3_000,
					conversations: [{ task_id: 'task', chat_id: chat }],
				},
				poster,
			);
			if (withReply) {
				registry.offer(
					{ task_id: 'task', chat_id: chat },
					{
						json: selartiPayload({ external_chat_id: chat, message_id: randomUUID() }),
						giveBack: async () => undefined,
					},
					poster,
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
