/** Polls a real condition until it holds or a deadline passes; a timeout explains what was awaited and what was seen. */
export interface WaitOptions {
	timeoutMs?: number;
	intervalMs?: number;
	/** Extra text for the failure message, e.g. the tail of n8n's log. */
	diagnostics?: () => string | Promise<string>;
}

export class WaitTimeoutError extends Error {}

/** Thrown by a probe when waiting longer cannot help (the process died): waitFor rethrows it at once. */
export class StopWaiting extends Error {}

/**
 * Calls `probe` until it returns something other than undefined/false and returns that value.
 * Exceptions from the probe count as "not yet" (the service may still be starting) and are reported on timeout.
 */
export async function waitFor<T>(
	description: string,
	probe: () => Promise<T | undefined | false> | T | undefined | false,
	{ timeoutMs = 30_000, intervalMs = 250, diagnostics }: WaitOptions = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastSeen = 'nothing yet';
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
			lastSeen = String(value);
		} catch (error) {
			if (error instanceof StopWaiting) {
				const extra = diagnostics ? `\n${await diagnostics()}` : '';
				throw new StopWaiting(`Gave up waiting for ${description}: ${error.message}${extra}`);
			}
			lastSeen = error instanceof Error ? error.message : String(error);
		}
		if (Date.now() >= deadline) {
			const extra = diagnostics ? `\n${await diagnostics()}` : '';
			throw new WaitTimeoutError(
				`Timed out after ${timeoutMs} ms waiting for ${description}; last seen: ${lastSeen}${extra}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
