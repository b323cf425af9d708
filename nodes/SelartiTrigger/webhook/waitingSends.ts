import {
	fromFunction,
	webhookDescriptionFields,
	type IDataObject,
	type IHookFunctions,
	type INodeParameters,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import type { CredentialKeys, WaitKey } from '../../shared/credentialKeys';
import {
	LIMITS,
	NonceLedger,
	givenBackMark,
	isGivenBackMark,
	openRequest,
	sealAnswer,
} from '../../shared/waitingSends/messages';
import {
	waitingSends,
	type Collection,
	type TriggerSetup,
} from '../../shared/waitingSends/registry';
import { replyConversation } from '../../shared/waitingSends/replyItem';
import type { NormalisedPayload } from '../payload/normalise';
import { nodeKey } from '../repeatedDeliveries/perNode';
import { rejected } from './answers';
import { triggerKeys, waitKeyNamed } from './credential';
import type { TriggerSettings } from './settings';

/*
 * The trigger's part in Send and Wait for Reply (the registry and the messages: nodes/shared/waitingSends). Replies
 * of a conversation a send waits for go to that send, within the credential's key: sends and triggers of other
 * credentials never see each other's conversations.
 */

const GIVEN_BACK_HEADER = 'x-selarti-given-back';

const setupOf = (
	context: IWebhookFunctions | IHookFunctions,
	key: WaitKey | undefined,
	handsReplies: boolean,
): TriggerSetup => ({
	keyId: key?.id,
	handsReplies: handsReplies && key !== undefined,
	name: `the Selarti Trigger "${context.getNode().name}" of workflow "${context.getWorkflow().name ?? context.getWorkflow().id}"`,
});

/**
 * Activation (with the credential's wait key) and deactivation (undefined) of a production trigger: sends of this
 * process then wait here, in memory. The editor listening for a test event receives no production deliveries.
 */
export function noteActivation(
	context: IHookFunctions,
	activated: { key: WaitKey; handsReplies: boolean } | undefined,
): void {
	if (context.getMode() === 'manual') return;
	const setup = activated && setupOf(context, activated.key, activated.handsReplies);
	waitingSends.setReceiver(nodeKey(context), setup);
}

/**
 * Where a delivery goes first. `waitedFor`: a send waits for this reply; `offer` hands it over (false when the wait
 * cannot take it). `givenBack`: a reply a wait gave back, on its way to the workflow; it was checked for repeated
 * delivery when it first came. `workflow`: anything else.
 */
export type WaitingSendRoute =
	| { to: 'waitedFor'; offer: (json: IDataObject) => boolean }
	| { to: 'givenBack' }
	| { to: 'workflow' };

const NOT_WAITED_FOR: WaitingSendRoute = { to: 'workflow' };

/**
 * Where a production delivery goes: to a waiting send, back onto the normal path, or on as usual. Every production
 * delivery tells this process which trigger Selarti calls for its task, so a send can tell a wrong setup at once.
 */
export function routeOfDelivery(
	context: IWebhookFunctions,
	payload: NormalisedPayload,
	settings: TriggerSettings,
	keys: CredentialKeys | undefined,
): WaitingSendRoute {
	if (context.getMode() !== 'webhook') return NOT_WAITED_FOR;
	const message = payload.message as IDataObject;
	const key = keys?.wait;
	if (typeof message.task_id === 'string' && message.task_id !== '')
		waitingSends.heard(message.task_id, setupOf(context, key, settings.handsRepliesToWaitingSends));
	if (!settings.handsRepliesToWaitingSends || keys === undefined || key === undefined)
		return NOT_WAITED_FOR;
	if (payload.errors.length > 0) return NOT_WAITED_FOR;
	const messageId = String(message.message_id);
	const mark = context.getHeaderData()[GIVEN_BACK_HEADER];
	if (isGivenBackMark(key, messageId, mark, Date.now())) return { to: 'givenBack' };
	const conversation = replyConversation(message);
	if (conversation === undefined || !waitingSends.isWaitingFor(key.id, conversation))
		return NOT_WAITED_FOR;
	// What a wait cannot keep goes to this trigger's own production URL, marked, and starts its workflow there.
	const url = new URL(context.getNodeWebhookUrl('default') ?? '');
	url.searchParams.set('secret', keys.webhookSecret);
	const headers = () => ({ [GIVEN_BACK_HEADER]: givenBackMark(key, messageId, Date.now()) });
	const giveBack = async () =>
		void (await context.helpers.httpRequest({
			method: 'POST',
			url: url.toString(),
			body: message,
			json: true,
			headers: headers(),
		}));
	return {
		to: 'waitedFor',
		offer: (json) =>
			waitingSends.offer(key.id, conversation, {
				json,
				bytes: JSON.stringify(json).length,
				giveBack,
			}),
	};
}

/*
 * The fixed path, owned by the one trigger with Hold Waits of Queue Mode Workers on. Off, the second webhook's path
 * is the node's own webhook id, which conflicts with nothing. Computed without the expression engine where n8n can
 * (2.40 and later), with the same function as an expression elsewhere.
 */
// Self-contained and in plain JavaScript: n8n inlines its source into the expression it falls back to.
export const waitingSendsPath = (parameters: INodeParameters): string =>
	parameters.startOn !== 'dialogEvents' &&
	((parameters.options || {}) as IDataObject).holdWaitsOfQueueWorkers === true
		? 'selarti-waiting-sends'
		: '';

const pathField =
	typeof webhookDescriptionFields === 'function' && typeof fromFunction === 'function'
		? webhookDescriptionFields({ path: fromFunction(waitingSendsPath) })
		: { path: `={{(${String(waitingSendsPath)})($parameter)}}` };

export const waitingSendsWebhook: IWebhookDescription = {
	name: 'setup',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	responseData: '',
	isFullPath: true,
	ndvHideUrl: true,
	ndvHideMethod: true,
	...pathField,
};

const ledger = new NonceLedger();

/**
 * A request of a send that runs in another process. A collection is answered when its replies are ready: the
 * request stays open, the webhook itself ends at once.
 */
export async function answerWaitingSends(
	context: IWebhookFunctions,
	settings: TriggerSettings,
): Promise<IWebhookResponseData> {
	if (!settings.holdsWaitsOfQueueWorkers)
		return rejected(context, 404, 'This Selarti Trigger does not hold waits of queue mode workers');
	// Keys are learnt as triggers are called (queue mode activates them in another process): this one's, at least.
	await triggerKeys(context);
	const opened = openRequest(context.getBodyData(), waitKeyNamed, ledger, Date.now());
	if (!opened.ok) return rejected(context, opened.status, opened.problem);
	const { key, request, nonce } = opened;
	const response = context.getResponseObject();
	const answer = (body: object) => void response.status(200).json(sealAnswer(key, nonce, body));
	if (request.action === 'open') answer(waitingSends.open(key.id, request, false));
	else if (request.action === 'cancel')
		answer({ status: waitingSends.cancel(key.id, request.waitId) ? 'cancelled' : 'unknown' });
	else
		void waitingSends
			.collect(key.id, request.waitId, request.sent, LIMITS.collectHoldMs)
			.then((collection: Collection) => answer(collection));
	return { noWebhookResponse: true };
}
