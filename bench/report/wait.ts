import { table } from '../markdown';
import { formatMs, formatSpread, median, percentile, spread } from '../stats';
import {
	ALONE,
	CONVERSATIONS,
	HELD,
	HELD_REPLY_DELAY_MS,
	REPLY_DELAY_MS,
	type WaitRun,
} from '../wait';
import type { RegistryMemory, RegistryTiming } from '../wait/registryMemory';

/** One package's runs: the current one, and with --compare an earlier commit measured in the same bench run. */
export interface WaitMeasurement {
	label: string;
	runs: WaitRun[];
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function waitSection(
	measured: WaitMeasurement[],
	registry: RegistryMemory,
	timing: RegistryTiming,
): string {
	const over =
		(values: (run: WaitRun) => number[], pick: (values: number[]) => number) =>
		({ runs }: WaitMeasurement) =>
			formatSpread(spread(runs.map((run) => pick(values(run)) - REPLY_DELAY_MS)), formatMs);
	const together = (run: WaitRun) => run.answerMs;
	const alone = (run: WaitRun) => run.aloneMs;
	const rows: Array<[string, (measurement: WaitMeasurement) => string]> = [
		[
			`${CONVERSATIONS} at once: answered with the reply`,
			({ runs }) => runs.map((run) => `${run.replied}/${CONVERSATIONS}`).join(', '),
		],
		['one at a time: answer time over the reply delay, median', over(alone, median)],
		[`${CONVERSATIONS} at once: answer time over the reply delay, median`, over(together, median)],
		['… 95th percentile', over(together, (values) => percentile(values, 0.95))],
		['… slowest', over(together, (values) => Math.max(...values))],
		[
			`n8n's resident memory per waiting conversation, ${HELD} waiting at once`,
			({ runs }) => formatSpread(spread(runs.map((run) => run.bytesPerHeldWait)), megabytes),
		],
	];
	/** A figure of the package at HEAD only: the registry's own, which earlier packages do not have. */
	const headOnly = (value: string) =>
		measured.map((_, index) => (index === measured.length - 1 ? value : '—'));
	return [
		'## Send and Wait for Reply',
		'',
		`Webhook → Selarti (Send and Wait for Reply) → Respond to Webhook, with a Selarti Trigger handing the replies over; the sandbox answers each message after ${REPLY_DELAY_MS} ms. Time over that delay: what the send, the hand-over and n8n add, as the caller sees it, for ${ALONE} conversations one after another and for ${CONVERSATIONS} at once; then ${HELD} conversations wait at once for a reply that takes ${HELD_REPLY_DELAY_MS / 1000} s, and n8n's resident memory while they wait (median of 40 samples) over its memory just before, per conversation, is what a waiting conversation costs. Median of the repetitions, with the lowest and highest.${measured.length > 1 ? ' Each package in its own n8n of the same version and settings, one after the other in one bench run.' : ''}`,
		'',
		table(
			['figure', ...measured.map((measurement) => measurement.label)],
			[
				...rows.map(([name, value]) => [name, ...measured.map(value)]),
				[
					`the package's own memory per waiting conversation, without a reply / with one held (its registry's heap after a full collection, ${registry.waits.toLocaleString('en')} waits)`,
					...headOnly(
						`${(registry.bytesPerWait / 1024).toFixed(1)} kB / ${(registry.bytesPerWaitWithReply / 1024).toFixed(1)} kB`,
					),
				],
				[
					`the registry: ${timing.oneChatRequests} requests of 1,000 conversations on one chat, the slowest (0.1.0: about 5 s each after 60)`,
					...headOnly(
						`${timing.oneChatSlowestOpenMs.toFixed(1)} ms, ${timing.oneChatRefused} refused as busy`,
					),
				],
				[
					'the registry: one reply offered, mean of 10,000',
					...headOnly(`${timing.microsecondsPerReply.toFixed(1)} µs`),
				],
			],
		),
	].join('\n');
}
