import { sleep, type IDataObject, type IHttpRequestOptions } from 'n8n-workflow';

import { WaitingSendRegistry, type Poster } from './registry';

/*
 * This n8n process's waits. The Selarti node and the Selarti Trigger load this module once per process (one module
 * cache), so a send and a trigger in one process share it; processes of queue mode each have their own.
 */
export const waitingSends = new WaitingSendRegistry({ now: Date.now, sleep });

/** Triggers of this process that hand replies to waiting sends, by workflow and node. */
const receivers = new Set<string>();

export function setReceiver(key: string, receives: boolean): void {
	if (receives) receivers.add(key);
	else receivers.delete(key);
}

/** Whether a trigger of this process receives replies: then a send of this process registers in memory. */
export function hasReceiverInProcess(): boolean {
	return receivers.size > 0;
}

interface RequestHelpers {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
}

export interface N8nAnswer {
	status: number;
	body: IDataObject;
}

/** A POST to n8n itself (its resume and webhook URLs) through n8n's request helper; answers of any status. */
export async function postToN8n(
	helpers: RequestHelpers,
	url: string,
	body: IDataObject,
	{ headers = {}, timeoutMs }: { headers?: Record<string, string>; timeoutMs: number },
): Promise<N8nAnswer> {
	const response = (await helpers.httpRequest({
		method: 'POST',
		url,
		body,
		json: true,
		headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	})) as { statusCode?: number; body?: unknown };
	const answer = response.body;
	return {
		status: response.statusCode ?? 0,
		body: (typeof answer === 'object' && answer !== null ? answer : {}) as IDataObject,
	};
}

/** A poster on n8n's request helper, for hand-overs and replies given back. */
export function posterOn(helpers: RequestHelpers, headers: Record<string, string> = {}): Poster {
	return async (url: string, body: IDataObject) =>
		// n8n answers a resume only once it ran the node's webhook; under load that takes a while.
		(await postToN8n(helpers, url, body, { headers, timeoutMs: 120_000 })).status;
}
