import { join } from 'node:path';

import { selected, type BenchArgs } from './args';
import type { BenchEnvironment } from './environment';
import { rotate } from './order';
import { SEND_CHATS, SEND_CONFIGS, type SendConfig } from './send';
import { runSend, SANDBOX_MODES, type SendRunResult } from './send/run';
import { messagesFor, sendWorkflow } from './send/workflows';

export const GROWTH_SIZES = [200, 2_000, 20_000];

/** The Selarti node at its default, and the HTTP Request node at its defaults as the reference for n8n's own cost. */
const GROWTH_CONFIG_IDS = ['selarti-default', 'http-defaults'];

export interface GrowthCase {
	id: string;
	items: number;
	config: SendConfig;
	runs: SendRunResult[];
}

/**
 * Measurement 5: the same send at 200, 2,000 and 20,000 items against the sandbox without latency (mode a), with
 * the n8n process's RSS sampled during each run. Interleaved like the send measurement.
 */
export async function measureGrowth(
	env: BenchEnvironment,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<GrowthCase[]> {
	const mode = SANDBOX_MODES[0];
	const cases: GrowthCase[] = [];
	const workflows = new Map<string, string>();
	for (const items of GROWTH_SIZES) {
		for (const config of SEND_CONFIGS.filter((candidate) =>
			GROWTH_CONFIG_IDS.includes(candidate.id),
		)) {
			const id = `growth/${items}/${config.id}`;
			if (!selected(args, id)) continue;
			cases.push({ id, items, config, runs: [] });
			const workflow = sendWorkflow(
				`Bench growth ${items} ${config.id}`,
				items,
				SEND_CHATS,
				config.node(env.target),
			);
			workflows.set(id, (await env.n8n.client.createWorkflow(workflow)).id);
		}
	}
	let runNumber = 0;
	for (let rep = 0; rep < args.reps; rep++) {
		for (const growthCase of rotate(cases, rep)) {
			const result = await runSend({
				keepCallsIn: args.profile
					? join(env.workFolder, `calls-${++runNumber}-${growthCase.id.replaceAll('/', '-')}.json`)
					: undefined,
				client: env.n8n.client,
				sandbox: env.sandbox,
				sandboxOriginEpochMs: env.sandboxOriginEpochMs,
				n8nPid: env.n8n.pid,
				log,
				workflowId: workflows.get(growthCase.id) as string,
				mode,
				expected: messagesFor(growthCase.items, SEND_CHATS),
			});
			growthCase.runs.push(result);
			const peak = ((result.memory?.peakBytes ?? 0) / 1024 / 1024).toFixed(0);
			log(
				`${growthCase.id} rep ${rep + 1}/${args.reps}: ${(result.nodeMs / 1000).toFixed(2)} s, delivered ${result.delivered}, peak RSS ${peak} MB, ${result.status}`,
			);
		}
	}
	return cases;
}
