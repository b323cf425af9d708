import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isReply } from './output';
import { posterOn, waitingSends } from './process';
import {
	RETURNED_REPLY_HEADER,
	hasValidSignature,
	signature,
	unseal,
	type Conversation,
	type WaitingSendMessage,
} from './protocol';
import type { Poster } from './registry';

/** The Selarti Trigger's side: registrations from sends, and replies handed to them. */

export interface Answer {
	status: number;
	body: IDataObject;
}

/** How long the trigger holds a collecting send's request before answering "pending" (below proxies' timeouts). */
export const COLLECT_HOLD_MS = 25_000;

/** One message of a send (registration, outcomes, cancellation), in memory or from the fixed path. */
export function applyWaitingSendMessage(
	message: Exclude<WaitingSendMessage, { action: 'collect' }>,
	poster: Poster,
): Answer {
	if (message.action === 'register') {
		if (waitingSends.register(message, poster) === 'full') {
			return {
				status: 503,
				body: { status: 'refused', message: 'Too many sends are waiting for replies in this n8n' },
			};
		}
		return { status: 200, body: { status: 'registered' } };
	}
	const known =
		message.action === 'outcomes'
			? waitingSends.recordOutcomes(message.resumeUrl, message.outcomes)
			: waitingSends.cancel(message.resumeUrl);
	return known ? { status: 200, body: { status: 'recorded' } } : unknownWait;
}

const unknownWait: Answer = {
	status: 404,
	body: { status: 'unknown', message: 'No such waiting send in this n8n process' },
};

/**
 * A signed message that a send of another process (a queue-mode worker) posted to the fixed path. A collection is
 * answered when its items are ready: the request stays open, the webhook itself ends at once.
 */
export function answerPostedMessage(context: IWebhookFunctions): Answer | Promise<Answer> {
	const unsealed = unseal(context.getInstanceId(), context.getBodyData());
	if (!unsealed.ok) return { status: 403, body: { status: 'rejected', message: unsealed.problem } };
	const message = unsealed.message;
	if (message.action !== 'collect')
		return applyWaitingSendMessage(message, posterOn(context.helpers));
	return answerCollection(message.resumeUrl);
}

/** A collecting send's request for its items, from its own process or posted from another. */
export async function answerCollection(resumeUrl: string): Promise<Answer> {
	const collection = await waitingSends.collect(resumeUrl, COLLECT_HOLD_MS);
	return collection.status === 'unknown'
		? unknownWait
		: { status: 200, body: collection as unknown as IDataObject };
}

/** The reply of a conversation: task and chat as Selarti echoes them, from the AI or an operator. */
export function replyConversation(message: IDataObject): Conversation | undefined {
	const { task_id, external_chat_id, message_type } = message;
	if (!isReply(message_type)) return undefined;
	if (typeof task_id !== 'string' || typeof external_chat_id !== 'string') return undefined;
	if (task_id === '' || external_chat_id === '') return undefined;
	return { task_id, chat_id: external_chat_id };
}

/** What the mark of a given-back reply signs. */
const returnedText = (messageId: unknown) => `returned:${String(messageId)}`;

/** Whether this delivery is a reply a wait gave back (see giveBack below), so it takes the normal path. */
export function isGivenBack(context: IWebhookFunctions, message: IDataObject): boolean {
	const mark = context.getHeaderData()[RETURNED_REPLY_HEADER];
	if (mark === undefined) return false;
	return hasValidSignature(context.getInstanceId(), returnedText(message.message_id), mark);
}

/**
 * Offers a production delivery's reply to the waits of this process. A reply a wait cannot hand over later comes back
 * to this trigger's production URL, marked, and starts its workflow as if no send had waited.
 */
export function offerReply(
	context: IWebhookFunctions,
	conversation: Conversation,
	json: IDataObject,
	message: IDataObject,
	options: { secret: string; giveBack: boolean },
): boolean {
	const giveBack = async () => {
		if (!options.giveBack) return;
		const ownUrl = new URL(context.getNodeWebhookUrl('default') ?? '');
		if (options.secret !== '') ownUrl.searchParams.set('secret', options.secret);
		const post = posterOn(context.helpers, {
			[RETURNED_REPLY_HEADER]: signature(context.getInstanceId(), returnedText(message.message_id)),
		});
		await post(ownUrl.toString(), message);
	};
	return waitingSends.offer(conversation, { json, giveBack }, posterOn(context.helpers));
}

export { waitingSends };
