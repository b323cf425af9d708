import { randomUUID } from 'node:crypto';

import type { Workflow, WorkflowNode } from '../../harness/n8nClient';

export const MANUAL_TRIGGER = 'Manual Trigger';
export const ITEMS_NODE = 'Messages';
export const SEND_NODE = 'Send';

export interface SavedCredential {
	id: string;
	name: string;
}

export interface SendTarget {
	sandboxUrl: string;
	taskId: string;
	/** Selarti API credential (access token mode) for the Selarti node. */
	selartiCredential: SavedCredential;
	/** n8n's Header Auth credential (Authorization: Bearer <the same token>) for the HTTP Request node. */
	headerAuthCredential: SavedCredential;
}

/** The messages of one run: `count` messages spread round-robin over `chats` chats, each chat's in ascending order. */
export function messagesFor(
	count: number,
	chats: number,
): Array<{ chatId: string; message: string }> {
	return Array.from({ length: count }, (_, index) => ({
		chatId: chatIdOf(index, chats),
		message: messageOf(index, chats),
	}));
}

const chatIdOf = (index: number, chats: number) => `chat-${index % chats}`;
const messageOf = (index: number, chats: number) =>
	`Hello! Message ${index} from ${chatIdOf(index, chats)}: what does the plan cost?`;

/** The Code node's JavaScript makes the same messages as messagesFor (kept side by side so they cannot drift). */
function messagesCode(count: number, chats: number): string {
	return [
		`const chatIdOf = ${chatIdOf.toString()};`,
		`const messageOf = ${messageOf.toString()};`,
		`return Array.from({ length: ${count} }, (_, index) => ({ json: { chat_id: chatIdOf(index, ${chats}), message: messageOf(index, ${chats}) } }));`,
	].join('\n');
}

/** The send node without its place in the workflow (Omit on WorkflowNode would drop everything: it has an index signature). */
export type SendNode = Pick<WorkflowNode, 'type' | 'typeVersion' | 'parameters' | 'credentials'> & {
	retryOnFail?: boolean;
};

export type SendNodeBuilder = (target: SendTarget) => SendNode;

/** HTTP Request 4.5 (what the node panel adds today) as a user sets it up for Selarti's send_message_external. */
export function httpRequestNode(
	extra: { options?: Record<string, unknown>; retryOnFail?: boolean } = {},
): SendNodeBuilder {
	return (target) => ({
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: {
			method: 'POST',
			url: `${target.sandboxUrl}/api/1.1/wf/send_message_external`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: [
					{ name: 'task_id', value: target.taskId },
					{ name: 'chat_id', value: '={{ $json.chat_id }}' },
					{ name: 'message', value: '={{ $json.message }}' },
				],
			},
			options: extra.options ?? {},
		},
		credentials: { httpHeaderAuth: target.headerAuthCredential },
		...(extra.retryOnFail ? { retryOnFail: true } : {}),
	});
}

/** The Selarti node, Message → Send, with its options left alone or one option set. */
export function selartiNode(options: Record<string, unknown> = {}): SendNodeBuilder {
	return (target) => ({
		type: 'n8n-nodes-selarti.selarti',
		typeVersion: 1,
		parameters: {
			resource: 'message',
			operation: 'send',
			taskId: target.taskId,
			chatId: '={{ $json.chat_id }}',
			message: '={{ $json.message }}',
			options,
		},
		credentials: { selartiApi: target.selartiCredential },
	});
}

/** Manual Trigger → Code (makes the messages) → the send node: what a user runs with "Execute workflow". */
export function sendWorkflow(
	name: string,
	count: number,
	chats: number,
	sendNode: SendNode,
): Workflow {
	return {
		name: `${name} ${randomUUID()}`,
		nodes: [
			{
				id: randomUUID(),
				name: MANUAL_TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: randomUUID(),
				name: ITEMS_NODE,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: messagesCode(count, chats) },
			},
			{ id: randomUUID(), name: SEND_NODE, position: [440, 0], ...sendNode },
		],
		connections: {
			[MANUAL_TRIGGER]: { main: [[{ node: ITEMS_NODE, type: 'main', index: 0 }]] },
			[ITEMS_NODE]: { main: [[{ node: SEND_NODE, type: 'main', index: 0 }]] },
		},
	};
}
