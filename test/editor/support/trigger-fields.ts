import { LATEST_TRIGGER_VERSION } from '../../../nodes/SelartiTrigger/versions';
/** The 20 fields of a Selarti webhook (seed names) and the type the Selarti Trigger gives each in its output. */
export const triggerFieldTypes: Record<string, string> = {
	channel_id: 'string',
	close: 'boolean',
	company_id: 'string',
	contacts: 'string',
	external_chat_id: 'string',
	get_contact: 'boolean',
	interest: 'boolean',
	is_bot: 'boolean',
	manager_id: 'string',
	message_id: 'string',
	message_text: 'string',
	message_type: 'string',
	operator: 'boolean',
	panel_url: 'string',
	share_url: 'string',
	success: 'boolean',
	task_id: 'string',
	thread_id: 'string',
	title: 'string',
	wh_type: 'string',
};

/** What the editor knows before any event: the 20 fields, and the two that a dialog event's item adds in front. */
export const triggerSchemaFieldTypes: Record<string, string> = {
	...triggerFieldTypes,
	dialog_event: 'string',
	dialog_key: 'string',
};

/**
 * Path of the output schema of a trigger added now (the latest version) as the editor asks n8n for it; n8n serves
 * nodes/<node>/__schema__/v<version>.0.0.json.
 */
export const triggerSchemaPath = `/schemas/n8n-nodes-selarti.selartiTrigger/${LATEST_TRIGGER_VERSION}.0.0.json`;
