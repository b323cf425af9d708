/** The slices of the Telegram Bot API objects that the fake produces. */
export interface TelegramUser {
	id: number;
	is_bot: boolean;
	first_name: string;
	last_name?: string;
	username?: string;
	language_code?: string;
}

export interface TelegramChat {
	id: number;
	type: 'private' | 'group' | 'supergroup' | 'channel';
	first_name?: string;
	last_name?: string;
	username?: string;
	title?: string;
}

export interface TelegramMessage {
	message_id: number;
	from?: TelegramUser;
	chat: TelegramChat;
	date: number;
	text?: string;
	caption?: string;
	entities?: { type: string; offset: number; length: number }[];
}

export interface TelegramUpdate {
	update_id: number;
	message?: TelegramMessage;
}

export interface WebhookRegistration {
	url: string;
	/** Sent back as X-Telegram-Bot-Api-Secret-Token with every update. */
	secretToken?: string;
	allowedUpdates: string[];
	maxConnections: number;
}

/** A message some workflow sent through the fake (sendMessage and the other send* methods). */
export interface SentMessage {
	seq: number;
	/** ms since the fake started. */
	at: number;
	botId: number;
	method: string;
	chatId: string;
	text?: string;
	parseMode?: string;
	messageId: number;
	/** Every other parameter the caller sent (reply_markup, disable_web_page_preview, …). */
	params: Record<string, unknown>;
}

export interface BotApiCall {
	seq: number;
	at: number;
	botId: number;
	method: string;
	httpMethod: string;
	status: number;
}

export interface UpdateDelivery {
	seq: number;
	at: number;
	botId: number;
	updateId: number;
	url: string;
	/** Status answered by the webhook receiver (n8n answers 403 for a wrong secret token); 0 = no answer. */
	status: number;
	error?: string;
	durationMs: number;
}

export interface PostUpdateInput {
	/** The private chat (= user id) the message comes from. */
	chatId: number | string;
	text: string;
	/** Overrides of the sender (first_name, username, …). */
	from?: Partial<TelegramUser>;
	/** Which bot receives it; needed only when several bots have a webhook. */
	token?: string;
}

export interface PostUpdateResult {
	update: TelegramUpdate;
	/** True when a webhook received it with a 2xx answer. */
	delivered: boolean;
	/** Receiver's status; undefined when no webhook was set (the update waits for getUpdates). */
	status?: number;
	error?: string;
}
