import { join } from 'node:path';

import { selected, type BenchArgs } from '../args';
import type { BenchEnvironment } from '../environment';
import { rotate } from '../order';
import { runSend, SANDBOX_MODES, type SandboxMode, type SendRunResult } from './run';
import {
	httpRequestNode,
	messagesFor,
	selartiNode,
	sendWorkflow,
	type SendNodeBuilder,
} from './workflows';

export const SEND_ITEMS = 2_000;
export const SEND_CHATS = 50;

export interface SendConfig {
	id: string;
	label: string;
	node: SendNodeBuilder;
}

/** What a user without this package builds, and the Selarti node at its default and at fixed ceilings. */
export const SEND_CONFIGS: SendConfig[] = [
	{ id: 'http-defaults', label: 'HTTP Request, defaults', node: httpRequestNode() },
	{
		id: 'http-retry',
		label: 'HTTP Request, Retry On Fail (3 tries, 1 s apart)',
		node: httpRequestNode({ retryOnFail: true }),
	},
	{
		id: 'http-batch20',
		label: 'HTTP Request, batching 20 items per 1,000 ms',
		node: httpRequestNode({
			options: { batching: { batch: { batchSize: 20, batchInterval: 1000 } } },
		}),
	},
	{
		// Never more than 20 calls in flight, so never a 429 in mode (b): what n8n itself achieves at Selarti's capacity.
		id: 'http-batch20-0ms',
		label: 'HTTP Request, batching 20 items per 0 ms',
		node: httpRequestNode({
			options: { batching: { batch: { batchSize: 20, batchInterval: 0 } } },
		}),
	},
	{ id: 'selarti-default', label: 'Selarti, default settings', node: selartiNode() },
	{
		id: 'selarti-c1',
		label: 'Selarti, Max Concurrent Requests 1',
		node: selartiNode({ maxConcurrentRequests: 1 }),
	},
	{
		id: 'selarti-c10',
		label: 'Selarti, Max Concurrent Requests 10',
		node: selartiNode({ maxConcurrentRequests: 10 }),
	},
	{
		id: 'selarti-c50',
		label: 'Selarti, Max Concurrent Requests 50',
		node: selartiNode({ maxConcurrentRequests: 50 }),
	},
];

const WARM_UP_CONFIGS = ['http-defaults', 'selarti-default'];

export interface SendCase {
	id: string;
	mode: SandboxMode;
	config: SendConfig;
	runs: SendRunResult[];
}

/**
 * Measurement 1: 2,000 messages over 50 chats in one manual execution, every configuration against both sandbox
 * modes. Repetitions are the outer loop and the order of configurations rotates, so each configuration meets the
 * machine's other load at every position.
 */
export async function measureSend(
	env: BenchEnvironment,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<SendCase[]> {
	const expected = messagesFor(SEND_ITEMS, SEND_CHATS);
	const cases: SendCase[] = [];
	const workflows = new Map<string, string>();
	for (const mode of SANDBOX_MODES) {
		for (const config of SEND_CONFIGS) {
			const id = `${mode.id}/${config.id}`;
			if (!selected(args, id)) continue;
			cases.push({ id, mode, config, runs: [] });
			if (!workflows.has(config.id)) {
				const workflow = sendWorkflow(
					`Bench send ${config.id}`,
					SEND_ITEMS,
					SEND_CHATS,
					config.node(env.target),
				);
				workflows.set(config.id, (await env.n8n.client.createWorkflow(workflow)).id);
			}
		}
	}
	let runNumber = 0;
	const run = async (sendCase: SendCase, mode: SandboxMode) =>
		await runSend({
			keepCallsIn: args.profile
				? join(env.workFolder, `calls-${++runNumber}-${mode.id}-${sendCase.config.id}.json`)
				: undefined,
			client: env.n8n.client,
			sandbox: env.sandbox,
			sandboxOriginEpochMs: env.sandboxOriginEpochMs,
			n8nPid: env.n8n.pid,
			log,
			workflowId: workflows.get(sendCase.config.id) as string,
			mode,
			expected,
		});
	// One discarded run per node type first: n8n compiles its HTTP and execution paths (JIT) and starts its task runner.
	for (const warmUp of WARM_UP_CONFIGS) {
		const sendCase = cases.find((c) => c.config.id === warmUp);
		if (sendCase)
			log(
				`send warm-up ${warmUp}: ${((await run(sendCase, SANDBOX_MODES[0])).nodeMs / 1000).toFixed(2)} s (discarded)`,
			);
	}
	for (let rep = 0; rep < args.reps; rep++) {
		for (const mode of SANDBOX_MODES) {
			for (const sendCase of rotate(
				cases.filter((c) => c.mode === mode),
				rep,
			)) {
				const result = await run(sendCase, mode);
				sendCase.runs.push(result);
				log(
					`send ${sendCase.id} rep ${rep + 1}/${args.reps}: ${(result.nodeMs / 1000).toFixed(2)} s, delivered ${result.delivered}, ` +
						`dup ${result.duplicates}, out of order ${result.outOfOrder}, 429s ${result.rejected429}, ` +
						`in flight at Selarti ${result.meanInFlight.toFixed(1)} mean / ${result.maxInFlight} max, ${result.status}`,
				);
			}
		}
	}
	return cases;
}
