import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as message from './actions/message';
import { optionsCollection } from './actions/options';
import { router } from './actions/router';
import * as task from './actions/task';

export class Selarti implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Selarti',
		name: 'selarti',
		icon: { light: 'file:../../icons/selarti.svg', dark: 'file:../../icons/selarti.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ ({ send: "Send Message", sendAndWait: "Send and Wait for Reply", addTarget: "Add Target to Task" })[$parameter["operation"]] }}',
		description: 'Pass messages from any messenger to a Selarti AI task',
		defaults: { name: 'Selarti' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'selartiApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Message', value: 'message' },
					{ name: 'Task', value: 'task' },
				],
				default: 'message',
			},
			...message.description,
			...task.description,
			optionsCollection(message.options),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
