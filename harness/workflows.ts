import { randomUUID } from 'node:crypto';

import { LATEST_TRIGGER_VERSION } from '../nodes/SelartiTrigger/versions';
import type { Workflow, WorkflowNode } from './n8nClient';

/**
 * The Webhook Secret of every Selarti API credential the suites, the bench and `npm run dev` create: a Selarti Trigger
 * takes only calls whose URL carries it (?secret=…).
 */
export const TEST_WEBHOOK_SECRET = 'selarti-test-webhook-secret-0123456789';

/** The path and query of a Selarti Trigger's production URL as pasted into Selarti, after /webhook/. */
export const selartiTriggerPath = (webhookId: string): string =>
	`${webhookId}/webhook?secret=${encodeURIComponent(TEST_WEBHOOK_SECRET)}`;

/**
 * A minimal workflow around the Selarti Trigger (trigger → No Operation), the trigger with the Selarti API credential a
 * user selects in it (its Webhook Secret must be TEST_WEBHOOK_SECRET): for tests of the trigger's own behaviour. The
 * shipped examples are tested as they are in the example tests. `webhookPath` is what Selarti calls, after /webhook/.
 */
export function selartiTriggerWorkflow(
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
	typeVersion: number = LATEST_TRIGGER_VERSION,
): { workflow: Workflow; webhookPath: string } {
	const webhookId = randomUUID();
	const workflow: Workflow = {
		name: `${name} ${webhookId}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Selarti Trigger',
				type: 'n8n-nodes-selarti.selartiTrigger',
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { selartiApi: credential },
			},
			{
				id: randomUUID(),
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { 'Selarti Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
	return { workflow, webhookPath: selartiTriggerPath(webhookId) };
}

/** The JSON of the first item a node output in an execution. */
export function firstOutput(
	execution: {
		data?: {
			resultData: {
				runData: Record<
					string,
					Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>
				>;
			};
		};
	},
	nodeName: string,
): Record<string, unknown> | undefined {
	return execution.data?.resultData.runData[nodeName]?.[0]?.data?.main[0]?.[0]?.json;
}

/** n8n's Webhook node (version 2) on a POST path, answering as `responseMode` says. */
export function webhookNode(path: string, responseMode: string): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
	};
}

/** The Selarti node on a message operation, mapping the webhook body's chat_id and text. */
function messageNode(
	operation: string,
	taskId: string,
	credential: { id: string; name: string },
	extra: Record<string, unknown> = {},
	options: Record<string, unknown> = {},
): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Selarti',
		type: 'n8n-nodes-selarti.selarti',
		typeVersion: 1,
		position: [220, 0],
		parameters: {
			resource: 'message',
			operation,
			taskId,
			chatId: '={{ $json.body.chat_id }}',
			message: '={{ $json.body.text }}',
			...extra,
			options,
		},
		credentials: { selartiApi: credential },
	};
}

/**
 * Webhook → Selarti (Message: Send) for tests of the action node in a real n8n. The webhook answers with the Selarti
 * node's output once the execution is done (response mode "last node"), so a call returns when the send is over.
 */
export function selartiSendWorkflow(
	name: string,
	taskId: string,
	credential: { id: string; name: string },
): { workflow: Workflow; webhookPath: string } {
	const webhookPath = `selarti-send-${randomUUID()}`;
	const workflow: Workflow = {
		name: `${name} ${webhookPath}`,
		nodes: [webhookNode(webhookPath, 'lastNode'), messageNode('send', taskId, credential)],
		connections: { Webhook: { main: [[{ node: 'Selarti', type: 'main', index: 0 }]] } },
	};
	return { workflow, webhookPath };
}

export interface SendAndWaitSettings {
	waitLimit: number;
	combineRepliesWithin: number;
	onNoReply?: 'output' | 'error';
}

/** The HTTP status the error branch of sendAndWaitWorkflow answers with (On Error: Continue (Using Error Output)). */
export const ERROR_BRANCH_STATUS = 504;

function respondNode(
	name: string,
	position: [number, number],
	responseCode?: number,
): WorkflowNode {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position,
		parameters: {
			respondWith: 'firstIncomingItem',
			options: responseCode === undefined ? {} : { responseCode },
		},
	};
}

/**
 * Webhook (Respond: Using 'Respond to Webhook' Node) → Selarti (Message: Send and Wait for Reply) → Respond to Webhook
 * (first incoming item): the caller of the webhook gets the send's output, the AI's reply, in its HTTP response. The
 * Selarti node continues on its error output, which answers with ERROR_BRANCH_STATUS and the error item.
 */
export function sendAndWaitWorkflow(
	name: string,
	taskId: string,
	credential: { id: string; name: string },
	/** Options → …; {} leaves every option at its default. */
	settings: Partial<SendAndWaitSettings>,
): { workflow: Workflow; webhookPath: string } {
	const webhookPath = `selarti-send-and-wait-${randomUUID()}`;
	const workflow: Workflow = {
		name: `${name} ${webhookPath}`,
		nodes: [
			webhookNode(webhookPath, 'responseNode'),
			{
				...messageNode('sendAndWait', taskId, credential, {}, { ...settings }),
				onError: 'continueErrorOutput',
			},
			respondNode('Respond to Webhook', [440, 0]),
			respondNode('Respond With the Error', [440, 200], ERROR_BRANCH_STATUS),
		],
		connections: {
			Webhook: { main: [[{ node: 'Selarti', type: 'main', index: 0 }]] },
			Selarti: {
				main: [
					[{ node: 'Respond to Webhook', type: 'main', index: 0 }],
					[{ node: 'Respond With the Error', type: 'main', index: 0 }],
				],
			},
		},
	};
	return { workflow, webhookPath };
}

/**
 * Webhook → AI Agent → Respond to Webhook, the agent with an OpenAI chat model (its credential's Base URL at a fake
 * model) and the Selarti node as its tool (Send and Wait for Reply): the caller gets the agent's answer, which the
 * fake model makes of the tool's result. The tool's message is the model's choice; its chat is the webhook's.
 */
export function agentWithSelartiToolWorkflow(
	name: string,
	taskId: string,
	credentials: { selarti: { id: string; name: string }; openAi: { id: string; name: string } },
): { workflow: Workflow; webhookPath: string } {
	const webhookPath = `selarti-agent-${randomUUID()}`;
	const workflow: Workflow = {
		name: `${name} ${webhookPath}`,
		nodes: [
			webhookNode(webhookPath, 'responseNode'),
			{
				id: randomUUID(),
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [220, 0],
				parameters: { promptType: 'define', text: '={{ $json.body.text }}', options: {} },
			},
			{
				id: randomUUID(),
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [160, 220],
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
				credentials: { openAiApi: credentials.openAi },
			},
			{
				...messageNode(
					'sendAndWait',
					taskId,
					credentials.selarti,
					{
						chatId: "={{ $('Webhook').first().json.body.chat_id }}",
						message:
							"={{ $fromAI('message', 'The question for the Selarti AI, word for word', 'string') }}",
					},
					{ waitLimit: 60, combineRepliesWithin: 1 },
				),
				name: 'Ask Selarti',
				type: 'n8n-nodes-selarti.selartiTool',
				position: [320, 220],
			},
			respondNode('Respond to Webhook', [440, 0]),
		],
		connections: {
			Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'AI Agent': { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			'Ask Selarti': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
	return { workflow, webhookPath };
}

export type ChatResponseMode = 'lastNode' | 'streaming' | 'responseNodes';

/**
 * A public hosted chat (n8n's Chat Trigger at its newest version on `n8nMajor`) → Selarti (Send and Wait for Reply,
 * Chat ID = the chat's session) answering in `responseMode`: with response nodes, n8n's Chat node sends the reply's
 * text. The chat page is at /webhook/<chatPath>.
 */
export function chatSendAndWaitWorkflow(
	taskId: string,
	credential: { id: string; name: string },
	responseMode: ChatResponseMode,
	n8nMajor: number,
): { workflow: Workflow; chatPath: string } {
	const webhookId = randomUUID();
	const chatTrigger: WorkflowNode = {
		id: randomUUID(),
		name: 'When chat message received',
		type: '@n8n/n8n-nodes-langchain.chatTrigger',
		typeVersion: n8nMajor >= 2 ? 1.5 : 1.4,
		position: [0, 0],
		webhookId,
		parameters: { public: true, mode: 'hostedChat', options: { responseMode } },
	};
	const selarti: WorkflowNode = {
		...messageNode('sendAndWait', taskId, credential, {
			chatId: "={{ 'web-chat:' + $json.sessionId }}",
			message: '={{ $json.chatInput }}',
		}),
	};
	const respondToChat: WorkflowNode = {
		id: randomUUID(),
		name: 'Respond to Chat',
		type: '@n8n/n8n-nodes-langchain.chat',
		...(n8nMajor >= 2
			? { typeVersion: 1.3, parameters: { operation: 'send', message: '={{ $json.output }}' } }
			: { typeVersion: 1, parameters: { message: '={{ $json.output }}', waitUserReply: false } }),
		position: [440, 0],
	};
	const withResponseNode = responseMode === 'responseNodes';
	const workflow: Workflow = {
		name: `Chat (${responseMode}) ${webhookId}`,
		nodes: withResponseNode ? [chatTrigger, selarti, respondToChat] : [chatTrigger, selarti],
		connections: {
			'When chat message received': { main: [[{ node: 'Selarti', type: 'main', index: 0 }]] },
			...(withResponseNode
				? { Selarti: { main: [[{ node: 'Respond to Chat', type: 'main', index: 0 }]] } }
				: {}),
		},
	};
	return { workflow, chatPath: `${webhookId}/chat` };
}
