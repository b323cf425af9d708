import { bubbleId } from './bubble-ids';
import type { BooleanStyle, SandboxTask, WebhookEncoding } from './options';
import type { Dialog } from './tasks';

export type MessageType = 'user' | 'bot' | 'operator';

/** The 20 fields of the seed document, in its order. */
export const WEBHOOK_FIELDS = [
	'channel_id',
	'close',
	'company_id',
	'contacts',
	'external_chat_id',
	'get_contact',
	'interest',
	'is_bot',
	'manager_id',
	'message_id',
	'message_text',
	'message_type',
	'operator',
	'panel_url',
	'share_url',
	'success',
	'task_id',
	'thread_id',
	'title',
	'wh_type',
] as const;

export type WebhookField = (typeof WEBHOOK_FIELDS)[number];
export type WebhookPayload = Record<WebhookField, string | boolean>;

/** The only documented integration type is "All messages". */
export const ALL_MESSAGES_WH_TYPE = 'all_messages';

export interface PayloadInput {
	task: SandboxTask;
	chatId: string;
	dialog: Dialog;
	messageType: MessageType;
	text: string;
	/** Base URL of the sandbox, for panel_url/share_url. */
	baseUrl: string;
	booleans: BooleanStyle;
}

export function buildWebhookPayload(input: PayloadInput): WebhookPayload {
	const { task, dialog, booleans } = input;
	const flag = (value: boolean): string | boolean =>
		booleans === 'bool' ? value : value ? 'yes' : 'no';
	return {
		channel_id: task.channelId,
		close: flag(dialog.close),
		company_id: task.companyId,
		contacts: dialog.contacts,
		external_chat_id: input.chatId,
		get_contact: flag(dialog.getContact),
		interest: flag(dialog.interest),
		is_bot: flag(dialog.isBot),
		manager_id: task.managerId,
		message_id: bubbleId(),
		message_text: input.text,
		message_type: input.messageType,
		operator: flag(dialog.operator),
		panel_url: `${input.baseUrl}/panel/dialogs/${dialog.threadId}`,
		share_url: `${input.baseUrl}/share/${dialog.threadId}`,
		success: flag(dialog.success),
		task_id: task.id,
		thread_id: dialog.threadId,
		title: dialog.title,
		wh_type: ALL_MESSAGES_WH_TYPE,
	};
}

export function encodeWebhookPayload(
	payload: WebhookPayload,
	encoding: WebhookEncoding,
): { body: string; contentType: string } {
	if (encoding === 'form') {
		const form = new URLSearchParams();
		for (const field of WEBHOOK_FIELDS) form.append(field, String(payload[field]));
		return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
	}
	return { body: JSON.stringify(payload), contentType: 'application/json' };
}
