import {
	FLAG_FIELDS,
	FORBIDDEN_KEYS,
	RESERVED_KEYS,
	type FuzzRequest,
	type FuzzSettings,
	type SecretInUrl,
} from './arbitraries';
import { seedFieldNames } from '../../support/seedFields';

/*
 * An independent model of what the Selarti Trigger must answer, written from the rules (and, where the issue
 * is silent, the documented choices in the node's README and source comments: 64 levels of nesting are copied,
 * text bodies are parsed as JSON or form as a fallback). The fuzz test compares the node with it request by request.
 */

export type ExpectedAnswer =
	| { kind: 'secret'; status: 401 | 403 }
	| { kind: 'rejected'; status: 400 }
	| { kind: 'skipped'; reason: RegExp }
	| { kind: 'execution'; item: Record<string, unknown>; invalid: boolean };

const MAX_COPY_DEPTH = 64;
const UNTRIMMED_TEXT_FIELDS = ['message_text', 'title'];
const TRUE_WORDS = ['true', 'yes', '1'];
const FALSE_WORDS = ['false', 'no', '0', ''];

export function queryFor(secret: string, inUrl: SecretInUrl): Record<string, unknown> {
	switch (inUrl) {
		case 'none':
			return {};
		case 'empty':
			return { secret: '' };
		case 'right':
			return { secret };
		case 'wrong':
			return { secret: `not-${secret}` };
		case 'last-character':
			return { secret: `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}` };
		case 'longer':
			return { secret: `${secret}0` };
		case 'repeated':
			return { secret: [secret, secret] };
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

type Field = { valid: true; value: unknown } | { valid: false; fallback: null | false };

function text(value: unknown, trim: boolean): Field {
	if (value === undefined || value === null) return { valid: true, value: null };
	if (typeof value === 'number')
		return Number.isFinite(value)
			? { valid: true, value: String(value) }
			: { valid: false, fallback: null };
	if (typeof value !== 'string') return { valid: false, fallback: null };
	if (value.trim() === '') return { valid: true, value: null };
	return { valid: true, value: trim ? value.trim() : value };
}

function flag(value: unknown): Field {
	if (value === undefined || value === null) return { valid: true, value: false };
	if (typeof value === 'boolean') return { valid: true, value };
	if (value === 1) return { valid: true, value: true };
	if (value === 0) return { valid: true, value: false };
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.includes(word)) return { valid: true, value: true };
		if (FALSE_WORDS.includes(word)) return { valid: true, value: false };
	}
	return { valid: false, fallback: false };
}

function expectedField(field: string, value: unknown): Field {
	if (FLAG_FIELDS.includes(field)) return flag(value);
	if (field === 'contacts') {
		if (isPlainObject(value)) return { valid: true, value };
		return text(value, true);
	}
	const result = text(value, !UNTRIMMED_TEXT_FIELDS.includes(field));
	if (field === 'message_type' && result.valid && typeof result.value === 'string')
		return { valid: true, value: result.value.toLowerCase() };
	return result;
}

/** The copy the trigger must make: no prototype keys at any depth, containers nested 64 levels deep or more become null. */
function safeCopy(value: unknown, depth: number, problems: string[]): unknown {
	if (Array.isArray(value)) {
		if (depth >= MAX_COPY_DEPTH) return tooDeep(problems);
		return value.map((element) => safeCopy(element, depth + 1, problems));
	}
	if (isPlainObject(value)) {
		if (depth >= MAX_COPY_DEPTH) return tooDeep(problems);
		return copyRecord(value, depth + 1, problems);
	}
	return value;
}

function tooDeep(problems: string[]): null {
	problems.push('too deep');
	return null;
}

function copyRecord(
	record: Record<string, unknown>,
	depth: number,
	problems: string[],
): Record<string, unknown> {
	const copy: Record<string, unknown> = {};
	for (const key of Object.keys(record)) {
		if (FORBIDDEN_KEYS.includes(key)) {
			problems.push(`forbidden key ${key}`);
			continue;
		}
		Object.defineProperty(copy, key, {
			value: safeCopy(record[key], depth, problems),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return copy;
}

/** The documented fallback for bodies n8n did not parse into an object: JSON first, then form encoding. */
function recordFromText(text: string): Record<string, unknown> | undefined {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return undefined;
	if (/^[[{"]/.test(trimmed)) {
		try {
			const parsed = JSON.parse(trimmed) as unknown;
			return isPlainObject(parsed) ? parsed : undefined;
		} catch {
			return undefined;
		}
	}
	if (!/^[^=&]+=/.test(trimmed)) return undefined;
	const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
	for (const [key, value] of new URLSearchParams(trimmed)) {
		const previous = record[key];
		record[key] =
			previous === undefined
				? value
				: [...(Array.isArray(previous) ? previous : [previous]), value];
	}
	return record;
}

export function readableRecord(body: unknown, raw: Buffer): Record<string, unknown> | undefined {
	if (isPlainObject(body) && Object.keys(body).length > 0) return body;
	if (typeof body === 'string') return recordFromText(body);
	if (body === undefined || body === null || isPlainObject(body))
		return recordFromText(new TextDecoder().decode(raw));
	return undefined;
}

/** Keeps the message ids the trigger has let through, as its repeated-delivery memory must. */
export class TriggerModel {
	private readonly seen = new Set<string>();

	constructor(private readonly settings: FuzzSettings) {}

	expect(request: FuzzRequest, body: unknown): ExpectedAnswer {
		const { settings } = this;
		if (request.secretInUrl === 'none' || request.secretInUrl === 'empty')
			return { kind: 'secret', status: 401 };
		if (request.secretInUrl !== 'right') return { kind: 'secret', status: 403 };

		const record = readableRecord(body, request.raw);
		const problems: string[] = record === undefined ? ['unreadable body'] : [];
		const copied = record === undefined ? {} : copyRecord(record, 0, problems);
		const item: Record<string, unknown> = {};
		const fields = new Map<string, Field>();
		for (const field of seedFieldNames) {
			const expected = expectedField(field, copied[field]);
			fields.set(field, expected);
			item[field] = expected.valid ? expected.value : expected.fallback;
			if (!expected.valid) problems.push(`invalid ${field}`);
		}
		for (const key of Object.keys(copied)) {
			if (seedFieldNames.includes(key)) continue;
			if (RESERVED_KEYS.includes(key)) problems.push(`reserved key ${key}`);
			else item[key] = copied[key];
		}
		const invalid = problems.length > 0;
		if (invalid && settings.onInvalidPayload === 'reject') return { kind: 'rejected', status: 400 };

		if (record !== undefined) {
			const skip = this.skipReason(fields);
			if (skip !== undefined) return { kind: 'skipped', reason: skip };
		}
		const messageId = item.message_id;
		if (settings.ignoreRepeatedDeliveries && typeof messageId === 'string') {
			if (this.seen.has(messageId)) return { kind: 'skipped', reason: /already received/ };
			this.seen.add(messageId);
		}
		if (settings.includeRawBody || invalid) item._rawBody = new TextDecoder().decode(request.raw);
		return { kind: 'execution', item, invalid };
	}

	private skipReason(fields: Map<string, Field>): RegExp | undefined {
		const { settings } = this;
		const valid = (field: string) => {
			const value = fields.get(field);
			return value?.valid ? { value: value.value } : undefined;
		};
		const list = (text: string) =>
			text
				.split(',')
				.map((part) => part.trim())
				.filter((part) => part !== '');
		const messageType = valid('message_type');
		if (
			messageType &&
			settings.messageTypes.length > 0 &&
			!settings.messageTypes.includes(String(messageType.value ?? ''))
		) {
			return /message type .* is not selected in Message Types/s;
		}
		const taskId = valid('task_id');
		const taskIds = list(settings.taskIds);
		if (taskId && taskIds.length > 0 && !taskIds.includes(String(taskId.value ?? '')))
			return /task .* is not in Task IDs/s;
		const webhookType = valid('wh_type');
		const webhookTypes = list(settings.webhookTypes).map((type) => type.toLowerCase());
		if (
			webhookType &&
			webhookTypes.length > 0 &&
			!webhookTypes.includes(String(webhookType.value ?? '').toLowerCase())
		) {
			return /webhook type .* is not in Webhook Types/s;
		}
		if (settings.skipBotDialogs && valid('is_bot')?.value === true) return /customer as a bot/;
		if (settings.skipOperatorDialogs && valid('operator')?.value === true)
			return /handed to an operator/;
		if (settings.skipClosedDialogs && valid('close')?.value === true) return /dialog is closed/;
		return undefined;
	}
}
