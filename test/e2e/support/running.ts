/**
 * Stop functions of what the global setup started, per n8n version. Kept on globalThis because jest documents it as
 * the way from globalSetup to globalTeardown (both run in jest's main process).
 */
type Stop = () => Promise<void>;

const registryKey = Symbol.for('selarti.e2e.running');

function registry(): Map<string, Stop[]> {
	const holder = globalThis as unknown as Record<symbol, Map<string, Stop[]> | undefined>;
	holder[registryKey] ??= new Map();
	return holder[registryKey];
}

export function registerStop(version: string, stop: Stop): void {
	const stops = registry().get(version) ?? [];
	stops.push(stop);
	registry().set(version, stops);
}

export async function stopAll(): Promise<void> {
	await Promise.all([...registry().keys()].map(async (version) => await stopVersion(version)));
}

/** Stops in reverse start order: n8n first (it deregisters webhooks from the fakes), then the fakes. */
export async function stopVersion(version: string): Promise<void> {
	const stops = registry().get(version) ?? [];
	registry().delete(version);
	for (const stop of stops.reverse()) await stop();
}
