import { table, verdict } from '../markdown';
import { BURST_SIZE, SENDERS, type ReceiveCase, type ReceiveRun } from '../receive';
import {
	formatCount,
	formatMs,
	formatRatio,
	formatSeconds,
	formatSpread,
	pairedRatios,
	spread,
} from '../stats';

const rates = (runs: ReceiveRun[]) => runs.map((run) => run.requestsPerSecond);
const counts = (runs: ReceiveRun[], pick: (run: ReceiveRun) => number) =>
	formatSpread(spread(runs.map(pick)), formatCount);

function streamTable(cases: ReceiveCase[], baseline: ReceiveCase | undefined): string {
	const rows = cases.map(({ scenario, runs }) => [
		scenario.label,
		formatSpread(spread(rates(runs)), (n) => `${n.toFixed(1)}/s`),
		baseline
			? formatSpread(spread(pairedRatios(rates(runs), rates(baseline.runs))), formatRatio)
			: 'n/a',
		formatSpread(spread(runs.map((run) => run.p50Ms)), formatMs),
		formatSpread(spread(runs.map((run) => run.p99Ms)), formatMs),
		counts(runs, (run) => run.accepted),
		`${counts(runs, (run) => run.executions)} of ${scenario.expectedExecutions}`,
		formatSpread(spread(runs.map((run) => run.recordedAfterMs)), formatSeconds),
	]);
	return table(
		[
			'Receiver',
			'webhooks/s',
			`× ${baseline?.scenario.label ?? 'baseline'}`,
			'p50',
			'p99',
			'answered 2xx',
			'executions recorded',
			'all recorded after',
		],
		rows,
	);
}

/**
 * When this n8n takes an expression isolate for a webhook: for every community trigger's (n8n 2.x at its defaults),
 * only when the webhook evaluates an expression (lazy acquisition), or never (n8n 1.x, the legacy engine). The
 * issue's targets differ: at the first the trigger is held to the control that n8n gates the same way, otherwise to
 * n8n's own Webhook node.
 */
export type IsolateAcquisition = 'every trigger' | 'when evaluated' | 'none';

export function isolateAcquisition(
	n8nVersion: string,
	n8nEnv: Record<string, string>,
): IsolateAcquisition {
	if (!n8nVersion.startsWith('2.') || n8nEnv.N8N_EXPRESSION_ENGINE === 'legacy') return 'none';
	return n8nEnv.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE === 'true' ? 'when evaluated' : 'every trigger';
}

const CONTROL_NOTES: Record<IsolateAcquisition, string> = {
	'every trigger':
		'Control: at these settings n8n takes its expression isolate in the webhook phase of every trigger except its ' +
		'own Webhook node from version 2 on, so the Selarti Trigger is held to the Webhook node v1, which n8n handles ' +
		'the same way; against the Webhook node it is bound by n8n, not by the node.',
	'when evaluated':
		'At these settings n8n takes an expression isolate for a webhook only when it evaluates an expression, and ' +
		"neither the Selarti Trigger (version 2) nor n8n's Webhook node evaluates one, so the trigger is held to the " +
		"Webhook node, and on the mixed stream to a Webhook node that drops the customer's own messages with an IF " +
		'node (which evaluates one). The Webhook node v1 still does for every webhook (n8n parses the body of a ' +
		'version-1 start node through an expression).',
	none:
		"This n8n has no expression isolates, so the Selarti Trigger is held to n8n's own Webhook node, and on the mixed " +
		"stream to a Webhook node that drops the customer's own messages with an IF node.",
};

export function receiveSection(cases: ReceiveCase[], isolates: IsolateAcquisition): string {
	const parts = [
		`### 2. Receive: bursts of ${BURST_SIZE.toLocaleString('en')} webhooks from ${SENDERS} concurrent senders`,
		'',
		'Each burst goes to a freshly activated workflow (production URL); both receivers answer on receipt. webhooks/s = ' +
			'answered webhooks / (first sent → last answered); p50/p99 per request. "all recorded after" = from the first ' +
			'request until n8n had saved the expected executions (polled every 500 ms). Medians (min–max) over the repetitions.',
	];
	const find = (id: string) => cases.find((c) => c.scenario.id === id);
	const ratioTarget = (
		label: string,
		selarti?: ReceiveCase,
		baseline?: ReceiveCase,
		needed = 1,
	) => {
		if (!selarti || !baseline) return [];
		const ratio = spread(pairedRatios(rates(selarti.runs), rates(baseline.runs)));
		return [
			`- ${label}: Selarti Trigger ≥ ${needed} × ${baseline.scenario.label}: ${formatSpread(ratio, formatRatio)} → ${verdict(ratio.median >= needed)}`,
		];
	};
	for (const stream of ['bot', 'mixed'] as const) {
		const streamCases = cases.filter((c) => c.scenario.stream === stream);
		if (streamCases.length === 0) continue;
		const baseline = stream === 'bot' ? find('bot/webhook') : find('mixed/webhook-if');
		const title =
			stream === 'bot'
				? 'Every webhook an AI answer (bot): each one starts an execution'
				: 'Realistic "All messages" stream: half the customer\'s own messages (user), half the AI\'s (bot)';
		parts.push('', `**${title}**`, '', streamTable(streamCases, baseline));
	}
	const trigger = find('bot/selarti-trigger');
	const targets =
		isolates === 'every trigger'
			? ratioTarget(
					'Throughput, isolate taken for every webhook',
					trigger,
					find('bot/webhook-v1'),
					1,
				)
			: [
					...ratioTarget('Throughput', trigger, find('bot/webhook'), 0.95),
					...ratioTarget(
						'Mixed stream',
						find('mixed/selarti-trigger'),
						find('mixed/webhook-if'),
						1.8,
					),
				];
	for (const { scenario, runs } of cases.filter((c) => c.scenario.id.includes('selarti'))) {
		// Every webhook answered, and exactly the ones the filter lets through became executions.
		const complete = runs.every(
			(run) => run.accepted === BURST_SIZE && run.executions === scenario.expectedExecutions,
		);
		targets.push(
			`- Every accepted webhook recorded (${scenario.label}, ${scenario.stream} stream): ${verdict(complete)}`,
		);
	}
	if (targets.length > 0) parts.push('', 'Targets:', '', ...targets);
	parts.push('', CONTROL_NOTES[isolates]);
	return parts.join('\n');
}
