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

export function receiveSection(cases: ReceiveCase[]): string {
	const parts = [
		`### 2. Receive: bursts of ${BURST_SIZE.toLocaleString('en')} webhooks from ${SENDERS} concurrent senders`,
		'',
		'Each burst goes to a freshly activated workflow (production URL); both receivers answer on receipt. webhooks/s = ' +
			'answered webhooks / (first sent → last answered); p50/p99 per request. "all recorded after" = from the first ' +
			'request until n8n had saved the expected executions (polled every 500 ms). Medians (min–max) over the repetitions.',
	];
	const find = (id: string) => cases.find((c) => c.scenario.id === id);
	const targets: string[] = [];
	for (const stream of ['bot', 'mixed'] as const) {
		const streamCases = cases.filter((c) => c.scenario.stream === stream);
		if (streamCases.length === 0) continue;
		const baseline = stream === 'bot' ? find('bot/webhook') : find('mixed/webhook-if');
		const title =
			stream === 'bot'
				? 'Every webhook an AI answer (bot): each one starts an execution'
				: 'Realistic "All messages" stream: half the customer\'s own messages (user), half the AI\'s (bot)';
		parts.push('', `**${title}**`, '', streamTable(streamCases, baseline));
		const selarti = stream === 'bot' ? find('bot/selarti-trigger') : find('mixed/selarti-trigger');
		if (selarti && baseline) {
			const ratio = spread(pairedRatios(rates(selarti.runs), rates(baseline.runs)));
			const needed = stream === 'bot' ? 0.95 : 1.8;
			targets.push(
				`- ${stream === 'bot' ? 'Throughput' : 'Mixed stream'}: Selarti Trigger ≥ ${needed} × ${baseline.scenario.label}: ${formatSpread(ratio, formatRatio)} → ${verdict(ratio.median >= needed)}`,
			);
		}
	}
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
	const control = find('bot/webhook-v1');
	const trigger = find('bot/selarti-trigger');
	if (control && trigger) {
		const ratio = spread(pairedRatios(rates(trigger.runs), rates(control.runs)));
		parts.push(
			'',
			'Control: n8n 2.x skips its expression isolate in the webhook phase only for its own Webhook node from version 2 on; ' +
				'every other trigger, the Selarti Trigger and the Webhook node v1 included, waits for it on every webhook. ' +
				`Selarti Trigger ÷ Webhook node v1: ${formatSpread(ratio, formatRatio)}.`,
		);
	}
	return parts.join('\n');
}
