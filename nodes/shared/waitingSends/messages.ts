import { createHmac, randomUUID } from 'node:crypto';

import { jsonParse } from 'n8n-workflow';
import { z } from 'zod/v3';

import type { WaitKey } from '../credentialKeys';
import { sameSecretText } from '../sameSecretText';

/*
 * What a waiting send on a queue-mode worker says to the Selarti Trigger's process, and what it answers. Each message
 * is signed with the credential's wait key, carries its time and a nonce, and is refused when stale or seen before;
 * each answer is signed too and names the request it answers, so neither side can be stood in for by an outsider.
 */

/** The trigger's fixed webhook path for sends of other processes (queue mode): one trigger per n8n may own it. */
export const WAITING_SENDS_PATH = 'selarti-waiting-sends';

export const LIMITS = {
	idChars: 256,
	conversationsPerWait: 1000,
	/** How long a signed message or mark is valid: queue-mode processes may run on machines whose clocks differ. */
	messageLifetimeMs: 60_000,
	envelopeChars: 1_000_000,
	/** How long the trigger's process holds a collection before "pending": below the timeouts of proxies. */
	collectHoldMs: 25_000,
};

const id = z.string().min(1).max(LIMITS.idChars);
const conversation = z.object({ task_id: id, chat_id: id }).strict();
const waitId = z.string().uuid();
const stamp = { issuedAt: z.number().int(), nonce: z.string().uuid() };
const requestSchema = z.discriminatedUnion('action', [
	z
		.object({
			action: z.literal('open'),
			waitId,
			/** One per input item of the send, in order; null for an item that is not sent (it failed validation). */
			conversations: z.array(conversation.nullable()).min(1).max(LIMITS.conversationsPerWait),
			waitLimitMs: z
				.number()
				.int()
				.positive()
				.max(24 * 60 * 60 * 1000),
			combineWithinMs: z
				.number()
				.int()
				.min(0)
				.max(10 * 60 * 1000),
			...stamp,
		})
		.strict(),
	/** sent: per conversation, whether its message went out; one whose send failed waits for nothing. */
	z.object({ action: z.literal('collect'), waitId, sent: z.array(z.boolean()), ...stamp }).strict(),
	z.object({ action: z.literal('cancel'), waitId, ...stamp }).strict(),
]);
type Unstamped<T> = T extends unknown ? Omit<T, 'issuedAt' | 'nonce'> : never;
export type WaitRequest = Unstamped<z.infer<typeof requestSchema>>;
export type OpenRequest = Omit<Extract<WaitRequest, { action: 'open' }>, 'action'>;
export type Conversation = z.infer<typeof conversation>;

const envelopeSchema = z.object({ key: z.string(), payload: z.string(), signature: z.string() });

const sign = (key: WaitKey, purpose: string, text: string): string =>
	createHmac('sha256', key.secret).update(`${purpose}\n${text}`, 'utf8').digest('hex');

const fresh = (issuedAt: number, now: number) =>
	Math.abs(now - issuedAt) <= LIMITS.messageLifetimeMs;

/** Nonces of messages taken within their lifetime: a message is taken once. Only authentic messages get here. */
export class NonceLedger {
	private readonly expiries = new Map<string, number>();

	constructor(private readonly capacity = 200_000) {}

	/** False when the nonce was taken already, or the ledger is full of live nonces. */
	take(nonce: string, now: number): boolean {
		for (const [old, expiresAt] of this.expiries) {
			if (expiresAt > now) break;
			this.expiries.delete(old);
		}
		if (this.expiries.has(nonce) || this.expiries.size >= this.capacity) return false;
		this.expiries.set(nonce, now + 2 * LIMITS.messageLifetimeMs);
		return true;
	}
}

export function sealRequest(key: WaitKey, request: WaitRequest, now: number) {
	const nonce = randomUUID();
	const payload = JSON.stringify({ ...request, issuedAt: now, nonce });
	return { envelope: { key: key.id, payload, signature: sign(key, 'request', payload) }, nonce };
}

export type OpenedRequest =
	| { ok: true; key: WaitKey; request: WaitRequest; nonce: string }
	| { ok: false; status: 400 | 403; problem: string };

const refused = (status: 400 | 403, problem: string) => ({ ok: false, status, problem }) as const;

/** Checks a posted message: known key, signature, shape, time, nonce. */
export function openRequest(
	body: unknown,
	keyNamed: (id: string) => WaitKey | undefined,
	ledger: NonceLedger,
	now: number,
): OpenedRequest {
	const envelope = envelopeSchema.safeParse(body);
	if (!envelope.success || envelope.data.payload.length > LIMITS.envelopeChars)
		return refused(400, 'Expected a signed message of a waiting send');
	const { key: keyId, payload, signature } = envelope.data;
	const key = keyNamed(keyId);
	if (key === undefined || !sameSecretText(sign(key, 'request', payload), signature))
		return refused(403, 'Not signed with the credential of a Selarti Trigger here');
	const stamped = requestSchema.safeParse(jsonParse(payload, { fallbackValue: undefined }));
	if (!stamped.success) {
		const issue = stamped.error.issues[0];
		return refused(400, `${issue?.path.join('.')}: ${issue?.message}`);
	}
	const { issuedAt, nonce, ...request } = stamped.data;
	if (!fresh(issuedAt, now)) return refused(403, 'The message expired');
	if (!ledger.take(nonce, now)) return refused(403, 'The message was taken already');
	return { ok: true, key, request, nonce };
}

export function sealAnswer(key: WaitKey, nonce: string, answer: object) {
	const payload = JSON.stringify({ ...answer, inReplyTo: nonce });
	return { payload, signature: sign(key, 'answer', payload) };
}

/** The answer to the request with this nonce, or undefined when it is not one this key signed for it. */
export function openAnswer(key: WaitKey, nonce: string, body: unknown): unknown {
	const { payload, signature } = (body ?? {}) as { payload?: unknown; signature?: unknown };
	if (typeof payload !== 'string' || !sameSecretText(sign(key, 'answer', payload), signature))
		return undefined;
	const answer = jsonParse<{ inReplyTo?: unknown }>(payload, { fallbackValue: {} });
	return answer.inReplyTo === nonce ? answer : undefined;
}

/** The mark on a reply the trigger posts back to its own URL, so it takes the normal path there. */
export const givenBackMark = (key: WaitKey, messageId: string, now: number): string =>
	`${now}.${sign(key, 'given back', `${now}\n${messageId}`)}`;

export function isGivenBackMark(key: WaitKey, messageId: string, mark: unknown, now: number) {
	const [issuedAt, signature] = String(mark).split('.', 2);
	const time = Number(issuedAt);
	return (
		Number.isInteger(time) &&
		fresh(time, now) &&
		sameSecretText(sign(key, 'given back', `${time}\n${messageId}`), signature)
	);
}
