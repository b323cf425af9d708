import { table } from '../markdown';
import { formatMs, formatSpread, median, spread } from '../stats';
import { ANSWERS, DEFAULTS_REPLY_DELAY_MS, PART_GAP_MS, type DefaultsRun } from '../wait/defaults';

/** One package's runs: the current one, and with --compare an earlier commit measured in the same bench run. */
export interface DefaultsMeasurement {
	label: string;
	runs: DefaultsRun[];
}

const learning = 3;

export function defaultsSection(measured: DefaultsMeasurement[]): string {
	const over =
		(values: (run: DefaultsRun) => number[]) =>
		({ runs }: DefaultsMeasurement) =>
			formatSpread(spread(runs.map((run) => median(values(run)))), formatMs);
	const rows: Array<[string, (measurement: DefaultsMeasurement) => string]> = [
		[
			`one-part answers 1–${learning} of a new task: time over the AI's message, median`,
			over((run) => run.onePartOverMs.slice(0, learning)),
		],
		[
			`one-part answers ${learning + 1}–${ANSWERS}`,
			over((run) => run.onePartOverMs.slice(learning)),
		],
		[
			`three-part answers 1–${ANSWERS}: time over the AI's last message, median`,
			over((run) => run.threePartOverMs),
		],
		[
			'three-part answers that carried all three parts',
			({ runs }) => runs.map((run) => `${run.threePartComplete}/${ANSWERS}`).join(', '),
		],
	];
	return [
		'## Send and Wait for Reply at its defaults',
		'',
		`Webhook → Selarti (Send and Wait for Reply, every option at its default: Combine Replies Within 3 s) → Respond to Webhook. ${ANSWERS} questions one after another to a new task whose AI answers ${DEFAULTS_REPLY_DELAY_MS} ms after each in one message, then ${ANSWERS} to a new task whose AI answers in three messages ${PART_GAP_MS} ms apart. The time the caller waits beyond the AI's (last) message: median per task, then the median of the repetitions with the lowest and highest.${measured.length > 1 ? ' Each package in its own n8n of the same version and settings, one after the other in one bench run.' : ''}`,
		'',
		table(
			['figure', ...measured.map((measurement) => measurement.label)],
			rows.map(([name, value]) => [name, ...measured.map(value)]),
		),
	].join('\n');
}
