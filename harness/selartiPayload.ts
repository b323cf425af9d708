import type { IDataObject } from 'n8n-workflow';

/** A complete "All messages" payload as Selarti documents it (the AI's reply to a customer). */
export function selartiPayload(overrides: IDataObject = {}): IDataObject {
	return {
		channel_id: '1721129985149x478019552540622001',
		close: false,
		company_id: '1721129985149x478019552540622002',
		contacts: '+998901234567',
		external_chat_id: '123456789',
		get_contact: false,
		interest: true,
		is_bot: false,
		manager_id: '1721129985149x478019552540622003',
		message_id: '1721129985149x478019552540622004',
		message_text: 'Hello! How can I help you today?',
		message_type: 'bot',
		operator: false,
		panel_url: 'https://selarti.com/panel/dialog/1721129985149x478019552540622005',
		share_url: 'https://selarti.com/share/1721129985149x478019552540622005',
		success: false,
		task_id: '1721129985149x478019552540622850',
		thread_id: '1721129985149x478019552540622005',
		title: 'Aziza Karimova',
		wh_type: 'all_messages',
		...overrides,
	};
}
