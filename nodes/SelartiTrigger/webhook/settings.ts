import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DIALOG_EVENT_VALUES, type DialogEvent } from '../payload/dialogEvents';
import { ignoresRepeatedDeliveries } from '../repeatedDeliveries';

export type InvalidPayloadPolicy = 'output' | 'reject';

export interface TriggerSettings {
	startOn: 'messages' | 'dialogEvents';
	/** With Start On: Dialog Events, the events chosen. */
	dialogEvents: DialogEvent[];
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
	/** Replies that a Send and Wait for Reply waits for go to it (Start On: New Messages only; on by default). */
	handsRepliesToWaitingSends: boolean;
	alsoStartWithHandedReplies: boolean;
	/** The fixed path for sends of queue-mode workers. */
	holdsWaitsOfQueueWorkers: boolean;
}

function commaSeparated(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/** Start On, read the same way by the webhook and by the execution. */
export function startsOn(value: unknown): TriggerSettings['startOn'] {
	return value === 'dialogEvents' ? 'dialogEvents' : 'messages';
}

/** Read the same way by the webhooks and by activation. */
export function handsRepliesToWaitingSends(startOn: unknown, options: IDataObject): boolean {
	return startsOn(startOn) === 'messages' && options.handRepliesToWaitingSends !== false;
}

export function readTriggerSettings(context: IWebhookFunctions): TriggerSettings {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const startOn = startsOn(context.getNodeParameter('startOn', 'messages'));
	const onMessages = startOn === 'messages';
	// Events come from every message, whoever wrote it; the message-only filters do not apply to them.
	const messageTypes = onMessages ? (context.getNodeParameter('messageTypes', []) as unknown) : [];
	const events = onMessages ? [] : (context.getNodeParameter('dialogEvents', []) as unknown);
	return {
		startOn,
		dialogEvents: Array.isArray(events)
			? events.filter((event): event is DialogEvent => DIALOG_EVENT_VALUES.includes(event))
			: [],
		messageTypes: Array.isArray(messageTypes)
			? messageTypes.map((type) => String(type).toLowerCase())
			: [],
		taskIds: commaSeparated(options.taskIds),
		webhookTypes: commaSeparated(options.webhookTypes).map((type) => type.toLowerCase()),
		skipBotDialogs: onMessages && options.skipBotDialogs === true,
		skipOperatorDialogs: onMessages && options.skipOperatorDialogs === true,
		skipClosedDialogs: onMessages && options.skipClosedDialogs === true,
		ignoreRepeatedDeliveries: ignoresRepeatedDeliveries(options),
		onInvalidPayload: options.onInvalidPayload === 'reject' ? 'reject' : 'output',
		includeRawBody: options.includeRawBody === true,
		handsRepliesToWaitingSends: handsRepliesToWaitingSends(startOn, options),
		alsoStartWithHandedReplies: options.alsoStartWithHandedReplies === true,
		holdsWaitsOfQueueWorkers: onMessages && options.holdWaitsOfQueueWorkers === true,
	};
}
