import type { BoundedLog } from '../shared/bounded-log';
import type { OutgoingPoster } from '../shared/outgoing';
import { elapsedMs, sleep } from '../shared/timing';
import type { RuntimeOptions } from './options';
import { encodeWebhookPayload, type MessageType, type WebhookPayload } from './webhook-payload';

export interface DeliveryLogEntry {
	seq: number;
	/** Start of this attempt, ms since the sandbox started. */
	at: number;
	url: string;
	taskId: string;
	chatId: string;
	messageId: string;
	messageType: MessageType;
	text: string;
	/** 1, or 2 for the second copy sent by the duplicate-webhooks option. */
	copy: number;
	attempt: number;
	/** HTTP status answered by the receiver; 0 when it did not answer. */
	status: number;
	error?: string;
	durationMs: number;
}

const isRetryable = (status: number): boolean => status === 0 || status === 429 || status >= 500;

/**
 * Sends webhooks after the API call was answered, like the real platform. Jobs of one chat run one after
 * another (the user's message, then the AI's answer, then the next message of that chat), so a receiver
 * sees each chat in order; different chats are delivered concurrently over a bounded socket pool.
 */
export class WebhookDeliverer {
	private readonly chains = new Map<string, Promise<void>>();
	private pendingJobs = 0;
	private generation = 0;

	constructor(
		private readonly poster: OutgoingPoster,
		private readonly log: BoundedLog<DeliveryLogEntry>,
		private readonly options: () => RuntimeOptions,
		private readonly origin: number,
		private readonly onAttempt: (failed: boolean) => void = () => undefined,
	) {}

	get pending(): number {
		return this.pendingJobs;
	}

	/** Queues a job behind the previous jobs of the same chat. */
	enqueue(chainKey: string, job: (isCancelled: () => boolean) => Promise<void>): void {
		const generation = this.generation;
		const isCancelled = () => generation !== this.generation;
		this.pendingJobs++;
		const previous = this.chains.get(chainKey) ?? Promise.resolve();
		const next = previous
			.then(() => (isCancelled() ? undefined : job(isCancelled)))
			.catch(() => undefined)
			.finally(() => {
				this.pendingJobs--;
				if (this.chains.get(chainKey) === next) this.chains.delete(chainKey);
			});
		this.chains.set(chainKey, next);
	}

	/** Delivers one message to every URL (in parallel), each copy in turn, retrying as configured. */
	async deliver(
		urls: string[],
		payload: WebhookPayload,
		isCancelled: () => boolean,
	): Promise<void> {
		await Promise.all(urls.map((url) => this.deliverTo(url, payload, isCancelled)));
	}

	/** Forgets queued jobs (they are skipped) and waits for nothing: used by reset. */
	cancelAll(): void {
		this.generation++;
	}

	private async deliverTo(
		url: string,
		payload: WebhookPayload,
		isCancelled: () => boolean,
	): Promise<void> {
		const copies = this.options().duplicateWebhooks ? 2 : 1;
		for (let copy = 1; copy <= copies; copy++) {
			const { webhookRetries, webhookRetryDelayMs } = this.options();
			for (let attempt = 1; attempt <= webhookRetries + 1; attempt++) {
				if (isCancelled()) return;
				const status = await this.attempt(url, payload, copy, attempt);
				if (!isRetryable(status) || attempt > webhookRetries) break;
				await sleep(webhookRetryDelayMs * 2 ** (attempt - 1));
			}
		}
	}

	private async attempt(
		url: string,
		payload: WebhookPayload,
		copy: number,
		attempt: number,
	): Promise<number> {
		const { webhookEncoding, webhookTimeoutMs } = this.options();
		const { body, contentType } = encodeWebhookPayload(payload, webhookEncoding);
		const at = elapsedMs(this.origin);
		const result = await this.poster.post(
			url,
			body,
			{ 'content-type': contentType, 'user-agent': 'Selarti-Sandbox-Webhook/1.0' },
			webhookTimeoutMs,
		);
		this.log.append({
			at,
			url,
			taskId: String(payload.task_id),
			chatId: String(payload.external_chat_id),
			messageId: String(payload.message_id),
			messageType: payload.message_type as MessageType,
			text: String(payload.message_text),
			copy,
			attempt,
			status: result.status,
			error: result.error,
			durationMs: result.durationMs,
		});
		this.onAttempt(!(result.status >= 200 && result.status < 300));
		return result.status;
	}
}
