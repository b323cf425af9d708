export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every few milliseconds; resolves true once it holds, false after timeoutMs. */
export async function waitUntil(
	condition: () => boolean,
	timeoutMs: number,
	pollMs = 5,
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() >= deadline) return false;
		await sleep(pollMs);
	}
	return true;
}

/** Milliseconds since `origin` (a performance.now() value), rounded to 0.1 ms. */
export function elapsedMs(origin: number): number {
	return Math.round((performance.now() - origin) * 10) / 10;
}
