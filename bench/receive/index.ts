import type { MessageType } from '../../sandbox';
import { selected, type BenchArgs } from '../args';
import type { BenchEnvironment } from '../environment';
import { countExecutions } from '../executions';
import { rotate } from '../order';
import { allBot, halfUserHalfBot, webhookBodies } from '../payloads';
import { percentile } from '../stats';
import { waitUntilQuiet } from '../settle';
import { waitForWebhook } from '../webhooks';
import { sendBurst } from './burst';
import { selartiTriggerReceiver, webhookReceiver, type ReceiveWorkflow } from './workflows';

export const BURST_SIZE = 1_000;
export const SENDERS = 10;
const WARM_UP_BURST = 100;

export interface ReceiveScenario {
	id: string;
	label: string;
	stream: 'bot' | 'mixed';
	receiver: (credential: { id: string; name: string }) => ReceiveWorkflow;
	types: (index: number) => MessageType;
	/** Executions that should be recorded for one burst. */
	expectedExecutions: number;
}

export const RECEIVE_SCENARIOS: ReceiveScenario[] = [
	{
		id: 'bot/webhook',
		label: 'Webhook node',
		stream: 'bot',
		receiver: () => webhookReceiver(false),
		types: allBot,
		expectedExecutions: BURST_SIZE,
	},
	{
		id: 'bot/selarti-trigger',
		label: 'Selarti Trigger',
		stream: 'bot',
		receiver: (credential) => selartiTriggerReceiver(credential),
		types: allBot,
		expectedExecutions: BURST_SIZE,
	},
	// Control: n8n's own Webhook node handled as n8n handles every other trigger (expression isolate per webhook).
	{
		id: 'bot/webhook-v1',
		label: 'Webhook node v1 (control)',
		stream: 'bot',
		receiver: () => webhookReceiver(false, 1),
		types: allBot,
		expectedExecutions: BURST_SIZE,
	},
	{
		id: 'mixed/webhook-if',
		label: 'Webhook node + IF (drops user)',
		stream: 'mixed',
		receiver: () => webhookReceiver(true),
		types: halfUserHalfBot,
		expectedExecutions: BURST_SIZE,
	},
	{
		id: 'mixed/selarti-trigger',
		label: 'Selarti Trigger, default filter',
		stream: 'mixed',
		receiver: (credential) => selartiTriggerReceiver(credential),
		types: halfUserHalfBot,
		expectedExecutions: BURST_SIZE / 2,
	},
	// Diagnostic (only with --filter diag-): what the trigger's repeated-delivery memory costs per webhook.
	{
		id: 'diag-bot/selarti-trigger-no-repeat-check',
		label: 'Selarti Trigger, Ignore Repeated Deliveries off',
		stream: 'bot',
		receiver: (credential) =>
			selartiTriggerReceiver(credential, { options: { ignoreRepeatedDeliveries: false } }),
		types: allBot,
		expectedExecutions: BURST_SIZE,
	},
];

export interface ReceiveRun {
	accepted: number;
	failed: number;
	requestsPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	executions: number;
	successfulExecutions: number;
	/** From the first request until n8n had recorded the expected executions (polled every 500 ms). */
	recordedAfterMs: number;
}

export interface ReceiveCase {
	scenario: ReceiveScenario;
	runs: ReceiveRun[];
}

/**
 * Measurement 2: bursts of 1,000 webhooks from 10 concurrent senders into active workflows. Each repetition deploys
 * fresh workflows (so counting their executions is exact) and runs the scenarios in rotating order; after each burst
 * it waits until n8n has recorded the executions, so one burst's work never spills into the next.
 */
export async function measureReceive(
	env: BenchEnvironment,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<ReceiveCase[]> {
	const cases = RECEIVE_SCENARIOS.filter((scenario) => selected(args, scenario.id)).map(
		(scenario) => ({ scenario, runs: [] as ReceiveRun[] }),
	);
	const client = env.n8n.client;
	/** Deploys the scenario's workflow fresh, sends `count` webhooks, waits for their executions, deactivates it. */
	const burstInto = async (scenario: ReceiveScenario, count: number) => {
		await waitUntilQuiet(env.n8n.pid, log);
		const { workflow, webhookPath } = scenario.receiver(env.target.selartiCredential);
		const { id } = await client.createWorkflow(workflow);
		await client.activateWorkflow(id);
		try {
			await waitForWebhook(client, webhookPath);
			const bodies = webhookBodies(count, scenario.types, env.sandbox.url);
			const started = performance.now();
			const burst = await sendBurst(`${env.n8n.baseUrl}/webhook/${webhookPath}`, bodies, SENDERS);
			const expected = (scenario.expectedExecutions * count) / BURST_SIZE;
			const recorded = await waitForExecutions(env, id, expected);
			return { burst, recorded, started };
		} finally {
			await client.deactivateWorkflow(id);
		}
	};
	// A short discarded burst per scenario first, so none meets a cold n8n (JIT, first database writes).
	for (const { scenario } of cases) {
		const { burst } = await burstInto(scenario, WARM_UP_BURST);
		log(
			`receive warm-up ${scenario.id}: ${((burst.accepted / burst.wallMs) * 1000).toFixed(1)}/s (discarded)`,
		);
	}
	for (let rep = 0; rep < args.reps; rep++) {
		for (const receiveCase of rotate(cases, rep)) {
			const { scenario } = receiveCase;
			const { burst, recorded, started } = await burstInto(scenario, BURST_SIZE);
			const run: ReceiveRun = {
				accepted: burst.accepted,
				failed: burst.failed,
				requestsPerSecond: (burst.accepted / burst.wallMs) * 1000,
				p50Ms: percentile(burst.latenciesMs, 0.5),
				p99Ms: percentile(burst.latenciesMs, 0.99),
				executions: recorded.total,
				successfulExecutions: recorded.success,
				recordedAfterMs: recorded.at - started,
			};
			receiveCase.runs.push(run);
			log(
				`receive ${scenario.id} rep ${rep + 1}/${args.reps}: ${run.requestsPerSecond.toFixed(1)}/s, p50 ${run.p50Ms.toFixed(0)} ms, ` +
					`p99 ${run.p99Ms.toFixed(0)} ms, accepted ${run.accepted}, executions ${run.executions} (${run.successfulExecutions} ok)`,
			);
		}
	}
	return cases;
}

/** Polls until the workflow has `expected` finished executions, or its count has not moved for 15 s. */
async function waitForExecutions(env: BenchEnvironment, workflowId: string, expected: number) {
	let last = { total: -1, success: 0 };
	let lastChange = performance.now();
	for (;;) {
		const counted = await countExecutions(env.n8n.client, workflowId);
		const now = performance.now();
		if (counted.success >= expected) return { ...counted, at: now };
		if (counted.total !== last.total || counted.success !== last.success) lastChange = now;
		else if (now - lastChange > 15_000) return { ...counted, at: Number.NaN };
		last = counted;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
