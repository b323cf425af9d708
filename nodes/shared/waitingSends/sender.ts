import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { hasReceiverInProcess, posterOn } from './process';
import {
	WAITING_SENDS_PATH,
	registrationUrlFor,
	resumeToken,
	seal,
	type Conversation,
	type SendOutcome,
	type WaitingSendMessage,
} from './protocol';
import { applyWaitingSendMessage, type Answer } from './receiver';

/** The Selarti node's side: register the wait before sending, then report what was sent, or cancel. */

export const NO_RECEIVER_FIX = `Turn on "Hand Replies to Waiting Sends" in the options of the Selarti Trigger whose Production URL is in Selarti, and activate (publish) its workflow.`;

export interface WaitHandle {
	reportOutcomes(outcomes: SendOutcome[]): Promise<void>;
	cancel(): Promise<void>;
}

export interface WaitRequest {
	conversations: Array<Conversation | null>;
	waitLimitMs: number;
	combineWithinMs: number;
}

export async function registerWait(
	context: IExecuteFunctions,
	request: WaitRequest,
): Promise<WaitHandle> {
	const resumeUrl = context.getSignedResumeUrl();
	const token = resumeToken(
		context.getInstanceId(),
		context.getExecutionId(),
		context.getNode().id,
	);
	const deliver = messengerFor(context, resumeUrl);
	await deliver({ action: 'register', resumeUrl, token, ...request });
	return {
		reportOutcomes: async (outcomes) =>
			void (await deliver({ action: 'outcomes', resumeUrl, outcomes })),
		cancel: async () =>
			void (await deliver({ action: 'cancel', resumeUrl }).catch(() => undefined)),
	};
}

type Messenger = (message: WaitingSendMessage) => Promise<void>;

/**
 * In memory when a trigger of this process receives replies (one n8n process); else to the fixed path, which n8n
 * routes to the process that receives Selarti's webhooks (queue mode's webhook process).
 */
function messengerFor(context: IExecuteFunctions, resumeUrl: string): Messenger {
	if (hasReceiverInProcess()) {
		return async (message) =>
			check(context, applyWaitingSendMessage(message, posterOn(context.helpers)));
	}
	const url = registrationUrlFor(resumeUrl);
	if (url === undefined) {
		throw new NodeOperationError(context.getNode(), 'n8n gave no resume URL this node can use', {
			description: `The URL ${resumeUrl} has no /webhook-waiting/ part. ${NO_RECEIVER_FIX}`,
		});
	}
	const instanceId = context.getInstanceId();
	return async (message) => {
		let answer: { statusCode?: number; body?: unknown };
		try {
			answer = (await context.helpers.httpRequest({
				method: 'POST',
				url,
				body: seal(instanceId, message),
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 30_000,
			})) as { statusCode?: number; body?: unknown };
		} catch (error) {
			throw new NodeOperationError(
				context.getNode(),
				`n8n's webhook URL ${url} could not be reached`,
				{
					description: `${(error as Error).message}. Waiting for a reply needs this n8n to reach its own webhook URL (WEBHOOK_URL). ${NO_RECEIVER_FIX}`,
				},
			);
		}
		check(context, { status: answer.statusCode ?? 0, body: (answer.body ?? {}) as Answer['body'] });
	};
}

function check(context: IExecuteFunctions, answer: Answer): void {
	if (answer.status >= 200 && answer.status < 300) return;
	const said = typeof answer.body.message === 'string' ? ` (${answer.body.message})` : '';
	if (answer.status === 404 && answer.body.status !== 'unknown') {
		throw new NodeOperationError(
			context.getNode(),
			'No Selarti Trigger receives replies for waiting sends',
			{
				description: NO_RECEIVER_FIX,
			},
		);
	}
	throw new NodeOperationError(
		context.getNode(),
		`The Selarti Trigger refused the wait: HTTP ${answer.status}${said}`,
		{
			description:
				answer.status === 403
					? `The trigger runs in another n8n instance. ${NO_RECEIVER_FIX}`
					: NO_RECEIVER_FIX,
		},
	);
}

export { WAITING_SENDS_PATH };
