/** How long to wait before sending a refused call again (whether to send it again is the transport's call). */

export interface BackoffPolicy {
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

/** The shortest wait before retrying a call Selarti refused as busy without a Retry-After. */
export const MIN_OVERLOAD_WAIT_MS = 1000;

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, base · 2^(retry − 1))], so callers that
 * failed together do not come back together.
 */
export function fullJitterDelay(
	retryNumber: number,
	random: () => number,
	policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
	const ceiling = Math.min(
		policy.maxDelayMs,
		policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1),
	);
	return Math.floor(random() * ceiling);
}
