import { inspect } from 'node:util';

/** Everything an error exposes when n8n stores, logs or shows it: its text, its JSON (hidden fields included), its inspection. */
export function everythingIn(error: unknown): string {
	if (typeof error !== 'object' || error === null) return String(error);
	const record = error as Record<string, unknown>;
	const parts = [
		String(error),
		String(record.message),
		String(record.description),
		safeJson(record.context),
		safeJson(error, Object.getOwnPropertyNames(error)),
		safeJson(error),
		inspect(error, {
			depth: 10,
			showHidden: true,
			maxStringLength: Infinity,
			maxArrayLength: Infinity,
		}),
		String(record.stack),
	];
	return parts.join('\n');
}

function safeJson(value: unknown, keys?: string[]): string {
	try {
		return JSON.stringify(value, keys) ?? '';
	} catch {
		return inspect(value, { depth: 10 });
	}
}
