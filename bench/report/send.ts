import { table, verdict } from '../markdown';
import { SEND_CHATS, SEND_ITEMS, type SendCase } from '../send';
import type { SendRunResult } from '../send/run';
import {
	formatCount,
	formatRatio,
	formatSeconds,
	formatSpread,
	pairedRatios,
	spread,
} from '../stats';

const BASELINE = 'http-defaults';
const SELARTI_DEFAULT = 'selarti-default';

const counts = (runs: SendRunResult[], pick: (run: SendRunResult) => number) =>
	formatSpread(spread(runs.map(pick)), formatCount);
const nodeTimes = (runs: SendRunResult[]) => runs.map((run) => run.nodeMs);

function statusText(runs: SendRunResult[]): string {
	const failedRuns = runs.filter((run) => run.status !== 'success').length;
	return failedRuns === 0 ? 'success' : `${failedRuns} of ${runs.length} runs failed`;
}

function modeTable(cases: SendCase[]): string {
	const mode = cases[0].mode;
	const baseline = cases.find((c) => c.config.id === BASELINE);
	const header = [
		'Configuration',
		'delivered',
		'failed',
		'duplicated',
		'out of order',
		'429 answers',
		'mean in flight at Selarti',
		'first call after',
		'send node time',
		`× ${baseline ? 'HTTP Request defaults' : 'baseline'}`,
	];
	if (mode.limitMs) header.push(`× ${formatSeconds(mode.limitMs(SEND_ITEMS))} limit`);
	header.push('execution');
	const rows = cases.map((sendCase) => {
		const { runs } = sendCase;
		const row = [
			sendCase.config.label,
			counts(runs, (run) => run.delivered),
			counts(runs, (run) => run.failed),
			counts(runs, (run) => run.duplicates),
			counts(runs, (run) => run.outOfOrder),
			counts(runs, (run) => run.rejected429),
			formatSpread(spread(runs.map((run) => run.meanInFlight)), (n) => n.toFixed(1)),
			formatSpread(spread(runs.map((run) => run.firstCallAfterMs)), formatSeconds),
			formatSpread(spread(nodeTimes(runs)), formatSeconds),
			baseline
				? formatSpread(spread(pairedRatios(nodeTimes(runs), nodeTimes(baseline.runs))), formatRatio)
				: 'n/a',
		];
		const limit = mode.limitMs?.(SEND_ITEMS);
		if (limit !== undefined)
			row.push(formatSpread(spread(nodeTimes(runs).map((ms) => ms / limit)), formatRatio));
		row.push(statusText(runs));
		return row;
	});
	return table(header, rows);
}

function targets(cases: SendCase[]): string[] {
	const lines: string[] = [];
	const find = (mode: string, config: string) =>
		cases.find((c) => c.mode.id === mode && c.config.id === config);
	const overheadSelarti = find('a', SELARTI_DEFAULT);
	const overheadHttp = find('a', BASELINE);
	if (overheadSelarti && overheadHttp) {
		const ratio = spread(
			pairedRatios(nodeTimes(overheadSelarti.runs), nodeTimes(overheadHttp.runs)),
		);
		lines.push(
			`- (a) Selarti at its default within 1.5 × the HTTP Request node's time: ${formatSpread(ratio, formatRatio)} → ${verdict(ratio.median <= 1.5)}`,
		);
	}
	const realistic = find('b', SELARTI_DEFAULT);
	if (realistic?.mode.limitMs) {
		const limit = realistic.mode.limitMs(SEND_ITEMS);
		const time = spread(nodeTimes(realistic.runs));
		const complete = realistic.runs.every(
			(run) => run.delivered === SEND_ITEMS && run.duplicates === 0 && run.outOfOrder === 0,
		);
		lines.push(
			`- (b) Selarti at its default delivers ${SEND_ITEMS} of ${SEND_ITEMS}, no duplicate, none out of order: ` +
				`${complete ? 'in every run' : 'not in every run'} → ${verdict(complete)}; within 1.3 × the ${formatSeconds(limit)} limit ` +
				`(${formatSeconds(1.3 * limit)}): ${formatSpread(time, formatSeconds)} → ${verdict(time.median <= 1.3 * limit)}`,
		);
	}
	return lines;
}

export function sendSection(cases: SendCase[]): string {
	const parts = [
		`### 1. Send: ${SEND_ITEMS.toLocaleString('en')} messages over ${SEND_CHATS} chats in one manual execution`,
		'',
		'Each cell: median (min–max) over the repetitions. Ratios are taken per repetition against the configuration ' +
			'measured beside it, then summarised. "send node time" is the time n8n records for the send node ' +
			'(start of its first try to the end of its last); "failed" = messages Selarti never accepted; duplicated and ' +
			'out of order come from the sandbox\'s log of accepted calls; "mean in flight" = the calls\' summed time at ' +
			'Selarti / (first arrival → last answer): how much of the capacity a configuration used; "first call after" = ' +
			"from the send node's start to the first call reaching Selarti.",
	];
	for (const modeId of ['a', 'b']) {
		const modeCases = cases.filter((c) => c.mode.id === modeId);
		if (modeCases.length === 0) continue;
		parts.push('', `**Sandbox ${modeCases[0].mode.label}**`, '', modeTable(modeCases));
	}
	const targetLines = targets(cases);
	if (targetLines.length > 0) parts.push('', 'Targets:', '', ...targetLines);
	return parts.join('\n');
}
