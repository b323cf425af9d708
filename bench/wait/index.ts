import { randomUUID } from 'node:crypto';

import { http } from '../../harness/http';
import { selartiTriggerWorkflow, sendAndWaitWorkflow } from '../../harness/workflows';
import type { BenchArgs } from '../args';
import type { BenchEnvironment } from '../environment';
import { waitForWebhook } from '../webhooks';

/**
 * Send and Wait for Reply in one n8n: Webhook → Selarti (Send and Wait for Reply) → Respond to Webhook, with a Selarti
 * Trigger handing the replies over. `CONVERSATIONS` callers post at once; each waits for its HTTP answer, the AI's
 * reply, which the sandbox sends REPLY_DELAY_MS after the message. What the package and n8n add is the answer's time
 * over that delay, with every conversation at once and with one at a time.
 */
export const CONVERSATIONS = 100;
export const REPLY_DELAY_MS = 1_000;

export interface WaitRun {
	/** Per conversation, the caller's time from request to answer, all at once. */
	answerMs: number[];
	replied: number;
	/** The same, one conversation after another: the cost of one conversation without n8n's queueing. */
	aloneMs: number[];
}

export const ALONE = 10;

export async function measureWait(
	env: BenchEnvironment,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<WaitRun[]> {
	const { n8n, sandbox, target } = env;
	const receiver = selartiTriggerWorkflow(
		'Bench replies for waiting sends',
		{ messageTypes: ['bot', 'operator'], options: {} },
		target.selartiCredential,
	);
	const { id: receiverId } = await n8n.client.createWorkflow(receiver.workflow);
	await n8n.client.activateWorkflow(receiverId);
	await waitForWebhook(n8n.client, receiver.webhookPath);
	const task = await sandbox.control.addTask({
		webhookUrls: [`${n8n.baseUrl}/webhook/${receiver.webhookPath}`],
	});
	const { workflow, webhookPath } = sendAndWaitWorkflow(
		'Bench send and wait',
		task.id,
		target.selartiCredential,
		{ waitLimit: 120, combineRepliesWithin: 0 },
	);
	const { id } = await n8n.client.createWorkflow(workflow);
	await n8n.client.activateWorkflow(id);
	await waitForWebhook(n8n.client, webhookPath);
	const url = `${n8n.baseUrl}/webhook/${webhookPath}`;

	const ask = async (chat: string, index: number) => {
		const started = performance.now();
		const answer = await http<Record<string, unknown>>(url, {
			body: { chat_id: chat, text: `Question ${index}` },
			timeoutMs: 300_000,
		});
		return { ms: performance.now() - started, replied: answer.body?.replied === true };
	};
	const together = async (run: string) =>
		await Promise.all(
			Array.from(
				{ length: CONVERSATIONS },
				async (_, index) => await ask(`wait-${run}-${index}`, index),
			),
		);

	const runs: WaitRun[] = [];
	try {
		await sandbox.control.setOptions({ replyDelayMs: REPLY_DELAY_MS });
		await together('warm-up');
		for (let rep = 0; rep < args.reps; rep++) {
			const answers = await together(randomUUID());
			const alone: number[] = [];
			for (let index = 0; index < ALONE; index++)
				alone.push((await ask(`alone-${randomUUID()}`, index)).ms);
			runs.push({
				answerMs: answers.map((answer) => answer.ms),
				replied: answers.filter((answer) => answer.replied).length,
				aloneMs: alone,
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
