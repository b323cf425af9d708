import type { IWebhookFunctions } from 'n8n-workflow';

/*
 * What the trigger keeps in a process's memory is kept per workflow and node, for the nodes used most recently:
 * a long-running n8n with many workflows keeps a bounded amount.
 */

/** Names a workflow's node, in every context that has both. */
export const nodeKey = (context: Pick<IWebhookFunctions, 'getWorkflow' | 'getNode'>): string =>
	`${context.getWorkflow().id ?? ''}/${context.getNode().id}`;

/** Stores the value as the most recently used of the map, and forgets the least recently used beyond `max`. */
export function keepAsMostRecent<V>(map: Map<string, V>, key: string, value: V, max: number): V {
	map.delete(key);
	map.set(key, value);
	if (map.size > max) map.delete(map.keys().next().value as string);
	return value;
}
