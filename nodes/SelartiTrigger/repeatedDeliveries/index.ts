import type { IDataObject } from 'n8n-workflow';

/** Ignore Repeated Deliveries: checked in the webhook, then in the execution (docs/design/2026-12-repeated-deliveries.md). */
export { dialogEvents, dropRepeatedDeliveries, messages } from './executionCheck';
export { isRepeatedDelivery, processMemoryKey } from './webhookCheck';

/** On unless switched off: the option's default. Read by the webhook and by the execution. */
export function ignoresRepeatedDeliveries(options: IDataObject): boolean {
	return options.ignoreRepeatedDeliveries !== false;
}
