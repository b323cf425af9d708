import type { INodeProperties } from 'n8n-workflow';

import { operationParameter } from '../fields';
import type { SelartiOperation, SelartiOperationNames } from '../types';
import * as addTarget from './addTarget.operation';

export const operations: Record<SelartiOperationNames['task'], SelartiOperation> = { addTarget };

export const description: INodeProperties[] = [
	operationParameter('task', [
		{
			name: 'Add Target',
			value: 'addTarget',
			action: 'Add a target to a task',
			description: "Add a contact to an outbound task's target list",
		},
	]),
	...addTarget.description,
];
