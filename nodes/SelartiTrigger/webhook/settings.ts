import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { ignoresRepeatedDeliveries } from '../repeatedDeliveries';

export type InvalidPayloadPolicy = 'output' | 'reject';

export interface TriggerSettings {
	secret: string;
	/** Lower-case message types to accept; empty accepts every type. */
	messageTypes: string[];
	taskIds: string[];
	/** Lower-case webhook types to accept; empty accepts every type. */
	webhookTypes: string[];
	skipBotDialogs: boolean;
	skipOperatorDialogs: boolean;
	skipClosedDialogs: boolean;
	ignoreRepeatedDeliveries: boolean;
	onInvalidPayload: InvalidPayloadPolicy;
	includeRawBody: boolean;
}

function commaSeparated(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

export function readTriggerSettings(context: IWebhookFunctions): TriggerSettings {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const messageTypes = context.getNodeParameter('messageTypes', []) as unknown;
	return {
		secret: String(context.getNodeParameter('secret', '') ?? ''),
		messageTypes: Array.isArray(messageTypes)
			? messageTypes.map((type) => String(type).toLowerCase())
			: [],
		taskIds: commaSeparated(options.taskIds),
		webhookTypes: commaSeparated(options.webhookTypes).map((type) => type.toLowerCase()),
		skipBotDialogs: options.skipBotDialogs === true,
		skipOperatorDialogs: options.skipOperatorDialogs === true,
		skipClosedDialogs: options.skipClosedDialogs === true,
		ignoreRepeatedDeliveries: ignoresRepeatedDeliveries(options),
		onInvalidPayload: options.onInvalidPayload === 'reject' ? 'reject' : 'output',
		includeRawBody: options.includeRawBody === true,
	};
}
