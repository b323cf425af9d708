import type { NormalisedPayload } from '../payload/normalise';
import type { SelartiPayloadFieldName } from '../payload/schema';
import type { TriggerSettings } from './settings';

/*
 * Decides whether an event is skipped (answered 200, no execution). A filter only skips when it can tell for sure:
 * a field that failed validation, or a body that could not be read at all, never causes a skip, so a malformed event
 * is still output with its errors instead of vanishing.
 */

interface Filter {
	field: SelartiPayloadFieldName;
	skipReason(payload: NormalisedPayload['message'], settings: TriggerSettings): string | undefined;
}

const filters: Filter[] = [
	{
		field: 'message_type',
		skipReason: ({ message_type }, { messageTypes }) =>
			messageTypes.length > 0 && !messageTypes.includes(message_type ?? '')
				? `message type "${message_type ?? ''}" is not selected in Message Types`
				: undefined,
	},
	{
		field: 'task_id',
		skipReason: ({ task_id }, { taskIds }) =>
			taskIds.length > 0 && !taskIds.includes(task_id ?? '')
				? `task "${task_id ?? ''}" is not in Task IDs`
				: undefined,
	},
	{
		field: 'wh_type',
		skipReason: ({ wh_type }, { webhookTypes }) =>
			webhookTypes.length > 0 && !webhookTypes.includes((wh_type ?? '').toLowerCase())
				? `webhook type "${wh_type ?? ''}" is not in Webhook Types`
				: undefined,
	},
	{
		field: 'is_bot',
		skipReason: ({ is_bot }, { skipBotDialogs }) =>
			skipBotDialogs && is_bot ? 'Selarti identified the customer as a bot' : undefined,
	},
	{
		field: 'operator',
		skipReason: ({ operator }, { skipOperatorDialogs }) =>
			skipOperatorDialogs && operator ? 'the dialog was handed to an operator' : undefined,
	},
	{
		field: 'close',
		skipReason: ({ close }, { skipClosedDialogs }) =>
			skipClosedDialogs && close ? 'the dialog is closed' : undefined,
	},
];

export function findSkipReason(
	payload: NormalisedPayload,
	settings: TriggerSettings,
): string | undefined {
	if (payload.bodyUnreadable) return undefined;
	for (const filter of filters) {
		if (payload.invalidFields.has(filter.field)) continue;
		const reason = filter.skipReason(payload.message, settings);
		if (reason !== undefined) return reason;
	}
	return undefined;
}
