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
import { readRequestBody } from './payload/body';
import { normalisePayload, toOutputJson } from './payload/normalise';
import { dropRepeatedDeliveries } from './execution/deduplication-store';
import { findSkipReason } from './webhook/filters';
import { isRepeatedDelivery, processMemoryKey } from './webhook/recent-message-ids';
import { checkSecret } from './webhook/secret';
import { ignoresRepeatedDeliveries, readTriggerSettings } from './webhook/settings';

/*
 * Answers that start no execution. Returning webhookResponse without workflowData makes n8n answer it with the
 * webhook's response code (200) and return before running anything (executeWebhook in n8n's webhooks/webhook-helpers.js,
 * the same in 1.x and 2.x). Rejections write their own status and return noWebhookResponse, which n8n also answers
 * without an execution.
 */
function skipped(reason: string): IWebhookResponseData {
	return { webhookResponse: { message: 'Event received and skipped', reason } };
}

function rejected(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

export class SelartiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Selarti Trigger',
		name: 'selartiTrigger',
		icon: { light: 'file:selarti.svg', dark: 'file:selarti.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Messages: " + ($parameter["messageTypes"].length ? $parameter["messageTypes"].join(", ") : "all") }}',
		// n8n's node panel shows the trigger's description for the whole Selarti entry, actions included.
		description: "Connect any messenger to a Selarti AI: send it your users' messages, and start workflows with its replies",
		defaults: { name: 'Selarti Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: selartiTriggerProperties,
	};

	// Selarti has no API to register, list or delete webhooks: the URL is pasted into its panel by hand. So there is
	// nothing remote to check, create or delete; reporting "exists" keeps n8n from calling create on activation.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	/** One delivery, in order: secret → parse → normalise → filter → repeated delivery → item. Answers 200 unless rejected. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const settings = readTriggerSettings(this);

		const secret = checkSecret(settings.secret, this.getQueryData());
		if (!secret.ok) return rejected(this, secret.status, { message: secret.message });

		const received = readRequestBody(this.getBodyData(), (this.getRequestObject() as { rawBody?: unknown }).rawBody);

		const payload = normalisePayload(received);
		if (payload.errors.length > 0 && settings.onInvalidPayload === 'reject') {
			return rejected(this, 400, { message: 'Invalid Selarti payload', errors: payload.errors });
		}

		const skipReason = findSkipReason(payload, settings);
		if (skipReason !== undefined) return skipped(skipReason);

		const messageId = payload.message.message_id;
		if (settings.ignoreRepeatedDeliveries && messageId !== null && isRepeatedDelivery(this.getWorkflowStaticData('node'), messageId, undefined, processMemoryKey(this))) {
			return skipped(`message ${messageId} was already received`);
		}

		return { workflowData: [[{ json: toOutputJson(payload, settings.includeRawBody) }]] };
	}

	/** The execution's first step: the items pass unless n8n's deduplication store has their message already. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (!ignoresRepeatedDeliveries(this.getNodeParameter('options', 0, {}) as IDataObject)) return [items];
		return [await dropRepeatedDeliveries(this, items)];
	}
}
