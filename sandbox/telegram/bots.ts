import type { TelegramUpdate, TelegramUser, WebhookRegistration } from './types';

export interface Bot {
	token: string;
	user: TelegramUser;
	webhook?: WebhookRegistration;
	/** Updates waiting for getUpdates because no webhook was set. */
	pending: TelegramUpdate[];
	lastErrorDate?: number;
	lastErrorMessage?: string;
	nextMessageId: number;
}

/** Real tokens look like 123456789:AAH…; the number before the colon is the bot's user id. */
const TOKEN_PATTERN = /^(\d+):[A-Za-z0-9_-]+$/;

export class BotRegistry {
	private readonly bots = new Map<string, Bot>();

	/** @param allowedTokens when non-empty, only these tokens are valid; otherwise any well-formed token is. */
	constructor(private readonly allowedTokens: string[]) {}

	/** The bot of a token, created on first use; undefined for a token Telegram would answer 401 to. */
	get(token: string): Bot | undefined {
		const match = TOKEN_PATTERN.exec(token);
		if (!match) return undefined;
		if (this.allowedTokens.length > 0 && !this.allowedTokens.includes(token)) return undefined;
		let bot = this.bots.get(token);
		if (!bot) {
			const id = Number(match[1]);
			bot = {
				token,
				user: {
					id,
					is_bot: true,
					first_name: 'Selarti Sandbox Bot',
					username: `sandbox_${id}_bot`,
				},
				pending: [],
				nextMessageId: 1,
			};
			this.bots.set(token, bot);
		}
		return bot;
	}

	list(): Bot[] {
		return [...this.bots.values()];
	}

	/** The bot an update goes to: the one named by token, else the only bot that has a webhook. */
	receiver(token: string | undefined): Bot {
		if (token !== undefined) {
			const bot = this.get(token);
			if (!bot) throw new Error('unknown or malformed bot token');
			return bot;
		}
		const candidates = this.list().filter((bot) => bot.webhook);
		if (candidates.length === 1) return candidates[0];
		if (candidates.length === 0) {
			const all = this.list();
			if (all.length === 1) return all[0];
			throw new Error(
				'no bot has a webhook yet: pass token, or let n8n activate its Telegram Trigger first',
			);
		}
		throw new Error('several bots have a webhook: pass token');
	}

	clear(): void {
		this.bots.clear();
	}

	forgetPending(): void {
		for (const bot of this.bots.values()) {
			bot.pending = [];
			bot.lastErrorDate = undefined;
			bot.lastErrorMessage = undefined;
		}
	}
}
