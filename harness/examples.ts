import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Workflow, WorkflowNode } from './n8nClient';
import { repoRoot } from './paths';
import { selartiTriggerPath } from './workflows';

/** The header the webhook example's Header Auth credential asks for, as the suites and `npm run dev` create it. */
export const MESSENGER_KEY = {
	name: 'X-Messenger-Key',
	value: 'selarti-example-messenger-key-0123456789',
};

/** The placeholder task id the shipped examples carry; a user replaces it with their own. */
export const exampleTaskIdPlaceholder = 'YOUR_SELARTI_TASK_ID';

export interface ExampleSubstitutions {
	/** The Selarti task id for the examples that send to one (those that only receive have none). */
	taskId?: string;
	/** Saved credentials by credential type (selartiApi, telegramApi). */
	credentials: Record<string, { id: string; name: string }>;
	/** Placeholder URL in the example → URL to use. */
	urls?: Record<string, string>;
}

/** Node types with webhooks in the examples: n8n's editor gives each a fresh webhook id on import. */
const WEBHOOK_NODE_TYPES = new Set([
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.telegramTrigger',
	'@n8n/n8n-nodes-langchain.chatTrigger',
	'n8n-nodes-selarti.selartiTrigger',
]);

/**
 * Loads a shipped example workflow (examples/<file>) and substitutes only what a user fills in: credentials, the task
 * id and URLs. Every substitution must find its placeholder, so an example cannot drift away from what is tested.
 * As n8n's editor does on import, nodes with webhooks get fresh webhook ids (the examples pin none), and a Webhook
 * node without a path listens at its webhook id.
 */
export function loadExample(file: string, substitutions: ExampleSubstitutions): Workflow {
	const workflow = JSON.parse(readFileSync(join(repoRoot, 'examples', file), 'utf8')) as Workflow;
	let taskIds = 0;
	const urlsSeen = new Set<string>();
	for (const node of workflow.nodes) {
		if (WEBHOOK_NODE_TYPES.has(node.type)) {
			if (node.webhookId !== undefined)
				throw new Error(`examples/${file}: node "${node.name}" pins webhook id ${node.webhookId}`);
			node.webhookId = randomUUID();
			if (node.type === 'n8n-nodes-base.webhook' && !node.parameters.path)
				node.parameters.path = node.webhookId;
		}
		if (node.parameters.taskId === exampleTaskIdPlaceholder) {
			if (substitutions.taskId === undefined)
				throw new Error(
					`examples/${file}: node "${node.name}" needs a task id the test did not give`,
				);
			node.parameters.taskId = substitutions.taskId;
			taskIds++;
		}
		const url = node.parameters.url;
		if (typeof url === 'string' && substitutions.urls?.[url]) {
			node.parameters.url = substitutions.urls[url];
			urlsSeen.add(url);
		}
		for (const type of Object.keys(node.credentials ?? {})) {
			const credential = substitutions.credentials[type];
			if (!credential)
				throw new Error(
					`examples/${file}: node "${node.name}" needs a ${type} credential the test did not give`,
				);
			node.credentials = { ...node.credentials, [type]: credential };
		}
	}
	if (substitutions.taskId !== undefined && taskIds === 0)
		throw new Error(`examples/${file} has no task id placeholder ${exampleTaskIdPlaceholder}`);
	for (const url of Object.keys(substitutions.urls ?? {})) {
		if (!urlsSeen.has(url)) throw new Error(`examples/${file} has no node with URL ${url}`);
	}
	return workflow;
}

export function nodeNamed(workflow: Workflow, name: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`workflow "${workflow.name}" has no node "${name}"`);
	return node;
}

/** The production URL n8n gives a trigger whose webhook path is relative to its webhookId (Selarti, Telegram). */
export function productionWebhookPath(node: WorkflowNode, path = 'webhook'): string {
	if (!node.webhookId) throw new Error(`node "${node.name}" has no webhookId`);
	return `${node.webhookId}/${path}`;
}

/** What Selarti calls for the example's Selarti Trigger: its production path with the secret of the test credentials. */
export function selartiTriggerPathOf(workflow: Workflow): string {
	const node = nodeNamed(workflow, 'Selarti Trigger');
	if (!node.webhookId) throw new Error(`node "${node.name}" has no webhookId`);
	return selartiTriggerPath(node.webhookId);
}
