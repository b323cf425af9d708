import type { IDataObject } from 'n8n-workflow';

import type { Conversation } from './messages';

/**
 * The item a waiting send outputs for one conversation: whether a reply came and its text first (every reply's text
 * in order; without a reply, the text for that), the same text as `output`, which n8n's Chat shows, then the last
 * reply's fields as the Selarti Trigger outputs them, each reply whole, and what was sent.
 */
export function replyItemJson(
	sent: IDataObject,
	replies: IDataObject[],
	noReplyText: string,
): IDataObject {
	const texts = replies
		.map((reply) => reply.message_text)
		.filter((text): text is string => typeof text === 'string' && text !== '');
	const text = replies.length === 0 ? noReplyText : texts.join('\n');
	return {
		replied: replies.length > 0,
		reply_text: text,
		output: text,
		...replies.at(-1),
		replies,
		sent,
	};
}

/** The conversation a message answers: the AI's or an operator's, never the user's own echo. */
export function replyConversation(message: IDataObject): Conversation | undefined {
	const { task_id, external_chat_id, message_type } = message;
	if (message_type !== 'bot' && message_type !== 'operator') return undefined;
	if (typeof task_id !== 'string' || typeof external_chat_id !== 'string') return undefined;
	if (task_id === '' || external_chat_id === '') return undefined;
	return { task_id, chat_id: external_chat_id };
}
