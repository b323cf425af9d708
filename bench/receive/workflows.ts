import { randomUUID } from 'node:crypto';

import type { Workflow } from '../../harness/n8nClient';
import { selartiTriggerWorkflow } from '../../harness/workflows';

export interface ReceiveWorkflow {
	workflow: Workflow;
	/** Path after /webhook/ of the production URL. */
	webhookPath: string;
}

/**
 * Selarti Trigger with every parameter at its default (messages: bot and operator; replies to waiting sends handed
 * over) and the bench's Selarti API credential → No Operation.
 */
export function selartiTriggerReceiver(
	credential: { id: string; name: string },
	parameters: Record<string, unknown> = {},
): ReceiveWorkflow {
	return selartiTriggerWorkflow('Bench receive Selarti Trigger', parameters, credential);
}

/**
 * n8n's Webhook node (2.1, POST, answers on receipt) → No Operation, as a user receives Selarti's webhooks without
 * this package; with `dropUserMessages`, an IF node in between passes only what is not the customer's own message.
 * `typeVersion` 1 is the control for what n8n does with every other trigger: n8n 2.x skips its expression isolate in
 * the webhook phase only for the Webhook node from version 2 on (docs/design/2026-12-n8n-behaviour.md).
 */
export function webhookReceiver(dropUserMessages: boolean, typeVersion = 2.1): ReceiveWorkflow {
	const path = `bench-${randomUUID()}`;
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion,
		position: [0, 0] as [number, number],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
	const received = {
		id: randomUUID(),
		name: 'Received',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [440, 0] as [number, number],
		parameters: {},
	};
	if (!dropUserMessages) {
		return {
			webhookPath: path,
			workflow: {
				name: `Bench receive Webhook ${path}`,
				nodes: [webhook, received],
				connections: { Webhook: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
			},
		};
	}
	const notUser = {
		id: randomUUID(),
		name: 'Not from the customer',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.3,
		position: [220, 0] as [number, number],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 3 },
				conditions: [
					{
						id: randomUUID(),
						leftValue: '={{ $json.body.message_type }}',
						rightValue: 'user',
						operator: { type: 'string', operation: 'notEquals' },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	};
	return {
		webhookPath: path,
		workflow: {
			name: `Bench receive Webhook + IF ${path}`,
			nodes: [webhook, notUser, received],
			connections: {
				Webhook: { main: [[{ node: notUser.name, type: 'main', index: 0 }]] },
				[notUser.name]: { main: [[{ node: 'Received', type: 'main', index: 0 }], []] },
			},
		},
	};
}
