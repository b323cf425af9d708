import type { IDataObject } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SelartiEndpoint } from '../../../shared/transport';
import { taskIdField } from '../fields';
import { itemFields, type OperationField } from '../types';

const operationFields: OperationField[] = [
	taskIdField(
		'task',
		'The ID of the Selarti task to add the contact to, copied from the Selarti panel (Tasks)',
	),
	{
		property: {
			displayName: 'Target',
			name: 'target',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. @username',
			description:
				'The contact to add to the task: a @username, a phone number or a messenger user ID',
		},
		bodyKey: 'target',
		fix: 'Map a @username, a phone number or a messenger user ID, e.g. {{ $json.username }}.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['addTarget'] } },
	operationFields.map((field) => field.property),
);

export const endpoint: SelartiEndpoint = 'add_target';

export const fields = itemFields(operationFields);

/** Different contacts are independent; the same contact twice is sent in order. */
export const orderKey = (body: IDataObject): string =>
	`${String(body.task)}\n${String(body.target)}`;
