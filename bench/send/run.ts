import { writeFile } from 'node:fs/promises';

import type { CallLogEntry, RuntimeOptions, SelartiSandbox } from '../../sandbox';
import type { N8nClient } from '../../harness/n8nClient';
import { finishedExecution, outputItems, runManually } from '../executions';
import { sampleMemory, type MemoryTrace } from '../memory';
import { waitUntilQuiet } from '../settle';
import { MANUAL_TRIGGER, SEND_NODE } from './workflows';

export interface SandboxMode {
	id: 'a' | 'b';
	label: string;
	options: Partial<RuntimeOptions>;
	/** The fastest any client can deliver `items` in this mode (mode b: items × latency / capacity), if bounded. */
	limitMs?: (items: number) => number;
}

export const SANDBOX_MODES: SandboxMode[] = [
	{ id: 'a', label: '(a) no latency, unlimited capacity', options: { latencyMs: 0, capacity: 0 } },
	{
		id: 'b',
		label: '(b) 100 ms per call, capacity 20, beyond it 429 with Retry-After: 1',
		options: { latencyMs: 100, capacity: 20, retryAfterSeconds: 1 },
		limitMs: (items) => (items * 100) / 20,
	},
];

export interface SendRunResult {
	items: number;
	/** Distinct messages Selarti accepted. */
	delivered: number;
	/** Messages never accepted. */
	failed: number;
	/** Accepted copies beyond one per message. */
	duplicates: number;
	/** Messages accepted after a later message of the same chat. */
	outOfOrder: number;
	/** send_message_external calls Selarti answered 429. */
	rejected429: number;
	calls: number;
	/** The execution's status (success / error). */
	status: string;
	/** The send node's own time as n8n recorded it (start of its first try to end of its last). */
	nodeMs: number;
	/** The whole execution: trigger, Code node, send node, saving. */
	executionMs: number;
	/** From the send node's start to the first call reaching Selarti: n8n resolving every item's parameters first. */
	firstCallAfterMs: number;
	/** Mean send calls in flight at Selarti from the first call's arrival to the last answer (capacity used). */
	meanInFlight: number;
	maxInFlight: number;
	/** Output items of the send node that carry an error (Continue On Fail); 0 when the node failed as a whole. */
	errorItems: number;
	error?: string;
	memory?: MemoryTrace;
}

export interface SendRunInput {
	client: N8nClient;
	sandbox: SelartiSandbox;
	sandboxOriginEpochMs: number;
	n8nPid: number;
	workflowId: string;
	mode: SandboxMode;
	expected: Array<{ chatId: string; message: string }>;
	log: (line: string) => void;
	/** Write the sandbox's call log of the run to this file (for --profile). */
	keepCallsIn?: string;
}

const firstArrival = (calls: CallLogEntry[]) =>
	calls.reduce((min, call) => Math.min(min, call.at), Number.POSITIVE_INFINITY);

/** Busy call-time over the span of the run: 20 means the capacity of 20 was used all the time. */
export function meanInFlight(calls: CallLogEntry[]): number {
	if (calls.length === 0) return 0;
	const first = firstArrival(calls);
	const last = calls.reduce((max, call) => Math.max(max, call.at + call.durationMs), 0);
	const busy = calls.reduce((sum, call) => sum + call.durationMs, 0);
	return last > first ? busy / (last - first) : 0;
}

/** One manual execution against a freshly reset sandbox; what Selarti accepted comes from the sandbox's call log. */
export async function runSend(input: SendRunInput): Promise<SendRunResult> {
	const { client, sandbox } = input;
	await waitUntilQuiet(input.n8nPid, input.log);
	await sandbox.control.reset({ keepTasks: true });
	await sandbox.control.setOptions(input.mode.options);

	const memory = sampleMemory(input.n8nPid);
	const execution = await runManually(client, input.workflowId, MANUAL_TRIGGER)
		.then(async (executionId) => await finishedExecution(client, executionId, 30 * 60_000))
		.finally(async () => await memory.stop());
	const trace = await memory.stop();
	// Calls the node had started may still be in flight after it failed; count them too.
	await sandbox.control.waitForIdle(60_000);
	const summary = await sandbox.control.summary(input.expected);
	const stats = await sandbox.control.stats();
	const calls = await sandbox.control.calls({ workflow: 'send_message_external' });
	if (input.keepCallsIn)
		await writeFile(
			input.keepCallsIn,
			JSON.stringify(calls.map(({ body, ...call }) => ({ ...call, chatId: body.chat_id }))),
		);

	const run = execution.data?.resultData.runData[SEND_NODE]?.[0];
	const output = outputItems(run);
	return {
		items: input.expected.length,
		delivered: summary.deliveredUnique,
		failed: summary.missing,
		duplicates: summary.duplicates,
		outOfOrder: summary.outOfOrder,
		rejected429: stats.callsByStatus['429'] ?? 0,
		calls: stats.calls,
		status: execution.status,
		nodeMs: run?.executionTime ?? Number.NaN,
		executionMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
		firstCallAfterMs:
			calls.length > 0 && run
				? input.sandboxOriginEpochMs + firstArrival(calls) - run.startTime
				: Number.NaN,
		meanInFlight: meanInFlight(calls),
		maxInFlight: stats.maxInFlight,
		errorItems: output.errorItems,
		error: run?.error?.message ?? execution.data?.resultData.error?.message,
		memory: trace,
	};
}
