import { createHmac, timingSafeEqual } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/*
 * What a waiting send and the Selarti Trigger say to each other. A send registers its wait, then reports which items
 * were sent; the trigger, holding the replies, posts them to the send's resume URL. Within one n8n process these are
 * calls in memory; otherwise (queue mode: the send runs on a worker) the send posts them to the trigger's fixed path.
 * Both sides run in the same n8n, so n8n's instance id keys the signatures: a stranger who can reach n8n's webhooks
 * cannot register a wait or resume an execution.
 */

/** The trigger's fixed webhook path for registrations: one trigger per n8n may own it. */
export const WAITING_SENDS_PATH = 'selarti-waiting-sends';

/** A reply handed back to the trigger's normal path carries this header, so it is not handed to a wait again. */
export const RETURNED_REPLY_HEADER = 'x-selarti-returned-reply';

export const MAX_CONVERSATIONS_PER_WAIT = 1000;
export const MAX_WAIT_LIMIT_MS = 24 * 60 * 60 * 1000;
export const MAX_COMBINE_WITHIN_MS = 10 * 60 * 1000;

const conversationSchema = z.object({ task_id: z.string().min(1), chat_id: z.string().min(1) });
export type Conversation = z.infer<typeof conversationSchema>;

const resumeUrl = z.string().url();

export const registrationSchema = z.object({
	action: z.literal('register'),
	resumeUrl,
	token: z.string().min(16),
	waitLimitMs: z.number().int().positive().max(MAX_WAIT_LIMIT_MS),
	/**
	 * resume: the items are posted to the resume URL (the execution waits in n8n's database). collect: the send's
	 * execution keeps running and fetches them (queue mode, where n8n answers the workflow's caller when an execution
	 * starts waiting); the resume URL then only names the wait.
	 */
	handOver: z.enum(['resume', 'collect']),
	combineWithinMs: z.number().int().min(0).max(MAX_COMBINE_WITHIN_MS),
	/** One per input item of the send, in order; null for an item that is not sent (it failed validation). */
	conversations: z.array(conversationSchema.nullable()).min(1).max(MAX_CONVERSATIONS_PER_WAIT),
});
export type Registration = z.infer<typeof registrationSchema>;

const itemJson = z.record(z.string(), z.unknown());

/** Per registered conversation, in order: what was sent (the send's output) or the error item of a failed send. */
export const sendOutcomeSchema = z.union([
	z.object({ sent: itemJson }).strict(),
	z.object({ failed: itemJson }).strict(),
]);
export type SendOutcome = z.infer<typeof sendOutcomeSchema>;

export const outcomesSchema = z.object({
	action: z.literal('outcomes'),
	resumeUrl,
	outcomes: z.array(sendOutcomeSchema).min(1).max(MAX_CONVERSATIONS_PER_WAIT),
});
export type Outcomes = z.infer<typeof outcomesSchema>;

export const cancellationSchema = z.object({ action: z.literal('cancel'), resumeUrl });
export type Cancellation = z.infer<typeof cancellationSchema>;

/** A collecting send asks for its items; the trigger answers when they are ready, or "pending" after a while. */
export const collectionSchema = z.object({ action: z.literal('collect'), resumeUrl });

export const waitingSendMessageSchema = z.discriminatedUnion('action', [
	registrationSchema,
	outcomesSchema,
	cancellationSchema,
	collectionSchema,
]);
export type WaitingSendMessage = z.infer<typeof waitingSendMessageSchema>;

/** What the trigger posts to the resume URL: one output item per input item of the send, in order. */
export const handOverSchema = z.object({
	token: z.string(),
	items: z.array(itemJson).min(1).max(MAX_CONVERSATIONS_PER_WAIT),
});
export type HandOver = { token: string; items: IDataObject[] };

/** A signed message travels as the exact text that was signed, so no JSON re-encoding can break the signature. */
export const signedEnvelopeSchema = z.object({ payload: z.string(), signature: z.string() });
export type SignedEnvelope = z.infer<typeof signedEnvelopeSchema>;

export function signature(instanceId: string, text: string): string {
	return createHmac('sha256', instanceId).update(text, 'utf8').digest('hex');
}

/** Compares in constant time for texts of one length (signatures and tokens are hex digests). */
export function sameText(expected: string, given: unknown): boolean {
	if (typeof given !== 'string') return false;
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(given, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function hasValidSignature(instanceId: string, text: string, given: unknown): boolean {
	return sameText(signature(instanceId, text), given);
}

export function seal(instanceId: string, message: WaitingSendMessage): SignedEnvelope {
	const payload = JSON.stringify(message);
	return { payload, signature: signature(instanceId, payload) };
}

export type Unsealed = { ok: true; message: WaitingSendMessage } | { ok: false; problem: string };

export function unseal(instanceId: string, body: unknown): Unsealed {
	const envelope = signedEnvelopeSchema.safeParse(body);
	if (!envelope.success) return { ok: false, problem: 'Expected a signed message' };
	if (!hasValidSignature(instanceId, envelope.data.payload, envelope.data.signature)) {
		return { ok: false, problem: 'The signature does not match this n8n' };
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(envelope.data.payload);
	} catch {
		return { ok: false, problem: 'The signed payload is not JSON' };
	}
	const message = waitingSendMessageSchema.safeParse(parsed);
	if (!message.success)
		return { ok: false, problem: message.error.issues[0]?.message ?? 'Invalid' };
	return { ok: true, message: message.data };
}

/** The token the trigger echoes when it resumes an execution; only code in this n8n can compute it. */
export function resumeToken(instanceId: string, executionId: string, nodeId: string): string {
	return signature(instanceId, `resume:${executionId}:${nodeId}`);
}

export function conversationKey(conversation: Conversation): string {
	return `${conversation.task_id}\n${conversation.chat_id}`;
}

/**
 * The fixed registration URL next to a resume URL: n8n builds both from its webhook base URL
 * (`…/webhook-waiting/<execution>/<node>` and `…/webhook/<path>`).
 */
export function registrationUrlFor(signedResumeUrl: string): string | undefined {
	const url = new URL(signedResumeUrl);
	const marker = '/webhook-waiting/';
	const at = url.pathname.lastIndexOf(marker);
	if (at < 0) return undefined;
	return `${url.origin}${url.pathname.slice(0, at)}/webhook/${WAITING_SENDS_PATH}`;
}
