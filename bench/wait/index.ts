import { randomUUID } from 'node:crypto';

import { http } from '../../harness/http';
import { selartiTriggerWorkflow, sendAndWaitWorkflow } from '../../harness/workflows';
import type { BenchArgs } from '../args';
import type { BenchEnvironment } from '../environment';
import { residentBytes } from '../memory';
import { median } from '../stats';

/**
 * Send and Wait for Reply in one n8n: Webhook → Selarti (Send and Wait for Reply) → Respond to Webhook, with a Selarti
 * Trigger handing the replies over. `CONVERSATIONS` callers post at once; each waits for its HTTP answer, the AI's
 * reply, which the sandbox sends REPLY_DELAY_MS after the message. What the package and n8n add is the answer's time
 * over that delay, with every conversation at once and with one at a time. Then `HELD` conversations wait at once
 * for a reply that takes HELD_REPLY_DELAY_MS: n8n's resident memory while they wait, over its memory before, is what
 * a waiting conversation costs the n8n process.
 */
export const CONVERSATIONS = 100;
export const REPLY_DELAY_MS = 1_000;
export const ALONE = 10;
export const HELD = 40;
export const HELD_REPLY_DELAY_MS = 40_000;

export interface WaitRun {
	/** Per conversation, the caller's time from request to answer, all at once. */
	answerMs: number[];
	replied: number;
	/** The same, one conversation after another: the cost of one conversation without n8n's queueing. */
	aloneMs: number[];
	/** n8n's resident memory per waiting conversation, HELD at once. */
	bytesPerHeldWait: number;
}

/** The median of n8n's resident memory sampled every half second for `seconds`: one sample is garbage-collector noise. */
async function residentMedian(pid: number, seconds: number): Promise<number> {
	const samples: number[] = [];
	for (let sample = 0; sample < seconds * 2; sample++) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		samples.push(await residentBytes(pid));
	}
	return median(samples);
}

/** The Selarti Trigger that hands replies to waiting sends, active; `url` is what Selarti calls. */
export async function startReplyTrigger(
	env: BenchEnvironment,
	name: string,
): Promise<{ id: string; url: string }> {
	const { n8n, target } = env;
	// Hand Replies set explicitly: packages before 0.2.0 (compared with --compare) had it off by default.
	const receiver = selartiTriggerWorkflow(
		name,
		{ messageTypes: ['bot', 'operator'], options: { handRepliesToWaitingSends: true } },
		target.selartiCredential,
	);
	const id = await n8n.client.deployWorkflow(receiver.workflow, [receiver.webhookPath]);
	return { id, url: `${n8n.baseUrl}/webhook/${receiver.webhookPath}` };
}

export async function measureWait(
	env: BenchEnvironment,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<WaitRun[]> {
	const { n8n, sandbox, target } = env;
	const receiver = await startReplyTrigger(env, 'Bench replies for waiting sends');
	const receiverId = receiver.id;
	const task = await sandbox.control.addTask({ webhookUrls: [receiver.url] });
	const { workflow, webhookPath } = sendAndWaitWorkflow(
		'Bench send and wait',
		task.id,
		target.selartiCredential,
		{ waitLimit: 120, combineRepliesWithin: 0 },
	);
	const id = await n8n.client.deployWorkflow(workflow, [webhookPath]);
	const url = `${n8n.baseUrl}/webhook/${webhookPath}`;

	const ask = async (chat: string, index: number) => {
		const started = performance.now();
		const answer = await http<Record<string, unknown>>(url, {
			body: { chat_id: chat, text: `Question ${index}` },
			timeoutMs: 300_000,
		});
		return { ms: performance.now() - started, replied: answer.body?.replied === true };
	};
	const together = async (run: string, count: number) =>
		await Promise.all(
			Array.from({ length: count }, async (_, index) => await ask(`wait-${run}-${index}`, index)),
		);
	const heldMemory = async () => {
		const before = await residentMedian(n8n.pid, 8);
		await sandbox.control.setOptions({ replyDelayMs: HELD_REPLY_DELAY_MS });
		const held = together(`held-${randomUUID()}`, HELD);
		await new Promise((resolve) => setTimeout(resolve, 12_000));
		const during = await residentMedian(n8n.pid, 20);
		await held;
		await sandbox.control.setOptions({ replyDelayMs: REPLY_DELAY_MS });
		return (during - before) / HELD;
	};

	const runs: WaitRun[] = [];
	try {
		await sandbox.control.setOptions({ replyDelayMs: REPLY_DELAY_MS });
		await together('warm-up', CONVERSATIONS);
		for (let rep = 0; rep < args.reps; rep++) {
			const answers = await together(randomUUID(), CONVERSATIONS);
			const alone: number[] = [];
			for (let index = 0; index < ALONE; index++)
				alone.push((await ask(`alone-${randomUUID()}`, index)).ms);
			runs.push({
				answerMs: answers.map((answer) => answer.ms),
				replied: answers.filter((answer) => answer.replied).length,
				aloneMs: alone,
				bytesPerHeldWait: await heldMemory(),
			});
			log(`wait rep ${rep + 1}: ${runs[rep].replied}/${CONVERSATIONS} replied`);
		}
	} finally {
		await sandbox.control.setOptions({ replyDelayMs: 0 });
		await n8n.client.deactivateWorkflow(id);
		await n8n.client.deactivateWorkflow(receiverId);
	}
	return runs;
}
