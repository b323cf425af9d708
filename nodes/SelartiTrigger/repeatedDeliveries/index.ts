import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isRepeatedDelivery, processMemoryKey } from './webhookCheck';

/** Ignore Repeated Deliveries: checked in the webhook, then in the execution (docs/design/2026-12-repeated-deliveries.md). */
export { dialogEvents, dropRepeatedDeliveries, messages } from './executionCheck';
export { isRepeatedDelivery, processMemoryKey } from './webhookCheck';

/** The webhook's check of a message: seen before in this process (and remembered now if not). */
export function isRepeatedMessage(
	context: IWebhookFunctions,
	messageId: string | null,
	ignoreRepeatedDeliveries: boolean,
): boolean {
	if (!ignoreRepeatedDeliveries || messageId === null) return false;
	return isRepeatedDelivery(
		context.getWorkflowStaticData('node'),
		messageId,
		processMemoryKey(context),
	);
}

/** On unless switched off: the option's default. Read by the webhook and by the execution. */
export function ignoresRepeatedDeliveries(options: IDataObject): boolean {
	return options.ignoreRepeatedDeliveries !== false;
}
