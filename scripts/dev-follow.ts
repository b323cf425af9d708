import type { DeliveryLogEntry, FakeTelegramControl, SelartiControl } from '../sandbox';

/**
 * What `npm run dev` shows while it runs: the AI's replies on their way back to the user, and every webhook delivery
 * of the sandbox that n8n did not accept, with what to do about it (the sandbox would otherwise retry in silence).
 */

type Say = (line: string) => void;

/** The line for a failed delivery, and for a rejected secret the one command that points the sandbox at the new URL. */
export function describeFailedDelivery(delivery: DeliveryLogEntry, sandboxUrl: string): string[] {
	const answer =
		delivery.status === 0
			? `no answer (${delivery.error ?? 'connection failed'})`
			: `HTTP ${delivery.status}`;
	const lines = [
		`[Selarti sandbox → n8n] the ${delivery.messageType} message of chat ${delivery.chatId} was not accepted at ${delivery.url}: ${answer}`,
	];
	if (delivery.status === 401 || delivery.status === 403) {
		const withSecret = new URL(delivery.url);
		withSecret.searchParams.set('secret', 'YOUR_SECRET');
		const body = JSON.stringify({ url: withSecret.toString() });
		lines.push(
			'  The Selarti Trigger takes only URLs with ?secret= and the Webhook Secret of its Selarti API credential: in',
			"  Selarti you add it to the integration's URL. For the sandbox, run this with YOUR_SECRET replaced by it:",
			`  curl -s -X PUT ${sandboxUrl}/__control/tasks/${delivery.taskId}/webhooks -H 'content-type: application/json' -d '${body}'`,
		);
	} else if (delivery.status === 404) {
		lines.push(
			'  n8n has no active webhook at that URL: is the workflow active (published), and is this its Production URL?',
		);
	}
	return lines;
}

/** Polls the fakes once a second and reports what they saw since the last poll; stops when they stop answering. */
export function followFakes(
	telegram: FakeTelegramControl,
	sandbox: SelartiControl,
	sandboxUrl: string,
	say: Say,
): void {
	let telegramSince = 0;
	let deliveriesSince = 0;
	const poll = async () => {
		try {
			for (const message of await telegram.sentMessages({ since: telegramSince })) {
				telegramSince = Math.max(telegramSince, message.seq);
				say(`[Telegram → chat ${message.chatId}] ${message.text ?? `(${message.method})`}`);
			}
			for (const delivery of await sandbox.deliveries({ since: deliveriesSince })) {
				deliveriesSince = Math.max(deliveriesSince, delivery.seq);
				if (delivery.status < 200 || delivery.status >= 300)
					describeFailedDelivery(delivery, sandboxUrl).forEach(say);
			}
		} catch {
			// The fakes are stopping.
		}
		setTimeout(poll, 1000).unref();
	};
	void poll();
}
