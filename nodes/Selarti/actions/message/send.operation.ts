import type { IDataObject } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SelartiEndpoint } from '../../../shared/transport';
import { taskIdField } from '../fields';
import { itemFields, type OperationField } from '../types';

const operationFields: OperationField[] = [
	taskIdField(
		'task_id',
		'The ID of the Selarti Web task whose AI answers, copied from the Selarti panel (Tasks)',
	),
	{
		property: {
			displayName: 'Chat ID',
			name: 'chatId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 123456789',
			hint: "Map it from your messenger's trigger, so Selarti's reply can find its way back: Telegram {{ $json.message.chat.id }}, n8n Chat {{ $json.sessionId }}, a webhook {{ $json.body.chat_id }}",
			description:
				"Your messenger's unique ID of the chat or user. Selarti keeps one dialog per Chat ID and sends it back as external_chat_id in the Selarti Trigger, so the reply can be routed.",
		},
		bodyKey: 'chat_id',
		fix: "Map the messenger's chat or user ID, e.g. {{ $json.message.chat.id }}",
	},
	{
		property: {
			displayName: 'Message',
			name: 'message',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Hello! Do you deliver on Sundays?',
			typeOptions: { rows: 2 },
			hint: "Map your customer's text: Telegram {{ $json.message.text }}, n8n Chat {{ $json.chatInput }}, a webhook {{ $json.body.text }}",
			description: "The user's message to pass to the Selarti AI",
		},
		bodyKey: 'message',
		fix: "Map the user's text, e.g. {{ $json.message.text }}, and skip updates without text before this node.",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send', 'sendAndWait'] } },
	operationFields.map((field) => field.property),
);

export const endpoint: SelartiEndpoint = 'send_message_external';

export const fields = itemFields(operationFields);

/** One dialog per task and chat: its messages must arrive in the order the user wrote them. */
export const orderKey = (body: IDataObject): string =>
	`${String(body.task_id)}\n${String(body.chat_id)}`;
