import './n8nEnv';

import { DataDeduplicationService, ExecuteContext, HookContext, WebhookContext } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookDescription,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { SelartiTrigger } from '../../../nodes/SelartiTrigger/SelartiTrigger.node';
import { LATEST_TRIGGER_VERSION } from '../../../nodes/SelartiTrigger/versions';
import { InMemoryDeduplicationStore } from './deduplicationStore';
import { FakeCredentialsHelper, additionalDataWith } from './nodeHarness';

/**
 * The trigger pauses 15–30 ms after recording a message, to confirm the record against other processes' writes
 * (repeatedDeliveries/executionCheck.ts). Thousands of deliveries per file would add up to minutes, so here n8n-workflow's sleep
 * returns at once, unless a test of several processes sets mockPauses.real.
 */
export const mockPauses = { real: false };
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return {
		...actual,
		sleep: async (ms: number, signal?: AbortSignal) =>
			mockPauses.real ? await actual.sleep(ms, signal) : undefined,
	};
});

/*
 * Drives the trigger's real webhook() inside n8n-core's real WebhookContext, the way n8n's production webhook does:
 * every request gets a fresh Workflow built from the stored static data, and after the answer the static data is stored
 * again only when n8n's change flag is set, through a JSON round trip like the database's. The answer follows n8n's
 * (docs/design/2026-12-n8n-behaviour.md, "Webhook answers"):
 * noWebhookResponse → whatever the node wrote; no workflowData → 200 with webhookResponse (or "Webhook call
 * received") and no execution; workflowData → an execution, answered with the description's responseData when set, else
 * webhookResponse (or "Workflow was started"); a thrown error → 500. An execution runs the trigger's
 * execute() on the webhook's items first (n8n-core's WorkflowExecute.runNode), in n8n-core's real ExecuteContext,
 * with n8n's deduplication store replaced by an in-memory one.
 */

export interface Delivery {
	/** What n8n's body parser produced (req.body). */
	body?: unknown;
	/** The exact bytes (req.rawBody), when n8n read the body. */
	rawBody?: Buffer;
	/**
	 * Bytes n8n left unread (from the trigger's version 2 on, a content type n8n does not parse): req.readRawBody()
	 * reads them into req.rawBody, as n8n's does.
	 */
	unreadBody?: Buffer;
	/** req.readRawBody() fails, as n8n's does on a stream it consumed already (a multipart form). */
	bodyStreamConsumed?: boolean;
	query?: Record<string, unknown>;
	headers?: Record<string, string>;
	mode?: WorkflowExecuteMode;
	/** The trigger's second webhook (the fixed path for queue-mode sends) instead of Selarti's. */
	webhook?: 'default' | 'setup';
}

export interface Answer {
	status: number;
	body: unknown;
	/** The items the trigger output in the started execution; undefined when no execution started. */
	items: IDataObject[] | undefined;
	/** The hints the trigger left in the execution. */
	hints?: NodeExecutionHint[];
}

class RecordedResponse {
	statusCode: number | undefined;
	body: unknown;
	private answered!: () => void;
	/** Resolves once the node wrote its answer: at once, or later for a request it holds open. */
	readonly written = new Promise<void>((resolve) => (this.answered = resolve));

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		this.body = body;
		this.answered();
		return this;
	}
}

const NODE_NAME = 'Selarti Trigger';

/** The credential a test's trigger has unless it says otherwise, as a user fills it in. */
export const HARNESS_CREDENTIALS: ICredentialDataDecryptedObject = {
	authentication: 'accessToken',
	accessToken: 'harness-token-0123456789',
	webhookSecret: 'harness-webhook-secret-0123456789',
};
let harnessCount = 0;
let executionCount = 0;

export class TriggerHarness {
	/** The workflow's static data as the database holds it between requests. */
	storedStaticData: IDataObject = {};

	/** How many times n8n would have written static data to the database. */
	staticDataSaves = 0;

	/** n8n's deduplication store (the processed_data table), shared by every process of one n8n. */
	readonly deduplicationStore: InMemoryDeduplicationStore;

	/** Each harness is its own workflow, so what the node keeps per workflow in this process is its own too. */
	readonly workflowId: string;

	readonly trigger: SelartiTrigger;

	private readonly nodeTypes: INodeTypes;

	/** The node that runs the executions: the webhook's, unless they run in another process (queue mode's workers). */
	readonly executionTrigger: SelartiTrigger;

	private lastExecution: StartedExecution | undefined;

	/** The Selarti API credential selected in the trigger, if any (n8n's credential store stood in for). */
	private readonly credentialsHelper: FakeCredentialsHelper | undefined;

	/**
	 * `workflow`: the same workflow as another harness (its id and deduplication store; static data starts empty, as
	 * when n8n lost the saves). `trigger`: the node from another instance of its module, i.e. another n8n process;
	 * `executionTrigger`: the same for the process that runs the executions.
	 */
	constructor(
		private readonly parameters: INodeParameters = {},
		shared: {
			workflow?: TriggerHarness;
			trigger?: SelartiTrigger;
			executionTrigger?: SelartiTrigger;
			/** The trigger's Selarti API credential: HARNESS_CREDENTIALS unless given; null for none. */
			credentials?: ICredentialDataDecryptedObject | null;
			/** The workflow's name in n8n, which the node's messages name. */
			workflowName?: string;
		} = {},
	) {
		const credentials = shared.credentials === undefined ? HARNESS_CREDENTIALS : shared.credentials;
		this.credentialsHelper =
			credentials === null ? undefined : new FakeCredentialsHelper(credentials);
		this.webhookSecret = String(credentials?.webhookSecret ?? '');
		this.workflowName = shared.workflowName;
		this.trigger = shared.trigger ?? new SelartiTrigger();
		this.executionTrigger = shared.executionTrigger ?? this.trigger;
		this.deduplicationStore =
			shared.workflow?.deduplicationStore ?? new InMemoryDeduplicationStore();
		this.workflowId = shared.workflow?.workflowId ?? `selartiWorkflow${++harnessCount}`;
		storesByWorkflow.set(this.workflowId, this.deduplicationStore);
		const nodeType: INodeType = this.trigger;
		this.nodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
	}

	private readonly workflowName: string | undefined;

	/** The Webhook Secret of the trigger's credential: every delivery carries it unless it gives its own query. */
	readonly webhookSecret: string;

	get rememberedMessageIds(): unknown {
		const nodeData = this.storedStaticData[`node:${NODE_NAME}`] as IDataObject | undefined;
		return nodeData?.recentMessageIds;
	}

	/** A fresh Workflow, as n8n builds one per request and per execution, on a copy of stored static data. */
	private workflow(staticData: IDataObject): Workflow {
		const node: INode = {
			id: 'a4f0c2de-3b1f-4f67-9d7e-2f4f9f0b1c11',
			name: NODE_NAME,
			type: 'n8n-nodes-selarti.selartiTrigger',
			typeVersion: LATEST_TRIGGER_VERSION,
			position: [0, 0],
			parameters: structuredClone(this.parameters),
			...(this.credentialsHelper === undefined
				? {}
				: { credentials: { selartiApi: { id: 'credential-1', name: 'Selarti account' } } }),
		};
		return new Workflow({
			id: this.workflowId,
			name: this.workflowName,
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: structuredClone(staticData),
		});
	}

	async deliver(delivery: Delivery): Promise<Answer> {
		const workflow = this.workflow(this.storedStaticData);
		const request: Record<string, unknown> = {
			method: 'POST',
			body: delivery.body ?? {},
			rawBody: delivery.rawBody,
			headers: delivery.headers ?? {},
			params: {},
			query: delivery.query ?? { secret: this.webhookSecret },
			readRawBody: async () => {
				if (delivery.bodyStreamConsumed)
					throw new Error('Request body stream was aborted or is not readable');
				request.rawBody ??= delivery.unreadBody;
			},
		};
		const response = new RecordedResponse();
		const additionalData = {
			...this.additionalData(),
			httpRequest: request,
			httpResponse: response,
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookDescription = this.trigger.description.webhooks!.find(
			(webhook) => webhook.name === (delivery.webhook ?? 'default'),
		)!;
		const webhookData = this.webhookData(webhookDescription, additionalData);
		const mode = delivery.mode ?? 'webhook';
		const context = new WebhookContext(
			workflow,
			workflow.getNode(NODE_NAME)!,
			additionalData,
			mode,
			webhookData,
			[],
			null,
		);

		const answer = await this.answer(context, response);
		if (mode === 'webhook' && workflow.staticData.__dataChanged === true) {
			this.storedStaticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			this.staticDataSaves++;
		}
		if (answer.started === undefined) return answer.answer;
		this.lastExecution = {
			input: answer.started,
			mode,
			executionId: `execution-${++executionCount}`,
		};
		return { ...answer.answer, ...(await this.execute(this.lastExecution)) };
	}

	/** n8n's URLs, here of a stand-in n8n at `webhookBaseUrl`, and the credential store. */
	webhookBaseUrl = 'http://127.0.0.1:9/webhook';

	private additionalData(): Partial<IWorkflowExecuteAdditionalData> {
		const base =
			this.credentialsHelper === undefined ? {} : additionalDataWith(this.credentialsHelper);
		return { ...base, webhookBaseUrl: this.webhookBaseUrl };
	}

	private webhookData(
		webhookDescription: IWebhookDescription,
		additionalData: Partial<IWorkflowExecuteAdditionalData>,
	): IWebhookData {
		return {
			httpMethod: 'POST',
			node: NODE_NAME,
			path: 'webhook',
			webhookDescription,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
		} as IWebhookData;
	}

	/** n8n activating (or deactivating) the workflow: the webhook's checkExists (or delete) in a real HookContext. */
	async activate(active = true, mode: WorkflowExecuteMode = 'trigger'): Promise<void> {
		const workflow = this.workflow(this.storedStaticData);
		const additionalData = this.additionalData();
		const context = new HookContext(
			workflow,
			workflow.getNode(NODE_NAME)!,
			additionalData as IWorkflowExecuteAdditionalData,
			mode,
			'activate',
			this.webhookData(this.trigger.description.webhooks![0], additionalData),
		);
		const methods = this.trigger.webhookMethods!.default;
		await (active ? methods.checkExists : methods.delete).call(context);
	}

	private async answer(
		context: WebhookContext,
		response: RecordedResponse,
	): Promise<{ answer: Answer; started?: INodeExecutionData[] }> {
		try {
			const result = await this.trigger.webhook!.call(context);
			if (result.noWebhookResponse === true) {
				await response.written;
				return {
					answer: { status: response.statusCode ?? 200, body: response.body, items: undefined },
				};
			}
			if (result.workflowData === undefined) {
				return {
					answer: {
						status: 200,
						body: result.webhookResponse ?? { message: 'Webhook call received' },
						items: undefined,
					},
				};
			}
			return {
				answer: { status: 200, body: this.onReceivedBody(result), items: undefined },
				started: result.workflowData[0],
			};
		} catch (error) {
			return {
				answer: { status: 500, body: { message: (error as Error).message }, items: undefined },
			};
		}
	}

	/** n8n's answer to a delivery that starts an execution (responseMode onReceived; extractWebhookOnReceivedResponse). */
	private onReceivedBody(result: { webhookResponse?: unknown }): unknown {
		const responseData = this.trigger.description.webhooks?.[0]?.responseData ?? 'firstEntryJson';
		if (responseData === 'noData') return undefined;
		if (responseData) return responseData;
		return result.webhookResponse ?? { message: 'Workflow was started' };
	}

	/** Runs the last execution again, as queue mode does with a stalled one: same execution id, same items. */
	async runLastExecutionAgain(): Promise<Pick<Answer, 'items' | 'hints'>> {
		if (this.lastExecution === undefined) throw new Error('no execution ran yet');
		return await this.execute(this.lastExecution);
	}

	/** The execution's first step: execute() on the webhook's items (its own Workflow, static data from the store). */
	private async execute(execution: StartedExecution): Promise<Pick<Answer, 'items' | 'hints'>> {
		const { input, mode, executionId } = execution;
		const workflow = this.workflow(this.storedStaticData);
		const node = workflow.getNode(NODE_NAME)!;
		const additionalData = { executionId } as IWorkflowExecuteAdditionalData;
		const context = new ExecuteContext(
			workflow,
			node,
			additionalData,
			mode,
			createEmptyRunExecutionData(),
			0,
			input,
			{ main: [input] },
			{ node, data: { main: [input] }, source: null },
			[],
		);
		await deduplicationServiceReady();
		const output = await this.executionTrigger.execute!.call(context);
		return {
			items: (output as INodeExecutionData[][])[0].map((item) => item.json),
			hints: context.hints,
		};
	}
}

interface StartedExecution {
	input: INodeExecutionData[];
	mode: WorkflowExecuteMode;
	executionId: string;
}

/** n8n-core allows one deduplication service per process: it forwards each check to the store of its workflow. */
const storesByWorkflow = new Map<string, InMemoryDeduplicationStore>();
let serviceReady: Promise<void> | undefined;

async function deduplicationServiceReady(): Promise<void> {
	serviceReady ??= DataDeduplicationService.init({
		checkProcessedAndRecord: async (items, scope, contextData, options) =>
			await storesByWorkflow
				.get(contextData.workflow.id)!
				.checkProcessedAndRecord(items, scope, contextData, options),
		removeProcessed: async () => await Promise.reject(new Error('not used by the trigger')),
		clearAllProcessedItems: async () => await Promise.reject(new Error('not used by the trigger')),
		getProcessedDataCount: async () => await Promise.reject(new Error('not used by the trigger')),
	});
	await serviceReady;
}

/** One item, asserting that exactly one execution with one item started. */
export function onlyItem(answer: Answer): IDataObject {
	expect(answer.status).toBe(200);
	expect(answer.items).toHaveLength(1);
	return answer.items![0];
}
