import { http } from '../../harness/http';
import { sendAndWaitWorkflow } from '../../harness/workflows';
import type { BenchArgs } from '../args';
import type { BenchEnvironment } from '../environment';
import { startReplyTrigger } from '.';

/**
 * Send and Wait for Reply at its defaults (Combine Replies Within 3 s), as a chat answer feels: ANSWERS questions, one
 * after another, to a new task whose AI answers after DEFAULTS_REPLY_DELAY_MS in one message, then as many to a new
 * task whose AI answers in three messages PART_GAP_MS apart. The time over the AI's last message is what the caller
 * waits beyond the AI itself.
 */
export const DEFAULTS_REPLY_DELAY_MS = 1_000;
export const PART_GAP_MS = 500;
export const ANSWERS = 6;

export interface DefaultsRun {
	/** Per answer in order, the caller's time over the AI's (last) message. */
	onePartOverMs: number[];
	threePartOverMs: number[];
	/** Three-part answers that carried all three parts. */
	threePartComplete: number;
}

export async function measureDefaults(
	env: BenchEnvironment,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<DefaultsRun[]> {
	const { n8n, sandbox, target } = env;
	const receiver = await startReplyTrigger(env, 'Bench replies at defaults');

	/** A new task and its Send and Wait workflow at the defaults; resolves with each answer's time over the AI. */
	const answersOfNewTask = async (parts: number) => {
		const task = await sandbox.control.addTask({ webhookUrls: [receiver.url] });
		const { workflow, webhookPath } = sendAndWaitWorkflow(
			'Bench send and wait at defaults',
			task.id,
			target.selartiCredential,
			{},
		);
		const id = await n8n.client.deployWorkflow(workflow, [webhookPath]);
		const aiMs = DEFAULTS_REPLY_DELAY_MS + (parts - 1) * PART_GAP_MS;
		const over: number[] = [];
		let complete = 0;
		try {
			for (let index = 0; index < ANSWERS; index++) {
				const started = performance.now();
				const answer = await http<Record<string, unknown>>(
					`${n8n.baseUrl}/webhook/${webhookPath}`,
					{
						body: { chat_id: `defaults-${task.id}-${index}`, text: `Question ${index}` },
						timeoutMs: 60_000,
					},
				);
				over.push(performance.now() - started - aiMs);
				const lines = String(answer.body?.reply_text ?? '').split('\n');
				if (answer.body?.replied === true && lines.length === parts) complete++;
			}
		} finally {
			await n8n.client.deactivateWorkflow(id);
		}
		return { over, complete };
	};

	const runs: DefaultsRun[] = [];
	try {
		for (let rep = 0; rep < args.reps; rep++) {
			await sandbox.control.setOptions({
				replyDelayMs: DEFAULTS_REPLY_DELAY_MS,
				replyParts: 1,
				replyPartGapMs: 0,
			});
			const onePart = await answersOfNewTask(1);
			await sandbox.control.setOptions({ replyParts: 3, replyPartGapMs: PART_GAP_MS });
			const threePart = await answersOfNewTask(3);
			runs.push({
				onePartOverMs: onePart.over,
				threePartOverMs: threePart.over,
				threePartComplete: threePart.complete,
			});
			log(`defaults rep ${rep + 1}: ${threePart.complete}/${ANSWERS} three-part answers whole`);
		}
	} finally {
		await sandbox.control.setOptions({ replyDelayMs: 0, replyParts: 1, replyPartGapMs: 0 });
		await n8n.client.deactivateWorkflow(receiver.id);
	}
	return runs;
}
