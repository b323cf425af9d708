import type { INodeProperties } from 'n8n-workflow';

import type { SelartiOperation } from '../types';
import * as send from './send.operation';

export const operations: Record<string, SelartiOperation> = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message',
				description: "Pass a user's message from any messenger to a Selarti AI task",
			},
		],
		default: 'send',
	},
	...send.description,
];
