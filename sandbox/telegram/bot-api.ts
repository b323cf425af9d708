import type { Params } from '../shared/body-params';
import type { BoundedLog } from '../shared/bounded-log';
import { elapsedMs } from '../shared/timing';
import type { Bot } from './bots';
import type { SentMessage, TelegramChat, TelegramMessage } from './types';

export interface BotApiAnswer {
	status: number;
	body:
		| { ok: true; result: unknown; description?: string }
		| { ok: false; error_code: number; description: string };
}

const ok = (result: unknown, description?: string): BotApiAnswer => ({
	status: 200,
	body: description === undefined ? { ok: true, result } : { ok: true, result, description },
});

export const botApiError = (status: number, description: string): BotApiAnswer => ({
	status,
	body: { ok: false, error_code: status, description },
});

const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export interface BotApiDeps {
	sent: BoundedLog<SentMessage>;
	origin: number;
}

/** Telegram numbers where it can, as the real API does for private chats. */
function chatIdValue(chatId: string): number | string {
	return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

function privateChat(chatId: string): TelegramChat {
	const id = chatIdValue(chatId);
	return typeof id === 'number'
		? {
				id,
				type: 'private',
				first_name: 'Sandbox',
				last_name: `User ${id}`,
				username: `user${Math.abs(id)}`,
			}
		: { id: 0, type: 'channel', title: chatId, username: chatId.replace(/^@/, '') };
}

function stringParam(params: Params, name: string): string | undefined {
	const value = params[name];
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

/** allowed_updates arrives as a JSON array, or as a JSON string in form/query parameters. */
function listParam(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value.trim().startsWith('[')) {
		try {
			const parsed: unknown = JSON.parse(value);
			return Array.isArray(parsed) ? parsed.map(String) : [];
		} catch {
			return [];
		}
	}
	return [];
}

const truthy = (value: unknown): boolean =>
	value === true || value === 'true' || value === '1' || value === 1;

/**
 * The Bot API methods n8n's Telegram Trigger and Telegram node use (getMe for the credential test,
 * get/set/deleteWebhook on activation, sendMessage and friends on send), with Telegram's envelopes.
 */
export function runBotMethod(
	bot: Bot,
	method: string,
	params: Params,
	deps: BotApiDeps,
): BotApiAnswer {
	const name = method.toLowerCase();
	switch (name) {
		case 'getme':
			return ok({
				...bot.user,
				can_join_groups: true,
				can_read_all_group_messages: false,
				supports_inline_queries: false,
			});
		case 'setwebhook':
			return setWebhook(bot, params);
		case 'deletewebhook': {
			const had = bot.webhook !== undefined;
			bot.webhook = undefined;
			if (truthy(params.drop_pending_updates)) bot.pending = [];
			return ok(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
		}
		case 'getwebhookinfo':
			return ok({
				url: bot.webhook?.url ?? '',
				has_custom_certificate: false,
				pending_update_count: bot.pending.length,
				...(bot.webhook
					? { max_connections: bot.webhook.maxConnections, ip_address: '127.0.0.1' }
					: {}),
				...(bot.webhook && bot.webhook.allowedUpdates.length > 0
					? { allowed_updates: bot.webhook.allowedUpdates }
					: {}),
				...(bot.lastErrorDate === undefined
					? {}
					: { last_error_date: bot.lastErrorDate, last_error_message: bot.lastErrorMessage }),
			});
		case 'getupdates':
			return getUpdates(bot, params);
		case 'sendmessage':
		case 'sendphoto':
		case 'senddocument':
		case 'sendaudio':
		case 'sendvideo':
		case 'sendanimation':
		case 'sendsticker':
		case 'sendlocation':
			return sendMessage(bot, method, params, deps);
		case 'editmessagetext': {
			const chatId = stringParam(params, 'chat_id');
			const messageId = Number(stringParam(params, 'message_id'));
			if (!chatId || !Number.isInteger(messageId))
				return botApiError(400, 'Bad Request: message to edit not found');
			return ok({
				message_id: messageId,
				from: bot.user,
				chat: privateChat(chatId),
				date: unixNow(),
				edit_date: unixNow(),
				text: stringParam(params, 'text') ?? '',
			});
		}
		case 'getchat': {
			const chatId = stringParam(params, 'chat_id');
			return chatId ? ok(privateChat(chatId)) : botApiError(400, 'Bad Request: chat_id is empty');
		}
		case 'sendchataction':
		case 'deletemessage':
		case 'answercallbackquery':
		case 'pinchatmessage':
		case 'unpinchatmessage':
		case 'logout':
		case 'close':
			return ok(true);
		default:
			return botApiError(404, 'Not Found');
	}
}

function setWebhook(bot: Bot, params: Params): BotApiAnswer {
	const url = stringParam(params, 'url') ?? '';
	if (url === '') {
		const had = bot.webhook !== undefined;
		bot.webhook = undefined;
		return ok(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
	}
	try {
		new URL(url);
	} catch {
		return botApiError(400, 'Bad Request: bad webhook: invalid URL');
	}
	const secretToken = stringParam(params, 'secret_token');
	if (secretToken !== undefined && secretToken !== '' && !SECRET_TOKEN_PATTERN.test(secretToken)) {
		return botApiError(400, 'Bad Request: secret token contains unallowed characters');
	}
	const unchanged = bot.webhook?.url === url;
	bot.webhook = {
		url,
		secretToken: secretToken || undefined,
		allowedUpdates: listParam(params.allowed_updates),
		maxConnections: Number(stringParam(params, 'max_connections') ?? 40),
	};
	if (truthy(params.drop_pending_updates)) bot.pending = [];
	bot.lastErrorDate = undefined;
	bot.lastErrorMessage = undefined;
	return ok(true, unchanged ? 'Webhook is already set' : 'Webhook was set');
}

function getUpdates(bot: Bot, params: Params): BotApiAnswer {
	if (bot.webhook) {
		return botApiError(
			409,
			"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
		);
	}
	const offset = Number(stringParam(params, 'offset') ?? 0);
	if (offset > 0) bot.pending = bot.pending.filter((update) => update.update_id >= offset);
	const limit = Number(stringParam(params, 'limit') ?? 100);
	return ok(bot.pending.slice(0, limit));
}

function sendMessage(bot: Bot, method: string, params: Params, deps: BotApiDeps): BotApiAnswer {
	const chatId = stringParam(params, 'chat_id');
	if (!chatId) return botApiError(400, 'Bad Request: chat_id is empty');
	const text = stringParam(params, 'text');
	if (method.toLowerCase() === 'sendmessage' && !text)
		return botApiError(400, 'Bad Request: message text is empty');
	const messageId = bot.nextMessageId++;
	const rest = Object.fromEntries(
		Object.entries(params).filter(([name]) => name !== 'chat_id' && name !== 'text'),
	);
	deps.sent.append({
		at: elapsedMs(deps.origin),
		botId: bot.user.id,
		method,
		chatId,
		text,
		parseMode: stringParam(params, 'parse_mode'),
		messageId,
		params: rest,
	});
	const message: TelegramMessage = {
		message_id: messageId,
		from: bot.user,
		chat: privateChat(chatId),
		date: unixNow(),
	};
	if (text !== undefined) message.text = text;
	const caption = stringParam(params, 'caption');
	if (caption !== undefined) message.caption = caption;
	return ok(message);
}

export function unixNow(): number {
	return Math.floor(Date.now() / 1000);
}
