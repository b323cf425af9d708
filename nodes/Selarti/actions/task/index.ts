import type { INodeProperties } from 'n8n-workflow';

import type { SelartiOperation } from '../types';
import * as addTarget from './addTarget.operation';

export const operations: Record<string, SelartiOperation> = { addTarget };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Add Target',
				value: 'addTarget',
				action: 'Add a target to a task',
				description: "Add a contact to an outbound task's target list",
			},
		],
		default: 'addTarget',
	},
	...addTarget.description,
];
