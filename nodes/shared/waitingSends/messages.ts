import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

import type { WaitKey } from './key';

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
	waitLimitMs: 24 * 60 * 60 * 1000,
	combineWithinMs: 10 * 60 * 1000,
	/** How long a signed message or mark is valid: queue-mode processes may run on machines whose clocks differ. */
	messageLifetimeMs: 60_000,
	envelopeChars: 1_000_000,
} as const;

const id = z.string().min(1).max(LIMITS.idChars);
const conversationSchema = z.object({ task_id: id, chat_id: id }).strict();
export type Conversation = z.infer<typeof conversationSchema>;

const waitId = z.string().uuid();

const openSchema = z
	.object({
		action: z.literal('open'),
		waitId,
		/** One per input item of the send, in order; null for an item that is not sent (it failed validation). */
		conversations: z.array(conversationSchema.nullable()).min(1).max(LIMITS.conversationsPerWait),
		waitLimitMs: z.number().int().positive().max(LIMITS.waitLimitMs),
		combineWithinMs: z.number().int().min(0).max(LIMITS.combineWithinMs),
	})
	.strict();
export type OpenRequest = Omit<z.infer<typeof openSchema>, 'action'>;

const collectSchema = z
	.object({
		action: z.literal('collect'),
		waitId,
		/** Per conversation, whether its message went out; a conversation whose send failed waits for nothing. */
		sent: z.array(z.boolean()).max(LIMITS.conversationsPerWait),
	})
	.strict();

const cancelSchema = z.object({ action: z.literal('cancel'), waitId }).strict();

const stamped = { issuedAt: z.number().int(), nonce: z.string().uuid() };
const requestSchema = z.discriminatedUnion('action', [
	openSchema.extend(stamped),
	collectSchema.extend(stamped),
	cancelSchema.extend(stamped),
]);
export type WaitRequest =
	| z.infer<typeof openSchema>
	| z.infer<typeof collectSchema>
	| z.infer<typeof cancelSchema>;

const envelopeSchema = z
	.object({ key: z.string().max(64), payload: z.string(), signature: z.string().max(128) })
	.strict();
const answerEnvelopeSchema = z.object({ payload: z.string(), signature: z.string() }).strict();

const sign = (key: WaitKey, purpose: string, text: string): string =>
	createHmac('sha256', key.secret).update(`${purpose}\n${text}`, 'utf8').digest('hex');

/** Compares in constant time for texts of one length (signatures are hex digests). */
function sameText(expected: string, given: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(given, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

const fresh = (issuedAt: number, now: number) =>
	Math.abs(now - issuedAt) <= LIMITS.messageLifetimeMs;

/** Nonces of messages taken within their lifetime: a message is taken once. Only authentic messages get here. */
export class NonceLedger {
	private readonly seen = new Map<string, number>();

	constructor(private readonly capacity = 200_000) {}

	/** False when the nonce was taken already, or the ledger is full of live nonces. */
	take(nonce: string, now: number): boolean {
		if (this.seen.has(nonce)) return false;
		for (const [old, expiresAt] of this.seen) {
			if (expiresAt > now && this.seen.size < this.capacity) break;
			if (expiresAt > now) return false;
			this.seen.delete(old);
		}
		this.seen.set(nonce, now + 2 * LIMITS.messageLifetimeMs);
		return true;
	}
}

export interface SealedRequest {
	envelope: { key: string; payload: string; signature: string };
	nonce: string;
}

export function sealRequest(key: WaitKey, request: WaitRequest, now: number): SealedRequest {
	const nonce = randomUUID();
	const payload = JSON.stringify({ ...request, issuedAt: now, nonce });
	return { envelope: { key: key.id, payload, signature: sign(key, 'request', payload) }, nonce };
}

export type OpenedRequest =
	| { ok: true; key: WaitKey; request: WaitRequest; nonce: string }
	| { ok: false; status: 400 | 403; problem: string };

/** Checks a posted message: known key, signature, time, nonce, then its shape. */
export function openRequest(
	body: unknown,
	keyNamed: (id: string) => WaitKey | undefined,
	ledger: NonceLedger,
	now: number,
): OpenedRequest {
	const envelope = envelopeSchema.safeParse(body);
	if (!envelope.success || envelope.data.payload.length > LIMITS.envelopeChars)
		return { ok: false, status: 400, problem: 'Expected a signed message of a waiting send' };
	const { key: keyId, payload, signature } = envelope.data;
	const key = keyNamed(keyId);
	if (key === undefined || !sameText(sign(key, 'request', payload), signature))
		return {
			ok: false,
			status: 403,
			problem: 'Not signed with the credential of a Selarti Trigger here',
		};
	let parsed: unknown;
	try {
		parsed = JSON.parse(payload);
	} catch {
		return { ok: false, status: 400, problem: 'The signed message is not JSON' };
	}
	const stampedRequest = requestSchema.safeParse(parsed);
	if (!stampedRequest.success) {
		const issue = stampedRequest.error.issues[0];
		return { ok: false, status: 400, problem: `${issue?.path.join('.')}: ${issue?.message}` };
	}
	const { issuedAt, nonce, ...request } = stampedRequest.data;
	if (!fresh(issuedAt, now)) return { ok: false, status: 403, problem: 'The message expired' };
	if (!ledger.take(nonce, now))
		return { ok: false, status: 403, problem: 'The message was taken already' };
	return { ok: true, key, request, nonce };
}

export function sealAnswer(key: WaitKey, nonce: string, answer: object) {
	const payload = JSON.stringify({ ...answer, inReplyTo: nonce });
	return { payload, signature: sign(key, 'answer', payload) };
}

/** The answer to the request with this nonce, or undefined when it is not one this key signed for it. */
export function openAnswer(key: WaitKey, nonce: string, body: unknown): unknown {
	const envelope = answerEnvelopeSchema.safeParse(body);
	if (!envelope.success) return undefined;
	if (!sameText(sign(key, 'answer', envelope.data.payload), envelope.data.signature))
		return undefined;
	const answer = JSON.parse(envelope.data.payload) as { inReplyTo?: unknown };
	return answer.inReplyTo === nonce ? answer : undefined;
}

/** The mark on a reply the trigger posts back to its own URL, so it takes the normal path there. */
export function givenBackMark(key: WaitKey, messageId: string, now: number): string {
	return `${now}.${sign(key, 'given back', `${now}\n${messageId}`)}`;
}

export function isGivenBackMark(
	key: WaitKey,
	messageId: string,
	mark: unknown,
	now: number,
): boolean {
	if (typeof mark !== 'string') return false;
	const [issuedAt, signature = ''] = mark.split('.', 2);
	const time = Number(issuedAt);
	return (
		Number.isInteger(time) &&
		fresh(time, now) &&
		sameText(sign(key, 'given back', `${time}\n${messageId}`), signature)
	);
}
