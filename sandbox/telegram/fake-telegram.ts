import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, type Params } from '../shared/body-params';
import { BoundedLog } from '../shared/bounded-log';
import { readBody, sendJson, startServer } from '../shared/http-server';
import { createPoster } from '../shared/outgoing';
import { elapsedMs, waitUntil } from '../shared/timing';
import { botApiError, runBotMethod, unixNow } from './bot-api';
import { BotRegistry, type Bot } from './bots';
import type { FakeTelegramControl, SentQuery } from './control';
import { createTelegramControlHandler } from './control-routes';
import type {
	BotApiCall,
	PostUpdateInput,
	SentMessage,
	TelegramUpdate,
	UpdateDelivery,
} from './types';

export interface FakeTelegramOptions {
	/** 0 (default) picks a free port; always 127.0.0.1. */
	port?: number;
	/** When given, only these bot tokens are valid (others get 401); by default any well-formed token is. */
	tokens?: string[];
	logLimit?: number;
	/** How long to wait for the webhook receiver (n8n) to answer an update. */
	webhookTimeoutMs?: number;
}

export interface FakeTelegram {
	/** The Base URL for n8n's Telegram credential, e.g. http://127.0.0.1:8081 */
	url: string;
	port: number;
	control: FakeTelegramControl;
	close(): Promise<void>;
}

/** /bot<token>/<method>, the shape n8n builds from the credential's Base URL. */
const BOT_PATH = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/;
const CONTROL_PREFIX = '/__control/';

/** Starts a fake of the Telegram Bot API for n8n's Telegram Trigger and Telegram nodes. */
export async function createFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
	const origin = performance.now();
	const logLimit = options.logLimit ?? 100_000;
	const bots = new BotRegistry(options.tokens ?? []);
	const sent = new BoundedLog<SentMessage>(logLimit);
	const calls = new BoundedLog<BotApiCall>(logLimit);
	const deliveries = new BoundedLog<UpdateDelivery>(logLimit);
	const poster = createPoster(16);
	let nextUpdateId = 100_000_001;
	const nextUserMessageId = new Map<string, number>();

	const buildUpdate = (input: PostUpdateInput): TelegramUpdate => {
		const chatId = Number(input.chatId);
		if (!Number.isSafeInteger(chatId))
			throw new Error('chatId must be an integer (a Telegram user id)');
		const messageId = (nextUserMessageId.get(String(chatId)) ?? 1000) + 1;
		nextUserMessageId.set(String(chatId), messageId);
		const from = {
			id: chatId,
			is_bot: false,
			first_name: 'Sandbox',
			last_name: `User ${chatId}`,
			username: `user${Math.abs(chatId)}`,
			language_code: 'en',
			...input.from,
		};
		const entities = input.text.startsWith('/')
			? [{ type: 'bot_command', offset: 0, length: input.text.split(/\s/)[0].length }]
			: undefined;
		return {
			update_id: nextUpdateId++,
			message: {
				message_id: messageId,
				from,
				chat: {
					id: chatId,
					type: 'private',
					first_name: from.first_name,
					last_name: from.last_name,
					username: from.username,
				},
				date: unixNow(),
				text: input.text,
				...(entities ? { entities } : {}),
			},
		};
	};

	const deliverUpdate = async (bot: Bot, update: TelegramUpdate) => {
		const webhook = bot.webhook;
		if (!webhook) {
			bot.pending.push(update);
			return { update, delivered: false };
		}
		if (webhook.allowedUpdates.length > 0 && !webhook.allowedUpdates.includes('message')) {
			return {
				update,
				delivered: false,
				error: 'the webhook was set without "message" in allowed_updates',
			};
		}
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (webhook.secretToken) headers['x-telegram-bot-api-secret-token'] = webhook.secretToken;
		const at = elapsedMs(origin);
		const result = await poster.post(
			webhook.url,
			JSON.stringify(update),
			headers,
			options.webhookTimeoutMs ?? 10_000,
		);
		deliveries.append({
			at,
			botId: bot.user.id,
			updateId: update.update_id,
			url: webhook.url,
			...result,
		});
		const delivered = result.status >= 200 && result.status < 300;
		if (!delivered) {
			bot.lastErrorDate = unixNow();
			bot.lastErrorMessage = result.error ?? `Wrong response from the webhook: ${result.status}`;
		}
		return { update, delivered, status: result.status, error: result.error };
	};

	const matchesSent = (query: SentQuery) => (message: SentMessage) =>
		query.chatId === undefined || message.chatId === String(query.chatId);

	const control: FakeTelegramControl = {
		postUpdate: async (input) => deliverUpdate(bots.receiver(input.token), buildUpdate(input)),
		sentMessages: async (query = {}) => sent.since(query.since ?? 0).filter(matchesSent(query)),
		waitForSent: async (count, query = {}) => {
			const select = () => sent.since(query.since ?? 0).filter(matchesSent(query));
			const reached = await waitUntil(
				() => select().length >= count,
				query.timeoutMs ?? 10_000,
				10,
			);
			if (!reached) throw new Error(`expected ${count} sent message(s), got ${select().length}`);
			return select();
		},
		webhooks: async () =>
			bots.list().flatMap((bot) =>
				bot.webhook
					? [
							{
								botId: bot.user.id,
								username: bot.user.username,
								url: bot.webhook.url,
								hasSecretToken: bot.webhook.secretToken !== undefined,
								allowedUpdates: bot.webhook.allowedUpdates,
							},
						]
					: [],
			),
		calls: async (since = 0) => calls.since(since),
		updateDeliveries: async (since = 0) => deliveries.since(since),
		reset: async ({ webhooks = false } = {}) => {
			if (webhooks) bots.clear();
			else bots.forgetPending();
			sent.clear();
			calls.clear();
			deliveries.clear();
			nextUserMessageId.clear();
		},
	};

	const handleBotCall = async (
		req: IncomingMessage,
		res: ServerResponse,
		token: string,
		method: string,
	) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const parsed = parseBody(req.headers['content-type'], await readBody(req, 20_000_000));
		const bot = bots.get(token);
		const answer = !bot
			? botApiError(401, 'Unauthorized')
			: !parsed.ok
				? botApiError(400, `Bad Request: ${parsed.reason}`)
				: runBotMethod(
						bot,
						method,
						{ ...Object.fromEntries(url.searchParams), ...parsed.params } as Params,
						{
							sent,
							origin,
						},
					);
		calls.append({
			at: elapsedMs(origin),
			botId: bot?.user.id ?? 0,
			method,
			httpMethod: req.method ?? 'GET',
			status: answer.status,
		});
		sendJson(res, answer.status, answer.body);
	};

	const handleControlRequest = createTelegramControlHandler(control);
	const server = await startServer(options.port ?? 0, async (req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith(CONTROL_PREFIX)) {
			await handleControlRequest(req, res, path.slice(CONTROL_PREFIX.length));
			return;
		}
		if (path === '/__health') {
			sendJson(res, 200, { ok: true, sandbox: 'fake-telegram' });
			return;
		}
		const match = BOT_PATH.exec(path);
		if (!match) {
			req.resume();
			sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
			return;
		}
		await handleBotCall(req, res, decodeURIComponent(match[1]), match[2]);
	});

	return {
		url: server.url,
		port: server.port,
		control,
		async close() {
			await server.close();
			poster.close();
		},
	};
}
