import type { IHttpRequestOptions } from 'n8n-workflow';

import type { WaitKey } from '../credentialKeys';
import {
	WAITING_SENDS_PATH,
	openAnswer,
	sealRequest,
	type OpenRequest,
	type WaitRequest,
} from './messages';
import { waitingSends, type Collection, type Opened } from './registry';

/*
 * The one seam between a waiting send and the trigger's registry. In the process whose Selarti Triggers receive
 * Selarti's webhooks (n8n's default: one process), the registry is this module's and a call is a call. Elsewhere (a
 * queue-mode worker) it is a signed request to the fixed path, which n8n routes to the process of its webhooks.
 */
export interface WaitChannel {
	open(request: OpenRequest): Promise<Opened | { status: 'refused'; problem: string }>;
	collect(waitId: string, sent: boolean[], holdMs: number, stop?: AbortSignal): Promise<Collection>;
	cancel(waitId: string): Promise<void>;
}

export function inMemory(keyId: string): WaitChannel {
	return {
		open: async (request) => waitingSends.open(keyId, request, true),
		collect: async (waitId, sent, holdMs, stop) =>
			await waitingSends.collect(keyId, waitId, sent, holdMs, stop),
		cancel: async (waitId) => void waitingSends.cancel(keyId, waitId),
	};
}

type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** How long past a held collection the send waits for n8n's answer before it takes the request as lost. */
const ANSWER_MARGIN_MS = 30_000;

export function overHttp(httpRequest: HttpRequest, url: string, key: WaitKey): WaitChannel {
	const call = async (request: WaitRequest, holdMs = 0) => {
		const { envelope, nonce } = sealRequest(key, request, Date.now());
		const response = (await httpRequest({
			method: 'POST',
			url,
			body: envelope,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: holdMs + ANSWER_MARGIN_MS,
		})) as { statusCode?: number; body?: unknown };
		const httpStatus = response.statusCode ?? 0;
		const said = (response.body as { message?: unknown } | undefined)?.message;
		const problem = `HTTP ${httpStatus}${typeof said === 'string' ? `: ${said}` : ''}`;
		return { httpStatus, problem, answer: openAnswer(key, nonce, response.body) };
	};
	return {
		open: async (request) => {
			const { httpStatus, problem, answer } = await call({ action: 'open', ...request });
			if (answer !== undefined) return answer as Opened;
			// n8n answers 404 when no workflow's webhook owns the path: no trigger holds waits of other processes.
			if (httpStatus === 404) return { status: 'no trigger' };
			return { status: 'refused', problem };
		},
		collect: async (waitId, sent, holdMs) => {
			const { problem, answer } = await call({ action: 'collect', waitId, sent }, holdMs);
			if (answer !== undefined) return answer as Collection;
			throw new Error(`The Selarti Trigger's process did not answer as expected (${problem})`);
		},
		cancel: async (waitId) => void (await call({ action: 'cancel', waitId })),
	};
}

/**
 * The fixed path's URL beside a resume URL n8n signed for the node: n8n builds both from its webhook base URL
 * (`…/webhook-waiting/<execution>/<node>` and `…/webhook/<path>`).
 */
export function waitingSendsUrl(signedResumeUrl: string): string {
	const url = new URL(signedResumeUrl);
	const at = url.pathname.lastIndexOf('/webhook-waiting/');
	const base = at < 0 ? '' : url.pathname.slice(0, at);
	return `${url.origin}${base}/webhook/${WAITING_SENDS_PATH}`;
}
