import { randomUUID } from 'node:crypto';

import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { hasReceiverInProcess, postToN8n, posterOn } from './process';
import {
	registrationUrlFor,
	resumeToken,
	seal,
	type Conversation,
	type SendOutcome,
	type WaitingSendMessage,
} from './protocol';
import {
	applyWaitingSendMessage,
	answerCollection,
	COLLECT_HOLD_MS,
	type Answer,
} from './receiver';

/** The Selarti node's side: register the wait before sending, report what was sent, then wait, or cancel. */

export const NO_RECEIVER_FIX = `Turn on "Hand Replies to Waiting Sends" in the options of the Selarti Trigger whose Production URL is in Selarti, and activate (publish) its workflow.`;

export interface WaitHandle {
	/**
	 * resume: a trigger of this process resumes the execution, which must be put to wait. collect: the execution keeps
	 * running and fetches the items itself, from the trigger of its own process or of another (queue mode, where n8n
	 * answers a workflow's caller as soon as a queued execution starts waiting).
	 */
	handOver: 'resume' | 'collect';
	reportOutcomes(outcomes: SendOutcome[]): Promise<void>;
	/** collect only: the items, one per input item, or undefined when the trigger's process no longer has the wait. */
	collect(until: number, signal?: AbortSignal): Promise<IDataObject[] | undefined>;
	cancel(): Promise<void>;
}

export interface WaitRequest {
	conversations: Array<Conversation | null>;
	waitLimitMs: number;
	combineWithinMs: number;
}

/**
 * Registers a wait. With `keepRunning` (an AI Agent tool, or an error at the limit) the execution is never put to
 * wait, so it collects its items even from a trigger of its own process.
 */
export async function registerWait(
	context: IExecuteFunctions,
	request: WaitRequest,
	{ keepRunning }: { keepRunning: boolean },
): Promise<WaitHandle> {
	const inProcess = hasReceiverInProcess();
	const handOver = inProcess && !keepRunning ? 'resume' : 'collect';
	// A collected wait is only named by its URL; an AI Agent may call one tool several times at once.
	const signedResumeUrl = context.getSignedResumeUrl();
	const resumeUrl =
		handOver === 'collect' ? `${signedResumeUrl}&wait=${randomUUID()}` : signedResumeUrl;
	const token = resumeToken(
		context.getInstanceId(),
		context.getExecutionId(),
		context.getNode().id,
	);
	const deliver = inProcess ? inMemory(context) : toFixedPath(context, resumeUrl);
	await deliver({ action: 'register', resumeUrl, token, handOver, ...request });
	return {
		handOver,
		reportOutcomes: async (outcomes) =>
			void (await deliver({ action: 'outcomes', resumeUrl, outcomes })),
		collect: async (until, signal) => {
			while (Date.now() < until && signal?.aborted !== true) {
				const answer = await deliver({ action: 'collect', resumeUrl }, true);
				if (answer.status === 404) return undefined;
				if (answer.body.status === 'ready') return answer.body.items as IDataObject[];
			}
			return undefined;
		},
		cancel: async () =>
			void (await deliver({ action: 'cancel', resumeUrl }).catch(() => undefined)),
	};
}

/** Sends one message; throws with the fix when the trigger refused it (a 404 of a collection is an answer). */
type Messenger = (message: WaitingSendMessage, collecting?: boolean) => Promise<Answer>;

/** A trigger of this process receives replies (one n8n process): its registry is this module's. */
function inMemory(context: IExecuteFunctions): Messenger {
	return async (message) => {
		if (message.action === 'collect') return await answerCollection(message.resumeUrl);
		return check(context, applyWaitingSendMessage(message, posterOn(context.helpers)));
	};
}

/** To the trigger's fixed path, which n8n routes to the process that receives Selarti's webhooks. */
function toFixedPath(context: IExecuteFunctions, resumeUrl: string): Messenger {
	const url = registrationUrlFor(resumeUrl);
	if (url === undefined) {
		throw new NodeOperationError(context.getNode(), 'n8n gave no resume URL this node can use', {
			description: `The URL ${resumeUrl} has no /webhook-waiting/ part. ${NO_RECEIVER_FIX}`,
		});
	}
	const instanceId = context.getInstanceId();
	return async (message, collecting = false) => {
		let result: Answer;
		try {
			result = await postToN8n(context.helpers, url, seal(instanceId, message), {
				timeoutMs: COLLECT_HOLD_MS + 30_000,
			});
		} catch (error) {
			throw new NodeOperationError(
				context.getNode(),
				`n8n's webhook URL ${url} could not be reached`,
				{
					description: `${(error as Error).message}. Waiting for a reply needs this n8n to reach its own webhook URL (WEBHOOK_URL). ${NO_RECEIVER_FIX}`,
				},
			);
		}
		if (collecting && result.status === 404 && result.body.status === 'unknown') return result;
		return check(context, result);
	};
}

function check(context: IExecuteFunctions, answer: Answer): Answer {
	if (answer.status >= 200 && answer.status < 300) return answer;
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
