import type { INodeProperties } from 'n8n-workflow';

import { operationParameter } from '../fields';
import type { SelartiOperation, SelartiOperationNames } from '../types';
import * as send from './send.operation';
import * as sendAndWait from './sendAndWait.operation';

export const operations: Record<SelartiOperationNames['message'], SelartiOperation> = {
	send,
	sendAndWait,
};

export const description: INodeProperties[] = [
	operationParameter('message', [
		{
			name: 'Send',
			value: 'send',
			action: 'Send a message',
			description: "Pass a user's message from any messenger to a Selarti AI task",
		},
		{
			name: 'Send and Wait for Reply',
			value: 'sendAndWait',
			action: 'Send a message and wait for the reply',
			description:
				"Pass a user's message to a Selarti AI task and output the AI's reply in the same execution (n8n Chat, Respond to Webhook)",
		},
	]),
	...send.description,
	...sendAndWait.description,
];

/** The message operations' own optional fields, for the node's Options collection. */
export const options: INodeProperties[] = sendAndWait.waitOptions;
