import type { IWebhookFunctions } from 'n8n-workflow';

import { isPlainObject, readRequestBody, type BodyReadResult } from '../payload/body';

interface IncomingRequest {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
}

/**
 * The delivery's body. From version 2 on, n8n reads only JSON, text, form and XML bodies before the node runs (and
 * evaluates no expression for it); a body of any other content type is still unread, so it is read here: nothing
 * Selarti sends is lost.
 */
export async function receivedBody(context: IWebhookFunctions): Promise<BodyReadResult> {
	const request = context.getRequestObject() as IncomingRequest;
	const body = context.getBodyData();
	const unread =
		request.rawBody === undefined && (!isPlainObject(body) || Object.keys(body).length === 0);
	if (unread && typeof request.readRawBody === 'function') {
		// A stream n8n consumed already (a multipart form) cannot be read again; what n8n parsed is the body then.
		await request.readRawBody().catch(() => undefined);
	}
	return readRequestBody(body, request.rawBody);
}
