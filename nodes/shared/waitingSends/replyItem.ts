import type { IDataObject } from 'n8n-workflow';

import type { Conversation } from './messages';

/**
 * The item a waiting send outputs for one conversation: the last reply's fields as the Selarti Trigger outputs them,
 * the text of every reply in order, each reply whole, and what was sent. Without a reply, replied is false.
 */
export function replyItemJson(sent: IDataObject, replies: IDataObject[]): IDataObject {
	if (replies.length === 0) return { replied: false, reply_text: null, replies: [], sent };
	const texts = replies
		.map((reply) => reply.message_text)
		.filter((text): text is string => typeof text === 'string' && text !== '');
	return {
		...replies[replies.length - 1],
		replied: true,
		reply_text: texts.join('\n'),
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
