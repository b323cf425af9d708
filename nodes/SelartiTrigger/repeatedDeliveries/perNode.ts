import type { IWebhookFunctions } from 'n8n-workflow';

/*
 * What the trigger keeps in a process's memory is kept per workflow and node, for the nodes used most recently:
 * a long-running n8n with many workflows keeps a bounded amount.
 */

/** Names a workflow's node, in every context that has both. */
export const nodeKey = (context: Pick<IWebhookFunctions, 'getWorkflow' | 'getNode'>): string =>
	`${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
