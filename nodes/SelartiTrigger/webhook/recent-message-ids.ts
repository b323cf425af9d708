import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

/*
 * Remembers the last message ids in the node's workflow static data, oldest first, and forgets the oldest beyond
 * the capacity, so memory stays bounded however long the workflow runs.
 *
 * Persistence (read in n8n 2.40.7 and 1.123.81): a production webhook builds a fresh Workflow from the database for
 * every request (webhooks/live-webhooks.js), and once the webhook has answered, LiveWebhooks saves the static data
 * if it changed (WorkflowStaticDataService.saveStaticData checks staticData.__dataChanged). That happens whether or
 * not an execution starts. The change flag is set by the set/deleteProperty traps of n8n-workflow's ObservableObject
 * (observable-object.js); it wraps the objects present when the Workflow is built, not values assigned later, so the
 * list is replaced by assignment every time rather than changed in place. Test webhooks ("Listen for test event")
 * never persist static data (webhooks/test-webhooks.js keeps a copy made at registration).
 * Limits: two deliveries that arrive at the same moment both read the old list, so both may pass; and the execution
 * loads static data before the webhook's save, so a later node that edits static data can overwrite the list.
 * An id longer than MAX_REMEMBERED_ID_LENGTH is remembered by its SHA-256 digest: the sender chooses the id, and
 * 1,000 ids of up to n8n's 16 MB body limit each would otherwise be written to the database on every delivery.
 */

export const RECENT_MESSAGE_IDS_KEY = 'recentMessageIds';
export const RECENT_MESSAGE_IDS_CAPACITY = 1000;
export const MAX_REMEMBERED_ID_LENGTH = 128;

function rememberedForm(messageId: string): string {
	if (messageId.length <= MAX_REMEMBERED_ID_LENGTH) return messageId;
	return `sha256:${createHash('sha256').update(messageId, 'utf8').digest('hex')}`;
}

/** Returns true when the id was seen before; otherwise remembers it and returns false. */
export function isRepeatedDelivery(
	staticData: IDataObject,
	messageId: string,
	capacity: number = RECENT_MESSAGE_IDS_CAPACITY,
): boolean {
	const stored = staticData[RECENT_MESSAGE_IDS_KEY];
	const recent = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
	const remembered = rememberedForm(messageId);
	if (recent.includes(remembered)) return true;
	staticData[RECENT_MESSAGE_IDS_KEY] = [...recent.slice(Math.max(0, recent.length - capacity + 1)), remembered];
	return false;
}
