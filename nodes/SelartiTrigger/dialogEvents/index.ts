import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { toEventJson, type NormalisedPayload } from '../payload/normalise';
import { isRepeatedDelivery, processMemoryKey } from '../repeatedDeliveries';
import { accepted, skipped } from '../webhook/answers';
import type { TriggerSettings } from '../webhook/settings';
import { DIALOG_EVENTS, dialogKeyOf, eventKey, type DialogEvent } from '../payload/dialogEvents';
import type { SelartiMessage, SelartiPayloadFieldName } from '../payload/schema';

/**
 * Start On: Dialog Events. The selected events this message's flags raise and that its dialog has not had yet, one item
 * each; remembered in the webhook like repeated deliveries, and checked again in the execution.
 */
export function newDialogEvents(
	context: IWebhookFunctions,
	payload: NormalisedPayload,
	settings: TriggerSettings,
): IWebhookResponseData {
	const events = eventsIn(payload.message, payload.invalidFields, settings.dialogEvents);
	if (events.length === 0) return skipped('the message raises none of the selected dialog events');
	const dialogKey = dialogKeyOf(payload.message);
	if (dialogKey === undefined) {
		return skipped(
			`${events.join(', ')}: no thread_id, task_id or external_chat_id tells which dialog this is`,
		);
	}
	const staticData = context.getWorkflowStaticData('node');
	const memoryKey = processMemoryKey(context);
	const fresh = events.filter(
		(event) => !isRepeatedDelivery(staticData, eventKey(event, dialogKey), memoryKey),
	);
	if (fresh.length === 0) return skipped(`dialog ${dialogKey} had ${events.join(', ')} before`);
	return accepted([
		fresh.map((event) => ({
			json: toEventJson(payload, event, dialogKey, settings.includeRawBody),
		})),
	]);
}

/** The selected events whose flag this message carries as true (a flag that failed validation carries nothing). */
function eventsIn(
	message: SelartiMessage,
	invalidFields: ReadonlySet<SelartiPayloadFieldName>,
	selected: readonly DialogEvent[],
): DialogEvent[] {
	return DIALOG_EVENTS.filter(
		(event) =>
			selected.includes(event.value) &&
			!invalidFields.has(event.flag) &&
			message[event.flag] === true,
	).map((event) => event.value);
}
