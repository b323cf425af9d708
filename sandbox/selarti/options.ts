/** How booleans of the webhook payload are written: Bubble text "yes"/"no", or JSON true/false. */
export type BooleanStyle = 'yesno' | 'bool';

/** JSON body, or application/x-www-form-urlencoded (every value a string). */
export type WebhookEncoding = 'json' | 'form';

export interface SandboxTask {
	id: string;
	/** "All messages" integrations of the task: every message is POSTed to each of these URLs. */
	webhookUrls: string[];
	companyId: string;
	channelId: string;
	managerId: string;
	/** Contacts added by /wf/add_target, in order. */
	targets: string[];
}

export interface TaskInput {
	id?: string;
	webhookUrls?: string[];
	companyId?: string;
	channelId?: string;
	managerId?: string;
}

export interface SandboxSeed {
	apiKeys?: string[];
	/** Bearer tokens valid from the start, as if issued long ago (they never expire unless told to). */
	tokens?: string[];
	tasks?: TaskInput[];
}

/** Settings that can also be changed while running (control API `POST /__control/options`). */
export interface RuntimeOptions {
	/** Added to every API call before it is answered. */
	latencyMs: number;
	/** Concurrent API calls served at once; beyond it calls get 429 with Retry-After. 0 = unlimited. */
	capacity: number;
	/** Retry-After (seconds) sent with capacity 429s. */
	retryAfterSeconds: number;
	booleans: BooleanStyle;
	webhookEncoding: WebhookEncoding;
	/** Deliver every webhook twice (same message_id), as a platform with at-least-once delivery might. */
	duplicateWebhooks: boolean;
	/** "Thinking time" of the AI between the user's webhook and the bot's webhook. */
	replyDelayMs: number;
	/** Messages the AI answers each user message with (text "<answer> (i/n)" when more than one); 0 = no reply. */
	replyParts: number;
	/** Pause between two parts of a reply. */
	replyPartGapMs: number;
	/** Extra attempts for a webhook the receiver failed (network error, 429 or 5xx). Default 0, see README. */
	webhookRetries: number;
	/** Delay before the first retry; doubles for each next one. */
	webhookRetryDelayMs: number;
	webhookTimeoutMs: number;
	/** Lifetime of tokens issued by /wf/auth; 0 = they never expire by themselves. */
	tokenTtlSeconds: number;
	/** HTTP status for /wf/auth with an unknown or revoked key. */
	authFailureStatus: 400 | 401;
}

export interface SelartiSandboxOptions extends Partial<RuntimeOptions> {
	/** 0 (default) picks a free port. The sandbox always listens on 127.0.0.1. */
	port?: number;
	/** Replaces the default seed (one key, one token, one task). */
	seed?: SandboxSeed;
	/** Builds the AI's answer from the user's text; default `AI: <text>`. */
	reply?: (userText: string) => string;
	/** Entries kept per log (calls, deliveries); older ones are dropped. */
	logLimit?: number;
	/** Sockets used for webhook deliveries at once. */
	webhookConnections?: number;
}

export const DEFAULT_API_KEY = 'sandbox-api-key';
export const DEFAULT_TOKEN = 'sandbox-token';
export const DEFAULT_TASK_ID = '1721129985149x478019552540622850';

export const DEFAULT_RUNTIME_OPTIONS: RuntimeOptions = {
	latencyMs: 0,
	capacity: 0,
	retryAfterSeconds: 1,
	booleans: 'yesno',
	webhookEncoding: 'json',
	duplicateWebhooks: false,
	replyDelayMs: 0,
	replyParts: 1,
	replyPartGapMs: 0,
	webhookRetries: 0,
	webhookRetryDelayMs: 200,
	webhookTimeoutMs: 10_000,
	tokenTtlSeconds: 0,
	authFailureStatus: 401,
};

export function defaultSeed(): SandboxSeed {
	return { apiKeys: [DEFAULT_API_KEY], tokens: [DEFAULT_TOKEN], tasks: [{ id: DEFAULT_TASK_ID }] };
}

export const defaultReply = (userText: string): string => `AI: ${userText}`;

/** Validates a partial options object coming from the control API or the CLI. */
export function validateRuntimeOptions(input: Record<string, unknown>): Partial<RuntimeOptions> {
	const result: Partial<RuntimeOptions> = {};
	const numberKeys = [
		'latencyMs',
		'capacity',
		'retryAfterSeconds',
		'replyDelayMs',
		'replyParts',
		'replyPartGapMs',
		'webhookRetries',
		'webhookRetryDelayMs',
		'webhookTimeoutMs',
		'tokenTtlSeconds',
	] as const;
	for (const key of numberKeys) {
		if (input[key] === undefined) continue;
		const value = Number(input[key]);
		if (!Number.isFinite(value) || value < 0)
			throw new Error(`option ${key} must be a number >= 0`);
		result[key] = value;
	}
	if (input.booleans !== undefined) {
		if (input.booleans !== 'yesno' && input.booleans !== 'bool')
			throw new Error('option booleans must be yesno or bool');
		result.booleans = input.booleans;
	}
	if (input.webhookEncoding !== undefined) {
		if (input.webhookEncoding !== 'json' && input.webhookEncoding !== 'form') {
			throw new Error('option webhookEncoding must be json or form');
		}
		result.webhookEncoding = input.webhookEncoding;
	}
	if (input.duplicateWebhooks !== undefined) {
		if (typeof input.duplicateWebhooks !== 'boolean')
			throw new Error('option duplicateWebhooks must be a boolean');
		result.duplicateWebhooks = input.duplicateWebhooks;
	}
	if (input.authFailureStatus !== undefined) {
		const status = Number(input.authFailureStatus);
		if (status !== 400 && status !== 401)
			throw new Error('option authFailureStatus must be 400 or 401');
		result.authFailureStatus = status;
	}
	return result;
}
