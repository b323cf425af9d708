/**
 * When a failed Selarti call may be sent again, and how long to wait first.
 *
 * Retried: answers that prove the call was not carried out (429 over capacity, 503 unavailable, 502/504 from the
 * gateway in front of Bubble) and connection failures before any answer. Never retried: 400/401/403/404 (the same
 * call fails the same way again) and 500 — Bubble may have run the workflow before failing, so the message may
 * already be in the customer's chat, and a retry would deliver it twice.
 */

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Answers that say "too much load": the node sends fewer calls at once after them. */
export const OVERLOAD_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * Network error codes that mean the request never got an answer and was most likely never processed.
 * ETIMEDOUT counts only while connecting (see isConnectionFailureBeforeAnswer).
 */
const CONNECTION_FAILURE_CODES: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);

export interface NetworkFailure {
	code?: string;
	syscall?: string;
	message?: string;
}

export function isConnectionFailureBeforeAnswer({ code, syscall, message }: NetworkFailure): boolean {
	if (code === 'ETIMEDOUT') return syscall === 'connect';
	if (code !== undefined && CONNECTION_FAILURE_CODES.has(code)) return true;
	return /socket hang up/i.test(message ?? '');
}

/** A client-side timeout while waiting for the answer: the call may have been carried out. */
export function isAnswerTimeout({ code, syscall, message }: NetworkFailure): boolean {
	if (/^timeout of \d+ms exceeded/i.test(message ?? '')) return true;
	if (code === 'ECONNABORTED') return true;
	return code === 'ETIMEDOUT' && syscall !== 'connect';
}

export interface BackoffPolicy {
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, base · 2^(retry − 1))], so callers that
 * failed together do not come back together.
 */
export function fullJitterDelay(
	retryNumber: number,
	random: () => number,
	policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
	return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.round(text * 1000) : undefined;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	const trimmed = text.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}
