import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { selartiTriggerProperties } from './description';
import {
	accepted,
	alreadyReceived,
	handedToWaitingSend,
	rejected,
	skipped,
} from './webhook/answers';
import { normalisePayload, toOutputJson } from './payload/normalise';
import { findSkipReason } from './webhook/filters';
import { newDialogEvents } from './dialogEvents';
import {
	dialogEvents,
	dropRepeatedDeliveries,
	ignoresRepeatedDeliveries,
	isRepeatedMessage,
	messages,
} from './repeatedDeliveries';
import { receivedBody } from './webhook/request';
import { requireTriggerKeys, triggerKeys } from './webhook/credential';
import { checkSecret } from './webhook/secret';
import { triggerWords } from './webhook/wording';
import { handsRepliesToWaitingSends, readTriggerSettings, startsOn } from './webhook/settings';
import {
	answerWaitingSends,
	noteActivation,
	routeOfDelivery,
	waitingSendsWebhook,
} from './webhook/waitingSends';
import { LATEST_TRIGGER_VERSION, TRIGGER_VERSIONS } from './versions';

export class SelartiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Selarti Trigger',
		name: 'selartiTrigger',
		icon: { light: 'file:../../icons/selarti.svg', dark: 'file:../../icons/selarti.dark.svg' },
		group: ['trigger'],
		version: TRIGGER_VERSIONS,
		defaultVersion: LATEST_TRIGGER_VERSION,
		subtitle:
			'={{ $parameter["startOn"] === "dialogEvents" ? "Events: " + $parameter["dialogEvents"].join(", ") : "Messages: " + ($parameter["messageTypes"].length ? $parameter["messageTypes"].join(", ") : "all") }}',
		// n8n's node panel shows the trigger's description for the whole Selarti entry, actions included.
		description:
			"Connect any messenger to a Selarti AI: send it your users' messages, and start workflows with its replies",
		defaults: { name: 'Selarti Trigger' },
		triggerPanel: triggerWords.panel,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// The credential of the Selarti nodes: it authenticates the sends that wait for replies.
		credentials: [{ name: 'selartiApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
			waitingSendsWebhook,
		],
		properties: selartiTriggerProperties,
	};

	// Selarti has no API to register, list or delete webhooks: the URL is pasted into its panel by hand. So there is
	// nothing remote to check, create or delete; reporting "exists" keeps n8n from calling create on activation.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const keys = await requireTriggerKeys(this);
				const handsReplies = handsRepliesToWaitingSends(
					this.getNodeParameter('startOn', 'messages'),
					this.getNodeParameter('options', {}) as IDataObject,
				);
				noteActivation(this, { key: keys.wait, handsReplies });
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				noteActivation(this, undefined);
				return true;
			},
		},
	};

	/**
	 * One delivery, in order: secret → parse → normalise → a reply a send waits for (checked for repeats, then handed
	 * over) → filter → dialog events (checked per event) or the message (checked for repeats) → item. Each delivery is
	 * checked for repeats once, where it leaves for a send or for the workflow. Answers 200 unless rejected.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const settings = readTriggerSettings(this);
		if (this.getWebhookName() === waitingSendsWebhook.name)
			return await answerWaitingSends(this, settings);

		const keys = await triggerKeys(this);
		const secret = checkSecret(keys?.webhookSecret, this.getQueryData());
		if (!secret.ok) return rejected(this, secret.status, secret.message);

		const received = await receivedBody(this);

		const payload = normalisePayload(received);
		if (payload.errors.length > 0 && settings.onInvalidPayload === 'reject') {
			return rejected(this, 400, 'Invalid Selarti payload', { errors: payload.errors });
		}

		const messageId = payload.message.message_id;
		const route = routeOfDelivery(this, payload, settings, keys);
		// A reply a wait gave back was checked when it first came.
		let checkedForRepeats = route.to === 'givenBack';
		if (route.to === 'waitedFor') {
			if (isRepeatedMessage(this, messageId, settings.ignoreRepeatedDeliveries))
				return alreadyReceived(messageId);
			checkedForRepeats = true;
			const handed = route.offer(toOutputJson(payload, settings.includeRawBody));
			if (handed && !settings.alsoStartWithHandedReplies) return handedToWaitingSend();
		}

		const skipReason = findSkipReason(payload, settings);
		if (skipReason !== undefined) return skipped(skipReason);

		// An invalid payload is output as a message with its errors in either mode: nothing is lost.
		if (settings.startOn === 'dialogEvents' && payload.errors.length === 0) {
			return newDialogEvents(this, payload, settings);
		}

		if (!checkedForRepeats && isRepeatedMessage(this, messageId, settings.ignoreRepeatedDeliveries))
			return alreadyReceived(messageId);

		return accepted([[{ json: toOutputJson(payload, settings.includeRawBody) }]]);
	}

	/**
	 * The execution's first step: the items pass unless n8n's deduplication store has their message already (or, for
	 * dialog events, has the event of that dialog).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (startsOn(this.getNodeParameter('startOn', 0, 'messages')) === 'dialogEvents') {
			return [await dropRepeatedDeliveries(this, items, dialogEvents)];
		}
		if (!ignoresRepeatedDeliveries(this.getNodeParameter('options', 0, {}) as IDataObject))
			return [items];
		return [await dropRepeatedDeliveries(this, items, messages)];
	}
}
