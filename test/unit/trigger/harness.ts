import './n8n-env';

import { WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { SelartiTrigger } from '../../../nodes/SelartiTrigger/SelartiTrigger.node';

export { seedFieldNames } from './seed-fields';

/*
 * Drives the trigger's real webhook() inside n8n-core's real WebhookContext, the way n8n's production webhook does:
 * every request gets a fresh Workflow built from the stored static data (webhooks/live-webhooks.js), and after the
 * answer the static data is stored again only when n8n's change flag is set (WorkflowStaticDataService.saveStaticData),
 * through a JSON round trip like the database's. The answer follows n8n's executeWebhook (webhooks/webhook-helpers.js):
 * noWebhookResponse → whatever the node wrote; no workflowData → 200 with webhookResponse (or "Webhook call
 * received") and no execution; workflowData → an execution; a thrown error → 500.
 */

export interface Delivery {
	/** What n8n's body parser produced (req.body). */
	body?: unknown;
	/** The exact bytes (req.rawBody); n8n always keeps them. */
	rawBody?: Buffer;
	query?: Record<string, unknown>;
	mode?: WorkflowExecuteMode;
}

export interface Answer {
	status: number;
	body: unknown;
	/** The items of the started execution; undefined when no execution started. */
	items: IDataObject[] | undefined;
}

class RecordedResponse {
	statusCode: number | undefined;
	body: unknown;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		this.body = body;
		return this;
	}
}

const NODE_NAME = 'Selarti Trigger';

export class TriggerHarness {
	readonly trigger = new SelartiTrigger();

	/** The workflow's static data as the database holds it between requests. */
	storedStaticData: IDataObject = {};

	/** How many times n8n would have written static data to the database. */
	staticDataSaves = 0;

	private readonly nodeTypes: INodeTypes;

	constructor(private readonly parameters: INodeParameters = {}) {
		const nodeType: INodeType = this.trigger;
		this.nodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
	}

	get rememberedMessageIds(): unknown {
		const nodeData = this.storedStaticData[`node:${NODE_NAME}`] as IDataObject | undefined;
		return nodeData?.recentMessageIds;
	}

	async deliver(delivery: Delivery): Promise<Answer> {
		const node: INode = {
			id: 'a4f0c2de-3b1f-4f67-9d7e-2f4f9f0b1c11',
			name: NODE_NAME,
			type: 'n8n-nodes-selarti.selartiTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: structuredClone(this.parameters),
		};
		const workflow = new Workflow({
			id: 'selartiWorkflow1',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: structuredClone(this.storedStaticData),
		});
		const request = {
			method: 'POST',
			body: delivery.body ?? {},
			rawBody: delivery.rawBody,
			headers: {},
			params: {},
			query: delivery.query ?? {},
		};
		const response = new RecordedResponse();
		const additionalData = { httpRequest: request, httpResponse: response } as unknown as IWorkflowExecuteAdditionalData;
		const webhookData = {
			httpMethod: 'POST',
			node: NODE_NAME,
			path: 'webhook',
			webhookDescription: this.trigger.description.webhooks![0],
			workflowId: 'selartiWorkflow1',
			workflowExecuteAdditionalData: additionalData,
		} as IWebhookData;
		const mode = delivery.mode ?? 'webhook';
		const context = new WebhookContext(workflow, workflow.getNode(NODE_NAME)!, additionalData, mode, webhookData, [], null);

		const answer = await this.run(context, response);
		if (mode === 'webhook' && workflow.staticData.__dataChanged === true) {
			this.storedStaticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			this.staticDataSaves++;
		}
		return answer;
	}

	private async run(context: WebhookContext, response: RecordedResponse): Promise<Answer> {
		try {
			const result = await this.trigger.webhook!.call(context);
			if (result.noWebhookResponse === true) {
				return { status: response.statusCode ?? 200, body: response.body, items: undefined };
			}
			if (result.workflowData === undefined) {
				return { status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' }, items: undefined };
			}
			return { status: 200, body: { message: 'Workflow was started' }, items: result.workflowData[0].map((item) => item.json) };
		} catch (error) {
			return { status: 500, body: { message: (error as Error).message }, items: undefined };
		}
	}
}

/** One item, asserting that exactly one execution with one item started. */
export function onlyItem(answer: Answer): IDataObject {
	expect(answer.status).toBe(200);
	expect(answer.items).toHaveLength(1);
	return answer.items![0];
}

/** A complete "All messages" payload as Selarti documents it (the AI's reply to a customer). */
export function selartiPayload(overrides: IDataObject = {}): IDataObject {
	return {
		channel_id: '1721129985149x478019552540622001',
		close: false,
		company_id: '1721129985149x478019552540622002',
		contacts: '+998901234567',
		external_chat_id: '123456789',
		get_contact: false,
		interest: true,
		is_bot: false,
		manager_id: '1721129985149x478019552540622003',
		message_id: '1721129985149x478019552540622004',
		message_text: 'Hello! How can I help you today?',
		message_type: 'bot',
		operator: false,
		panel_url: 'https://selarti.com/panel/dialog/1721129985149x478019552540622005',
		share_url: 'https://selarti.com/share/1721129985149x478019552540622005',
		success: false,
		task_id: '1721129985149x478019552540622850',
		thread_id: '1721129985149x478019552540622005',
		title: 'Aziza Karimova',
		wh_type: 'all_messages',
		...overrides,
	};
}
