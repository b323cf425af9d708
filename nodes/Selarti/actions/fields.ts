import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationField, SelartiResource } from './types';

const TASK_ID_EXAMPLE = '1721129985149x478019552540622850';

/** The Selarti task an operation works on; Selarti names it differently per endpoint (`task_id`, `task`). */
export const taskIdField = (bodyKey: string, description: string): OperationField => ({
	property: {
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: `e.g. ${TASK_ID_EXAMPLE}`,
		description,
	},
	bodyKey,
	fix: `Copy the task ID from the Selarti panel (Tasks → your task), e.g. ${TASK_ID_EXAMPLE}.`,
});

/** A resource's Operation parameter; the first operation is the default. */
export function operationParameter(
	resource: SelartiResource,
	operations: [INodePropertyOptions, ...INodePropertyOptions[]],
): INodeProperties {
	const firstOperation = operations[0].value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations,
		default: firstOperation,
	};
}
