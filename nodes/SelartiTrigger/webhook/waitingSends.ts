import {
	fromFunction,
	webhookDescriptionFields,
	type IDataObject,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type INodeParameters,
} from 'n8n-workflow';

import {
	answerPostedMessage,
	type Answer,
	isGivenBack,
	offerReply,
	replyConversation,
	waitingSends,
} from '../../shared/waitingSends/receiver';
import { setReceiver } from '../../shared/waitingSends/process';
import type { NormalisedPayload } from '../payload/normalise';
import { toOutputJson } from '../payload/normalise';
import { isRepeatedDelivery, processMemoryKey } from '../repeatedDeliveries';
import { nodeKey } from '../repeatedDeliveries/perNode';
import { rejected } from './answers';
import type { TriggerSettings } from './settings';

/** Marks a trigger of this process as receiving replies (or not): a send of this process then registers in memory. */
export function markReceiver(
	context: Pick<IWebhookFunctions, 'getWorkflow' | 'getNode'>,
	on: boolean,
): void {
	setReceiver(nodeKey(context), on);
}

/*
 * The trigger's part in Send and Wait for Reply (the mechanism: nodes/shared/waitingSends). With Hand Replies to
 * Waiting Sends on, a second webhook owns n8n's fixed path for registrations; off, its path is the node's own
 * webhook id, which conflicts with nothing. The path is computed without the expression engine where n8n can
 * (2.40 and later), so deliveries of the default webhook do not take n8n's expression isolate for it.
 */
// Self-contained and in plain JavaScript: n8n inlines its source into the expression it falls back to.
export const waitingSendsPath = (parameters: INodeParameters): string =>
	parameters.startOn !== 'dialogEvents' &&
	((parameters.options || {}) as IDataObject).handRepliesToWaitingSends === true
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

export function answerWaitingSend(
	context: IWebhookFunctions,
	settings: TriggerSettings,
): IWebhookResponseData {
	if (!settings.handsRepliesToWaitingSends) {
		return rejected(context, 404, 'This Selarti Trigger does not hand replies to waiting sends', {
			hint: 'Turn on Options → Hand Replies to Waiting Sends',
		});
	}
	markReceiver(context, true);
	const response = context.getResponseObject();
	const answer = answerPostedMessage(context);
	const write = ({ status, body }: Answer) => void response.status(status).json(body);
	if (answer instanceof Promise) void answer.then(write);
	else write(answer);
	return { noWebhookResponse: true };
}

export type HandOver = 'not waited for' | 'handed' | 'repeated' | 'given back';

/** Production deliveries only: a test delivery (the editor listening) never goes to a waiting send. */
export function handToWaitingSend(
	context: IWebhookFunctions,
	payload: NormalisedPayload,
	settings: TriggerSettings,
): HandOver {
	if (!settings.handsRepliesToWaitingSends || context.getMode() !== 'webhook')
		return 'not waited for';
	markReceiver(context, true);
	if (payload.errors.length > 0) return 'not waited for';
	const message = payload.message as IDataObject;
	if (isGivenBack(context, message)) return 'given back';
	const conversation = replyConversation(message);
	if (conversation === undefined || !waitingSends.isWaitingFor(conversation))
		return 'not waited for';
	const messageId = payload.message.message_id;
	if (
		settings.ignoreRepeatedDeliveries &&
		messageId !== null &&
		isRepeatedDelivery(context.getWorkflowStaticData('node'), messageId, processMemoryKey(context))
	) {
		return 'repeated';
	}
	const json = toOutputJson(payload, settings.includeRawBody);
	const taken = offerReply(context, conversation, json, message, {
		secret: settings.secret,
		giveBack: !settings.alsoStartWithHandedReplies,
	});
	return taken ? 'handed' : 'not waited for';
}

export function handedToWaitingSend(): IWebhookResponseData {
	return {
		webhookResponse: { status: 'accepted', message: 'Event received and handed to a waiting send' },
	};
}
