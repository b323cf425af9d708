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

/** A poster on n8n's request helper: calls n8n itself (its resume and webhook URLs), answers of any status. */
export function posterOn(helpers: RequestHelpers, headers: Record<string, string> = {}): Poster {
	return async (url: string, body: IDataObject) => {
		const response = (await helpers.httpRequest({
			method: 'POST',
			url,
			body,
			json: true,
			headers,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// n8n answers a resume only once it ran the node's webhook; under load that takes a while.
			timeout: 120_000,
		})) as { statusCode?: number };
		return response.statusCode ?? 0;
	};
}
