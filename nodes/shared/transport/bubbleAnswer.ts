import { scrubSecrets } from './secrets';

/*
 * Selarti's error answers, read defensively: Bubble sends {statusCode, body: {status, message}}, other layers send
 * {message}, gateways send HTML or plain text.
 */

export interface BubbleAnswer {
	/** What the answer says, without secrets, at most 300 characters. */
	text?: string;
	/** Bubble's status word, e.g. MISSING_DATA. */
	bubbleStatus?: string;
	/** The request parameter the answer names, one of `parameters`. */
	parameter?: string;
}

export function readBubbleAnswer(
	data: unknown,
	secrets: readonly unknown[],
	parameters: readonly string[],
): BubbleAnswer {
	const parsed = typeof data === 'string' ? tryParseJson(data) : data;
	let text: string | undefined;
	let bubbleStatus: string | undefined;
	if (isRecord(parsed)) {
		const body = isRecord(parsed.body) ? parsed.body : undefined;
		text = firstText(body?.message, parsed.message, body?.status, parsed.status);
		bubbleStatus = firstText(body?.status, parsed.status);
	} else if (typeof data === 'string') {
		text = plainText(data);
	}
	if (text !== undefined) text = truncate(scrubSecrets(text, secrets), 300);
	return {
		text,
		bubbleStatus,
		parameter: text === undefined ? undefined : namedParameter(text, parameters),
	};
}

function namedParameter(text: string, parameters: readonly string[]): string | undefined {
	// "Missing parameter for workflow send_message_external: parameter chat_id", "Invalid data for key task_id: …"
	const named = [...text.matchAll(/(?:parameter|key)\s+([a-z_]+)/gi)].map((match) => match[1]);
	const explicit = named.find((name) => parameters.includes(name));
	if (explicit !== undefined) return explicit;
	// Only names that cannot be ordinary words (they hold an underscore) are looked for in free text.
	return parameters
		.filter((name) => name.includes('_'))
		.find((name) => new RegExp(`\\b${name}\\b`).test(text));
}

function plainText(raw: string): string | undefined {
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(raw)?.[1];
	const text = (title ?? raw.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
	return text === '' ? undefined : text;
}

function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
