import { GROWTH_SIZES, type GrowthCase } from '../growth';
import { table, verdict } from '../markdown';
import type { SendRunResult } from '../send/run';
import {
	formatMegabytes,
	formatRatio,
	formatSeconds,
	formatSpread,
	median,
	spread,
} from '../stats';

/** Noise allowance when calling growth linear: ×10 items may cost up to ×11. */
const LINEAR_MARGIN = 1.1;

/** Below this, an RSS increase is within the sampling's and the garbage collector's noise: no ratio is taken from it. */
const MEMORY_NOISE_BYTES = 16 * 1024 * 1024;

const times = (runs: SendRunResult[]) => runs.map((run) => run.nodeMs);
const increases = (runs: SendRunResult[]) =>
	runs.map((run) => (run.memory ? run.memory.peakBytes - run.memory.beforeBytes : Number.NaN));
const peaks = (runs: SendRunResult[]) => runs.map((run) => run.memory?.peakBytes ?? Number.NaN);

function growthRatios(
	cases: GrowthCase[],
	configId: string,
	pick: (runs: SendRunResult[]) => number[],
	noiseFloor = 0,
): string[] {
	const lines: string[] = [];
	for (let index = 1; index < GROWTH_SIZES.length; index++) {
		const small = cases.find(
			(c) => c.config.id === configId && c.items === GROWTH_SIZES[index - 1],
		);
		const large = cases.find((c) => c.config.id === configId && c.items === GROWTH_SIZES[index]);
		if (!small || !large) continue;
		const [smallMedian, largeMedian] = [median(pick(small.runs)), median(pick(large.runs))];
		const items = GROWTH_SIZES[index] / GROWTH_SIZES[index - 1];
		const step = `${GROWTH_SIZES[index - 1].toLocaleString('en')} → ${GROWTH_SIZES[index].toLocaleString('en')}`;
		if (smallMedian < noiseFloor) {
			const withinNoise =
				largeMedian <= items * noiseFloor
					? '**met**: within ×10 of the noise floor'
					: '**not linear**';
			lines.push(
				`${step}: the smaller run's increase is below ${noiseFloor / 1024 / 1024} MB, within noise (no ratio; ${withinNoise})`,
			);
			continue;
		}
		const ratio = largeMedian / smallMedian;
		lines.push(`${step}: ×${ratio.toFixed(1)} (${verdict(ratio <= items * LINEAR_MARGIN)})`);
	}
	return lines;
}

export function growthSection(cases: GrowthCase[]): string {
	const rows = cases
		.slice()
		.sort((a, b) => a.items - b.items || a.config.id.localeCompare(b.config.id))
		.map(({ items, config, runs }) => [
			items.toLocaleString('en'),
			config.label,
			formatSpread(spread(times(runs)), formatSeconds),
			formatSpread(
				spread(times(runs).map((ms) => (ms * 1000) / items)),
				(us) => `${(us / 1000).toFixed(2)} ms`,
			),
			formatSpread(spread(peaks(runs)), formatMegabytes),
			formatSpread(spread(increases(runs)), formatMegabytes),
			runs.every((run) => run.delivered === items)
				? 'all'
				: formatSpread(spread(runs.map((run) => run.delivered)), String),
		]);
	const configs = [...new Set(cases.map((c) => c.config.id))];
	const linearity = configs.flatMap((configId) => {
		const label = cases.find((c) => c.config.id === configId)?.config.label ?? configId;
		const timeGrowth = growthRatios(cases, configId, times);
		if (timeGrowth.length === 0) return [];
		return [
			`- ${label}, send node time: ${timeGrowth.join('; ')}`,
			`- ${label}, n8n RSS increase during the run: ${growthRatios(cases, configId, increases, MEMORY_NOISE_BYTES).join('; ')}`,
		];
	});
	const perItem = (configId: string, items: number) => {
		const found = cases.find((c) => c.config.id === configId && c.items === items);
		return found ? median(times(found.runs)) / items : Number.NaN;
	};
	const largest = GROWTH_SIZES[GROWTH_SIZES.length - 1];
	const selartiVsHttp = perItem('selarti-default', largest) / perItem('http-defaults', largest);
	return [
		'### 5. How cost grows with the number of items',
		'',
		'The send of measurement 1 at three sizes, sandbox mode (a) (no latency, unlimited capacity: pure overhead), ' +
			'interleaved. Memory: RSS of the n8n main process sampled every 100 ms during the execution; "increase" = peak ' +
			'minus the RSS when the run started. Medians (min–max).',
		'',
		table(
			[
				'items',
				'configuration',
				'send node time',
				'per item',
				'peak RSS',
				'RSS increase',
				'delivered',
			],
			rows,
		),
		'',
		...(linearity.length > 0
			? [
					`Growth for ×10 items (linear = ×10; verdict allows ×${(10 * LINEAR_MARGIN).toFixed(0)} for noise):`,
					'',
					...linearity,
				]
			: []),
		...(Number.isFinite(selartiVsHttp)
			? [
					'',
					`At ${largest.toLocaleString('en')} items the Selarti node takes ${formatRatio(selartiVsHttp)} the HTTP Request node's time per item.`,
				]
			: []),
	].join('\n');
}
