import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SelartiEndpoint } from '../../../shared/transport';
import type { ItemField } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1721129985149x478019552540622850',
		description:
			'The ID of the Selarti task to add the contact to, copied from the Selarti panel (Tasks)',
	},
	{
		displayName: 'Target',
		name: 'target',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. @username',
		description:
			'The contact to add to the task: a @username, a phone number or a messenger user ID',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['addTarget'] } },
	properties,
);

export const endpoint: SelartiEndpoint = 'add_target';

export const fields: readonly ItemField[] = [
	{
		parameter: 'taskId',
		bodyKey: 'task',
		label: 'Task ID',
		hint: 'Copy the task ID from the Selarti panel (Tasks), e.g. 1721129985149x478019552540622850.',
	},
	{
		parameter: 'target',
		bodyKey: 'target',
		label: 'Target',
		hint: 'Map a @username, a phone number or a messenger user ID, e.g. {{ $json.username }}.',
	},
];

/** Different contacts are independent; the same contact twice is sent in order. */
export const orderKey = (body: IDataObject): string =>
	`${String(body.task)}\n${String(body.target)}`;
