import { table } from '../markdown';
import { formatMs, formatSpread, median, percentile, spread } from '../stats';
import { ALONE, CONVERSATIONS, REPLY_DELAY_MS, type WaitRun } from '../wait';
import type { RegistryMemory } from '../wait/registryMemory';

export function waitSection(runs: WaitRun[], registry: RegistryMemory): string {
	const over = (values: (run: WaitRun) => number[], pick: (values: number[]) => number) =>
		formatSpread(spread(runs.map((run) => pick(values(run)) - REPLY_DELAY_MS)), formatMs);
	const together = (run: WaitRun) => run.answerMs;
	const alone = (run: WaitRun) => run.aloneMs;
	return [
		'## Send and Wait for Reply',
		'',
		`Webhook → Selarti (Send and Wait for Reply) → Respond to Webhook, with a Selarti Trigger handing the replies over; the sandbox answers each message after ${REPLY_DELAY_MS} ms. Time over that delay: what the send, the hand-over and n8n's wait and resume add, as the caller sees it, for ${ALONE} conversations one after another and for ${CONVERSATIONS} at once (median of the repetitions, with the lowest and highest).`,
		'',
		table(
			['figure', 'value'],
			[
				[
					`${CONVERSATIONS} at once: answered with the reply`,
					runs.map((run) => `${run.replied}/${CONVERSATIONS}`).join(', '),
				],
				[`one at a time: answer time over the reply delay, median`, over(alone, median)],
				[
					`${CONVERSATIONS} at once: answer time over the reply delay, median`,
					over(together, median),
				],
				['… 95th percentile', over(together, (values) => percentile(values, 0.95))],
				['… slowest', over(together, (values) => Math.max(...values))],
				[
					`memory of the package per waiting conversation, without a reply / with one held (its registry's heap after a full collection, ${registry.waits.toLocaleString('en')} waits)`,
					`${(registry.bytesPerWait / 1024).toFixed(1)} kB / ${(registry.bytesPerWaitWithReply / 1024).toFixed(1)} kB`,
				],
			],
		),
	].join('\n');
}
