import { table, verdict } from '../markdown';
import { NORMALISER_CALLS, type NormaliserRun } from '../normaliser';
import type { ReceiveCase } from '../receive';
import { formatMicros, formatSpread, median, spread } from '../stats';

const TARGET_MICROS = 20;

/** The normaliser's median as a share of what one webhook cost in the receive measurement, when it ran. */
function shares(runs: NormaliserRun[], receive: ReceiveCase[] | undefined): string[] {
	const selarti = receive?.find((c) => c.scenario.id === 'bot/selarti-trigger');
	if (!selarti || selarti.runs.length === 0)
		return ['n/a (receive not measured in this run)', 'n/a'];
	const normaliserMs = median(runs.map((run) => run.medianNs)) / 1e6;
	const p50Ms = median(selarti.runs.map((run) => run.p50Ms));
	// With the senders keeping n8n busy, n8n handles one webhook every 1/rate seconds: its cost per webhook.
	const perWebhookMs = 1000 / median(selarti.runs.map((run) => run.requestsPerSecond));
	const percent = (part: number, whole: number) =>
		`${((part / whole) * 100).toPrecision(2)} % of ${whole.toFixed(0)} ms`;
	return [percent(normaliserMs, p50Ms), percent(normaliserMs, perWebhookMs)];
}

export function normaliserSection(
	runs: NormaliserRun[],
	receive: ReceiveCase[] | undefined,
): string {
	const medianSpread = spread(runs.map((run) => run.medianNs / 1000));
	const [ofLatency, ofCost] = shares(runs, receive);
	return [
		"### 3. Normaliser: the Selarti Trigger's parse + validate + normalise step alone",
		'',
		`The compiled trigger code from the packed tarball (dist/nodes/SelartiTrigger/payload), on n8n's own Node ` +
			`(${runs[0]?.node ?? '?'}) with n8n's zod: readRequestBody (n8n's parsed body + raw bytes) → normalisePayload ` +
			`(zod, all 20 fields) → toOutputJson, on 1,000 realistic payloads (≈ ${runs[0]?.bodyBytes ?? '?'} bytes each, ` +
			`half bot, half user). One fresh process per repetition; ${NORMALISER_CALLS.toLocaleString('en')} timed calls ` +
			'after 20,000 warm-up calls. Medians (min–max) over the repetitions.',
		'',
		table(
			[
				'per payload: median',
				'p99',
				"n8n's own JSON.parse of the body (median)",
				'share of the webhook p50 latency',
				"share of n8n's time per webhook (1 / webhooks/s)",
			],
			[
				[
					formatSpread(medianSpread, formatMicros),
					formatSpread(spread(runs.map((run) => run.p99Ns / 1000)), formatMicros),
					formatSpread(spread(runs.map((run) => run.jsonParseMedianNs / 1000)), formatMicros),
					ofLatency,
					ofCost,
				],
			],
		),
		'',
		`Target: median ≤ ${TARGET_MICROS} µs → ${verdict(medianSpread.median <= TARGET_MICROS)}`,
	].join('\n');
}
