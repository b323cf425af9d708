import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/*
 * What Selarti gets back for each delivery: a small JSON body of one shape, {status, message} plus why. n8n sends
 * webhookResponse as the body when the webhook description's responseData is empty (the trigger sets it so: n8n's
 * default would answer an accepted delivery with the text "firstEntryJson"), and answers without starting an
 * execution when workflowData is missing. Rejections write their own status and set noWebhookResponse.
 */

export function accepted(workflowData: IWebhookResponseData['workflowData']): IWebhookResponseData {
	return { workflowData, webhookResponse: { status: 'accepted', message: 'Event received' } };
}

export function skipped(reason: string): IWebhookResponseData {
	return { webhookResponse: { status: 'skipped', message: 'Event received and skipped', reason } };
}

export function handedToWaitingSend(): IWebhookResponseData {
	return {
		webhookResponse: { status: 'accepted', message: 'Event received and handed to a waiting send' },
	};
}

/** A message the trigger has received before (Ignore Repeated Deliveries). */
export function alreadyReceived(messageId: string | null): IWebhookResponseData {
	return skipped(`message ${messageId} was already received`);
}

export function rejected(
	context: IWebhookFunctions,
	httpStatus: number,
	message: string,
	details: IDataObject = {},
): IWebhookResponseData {
	context
		.getResponseObject()
		.status(httpStatus)
		.json({ status: 'rejected', message, ...details });
	return { noWebhookResponse: true };
}
