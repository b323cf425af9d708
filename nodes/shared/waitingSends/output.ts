import type { IDataObject } from 'n8n-workflow';

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

/** Who wrote a message that answers the user: the AI or an operator, never the user's own echo. */
export function isReply(messageType: unknown): boolean {
	return messageType === 'bot' || messageType === 'operator';
}
