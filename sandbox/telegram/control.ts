import type {
	BotApiCall,
	PostUpdateInput,
	PostUpdateResult,
	SentMessage,
	UpdateDelivery,
} from './types';

export interface WebhookView {
	botId: number;
	username?: string;
	url: string;
	/** Whether a secret token was registered (its value is never shown). */
	hasSecretToken: boolean;
	allowedUpdates: string[];
}

export interface SentQuery {
	chatId?: string | number;
	/** Only entries with seq greater than this. */
	since?: number;
}

/** Same interface in-process (`fakeTelegram.control`) and over HTTP (`createFakeTelegramControlClient`). */
export interface FakeTelegramControl {
	/** A user's text message from private chat chatId, POSTed to the bot's webhook with its secret token header. */
	postUpdate(input: PostUpdateInput): Promise<PostUpdateResult>;
	sentMessages(query?: SentQuery): Promise<SentMessage[]>;
	/** Resolves once at least `count` messages (for chatId, after since) were sent; throws on timeout. */
	waitForSent(count: number, query?: SentQuery & { timeoutMs?: number }): Promise<SentMessage[]>;
	webhooks(): Promise<WebhookView[]>;
	calls(since?: number): Promise<BotApiCall[]>;
	updateDeliveries(since?: number): Promise<UpdateDelivery[]>;
	/**
	 * Forgets sent messages, logs and queued updates. Webhooks stay registered (n8n set them, as with
	 * the real Telegram) unless webhooks: true, which forgets the bots altogether.
	 */
	reset(options?: { webhooks?: boolean }): Promise<void>;
}
