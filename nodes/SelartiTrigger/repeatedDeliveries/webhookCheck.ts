import { createHash, randomUUID } from 'node:crypto';

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { keepAsMostRecent, nodeKey } from '../per-node';

/*
 * The webhook's check of repeated deliveries, made before any execution starts: it spares a repeat its execution. The
 * execution checks again in n8n's deduplication store (execution/deduplication-store.ts), which every n8n process
 * shares, so what this check cannot see (below) costs an empty execution, never a message handled twice. It remembers
 * the last message ids in the node's workflow static data, oldest first, and forgets the oldest beyond the capacity,
 * so memory stays bounded however long the workflow runs.
 *
 * Persistence (read in n8n 2.40.7 and 1.123.81): a production webhook builds a fresh Workflow from the database for
 * every request (webhooks/live-webhooks.js), and once the webhook has answered, LiveWebhooks saves the static data
 * if it changed (WorkflowStaticDataService.saveStaticData checks staticData.__dataChanged). That happens whether or
 * not an execution starts. The change flag is set by the set/deleteProperty traps of n8n-workflow's ObservableObject
 * (observable-object.js); it wraps the objects present when the Workflow is built, not values assigned later, so the
 * list is replaced by assignment every time rather than changed in place. Test webhooks ("Listen for test event")
 * never persist static data (webhooks/test-webhooks.js keeps a copy made at registration).
 * Limits, measured by test/reliability: n8n 2.x saves the list only while the workflow's static data is still empty
 * (its WorkflowRunner re-wraps the same static data object before LiveWebhooks saves it, which clears the change flag),
 * so in 2.x the database keeps the first id only; and in every version, deliveries handled at the same time all read
 * the list saved before them and each save replaces it, so they erase each other's ids. Production deliveries are
 * therefore also remembered in this process's memory, per workflow and node; the check and the insert run without a
 * pause, so within one n8n process (regular mode, or the webhook process of queue mode) each id passes once. The
 * memory belongs to one history of the static data, named by a random id stored next to the list with the first id
 * (so also in 2.x; a list saved without one is named by its oldest id): when static data does not carry that name (its
 * data was cleared, or the very first deliveries of a workflow arrive together), the memory starts over. Deliveries that
 * reach two n8n processes, or arrive after a restart, pass here unless static data has them; the execution's check
 * stops them. Also, the execution loads static data before the webhook's save, so a later node that edits static
 * data can overwrite the list.
 * An id longer than MAX_REMEMBERED_ID_LENGTH is remembered by its SHA-256 digest: the sender chooses the id, and
 * 1,000 ids of up to n8n's 16 MB body limit each would otherwise be written to the database on every delivery.
 */

export const RECENT_MESSAGE_IDS_KEY = 'recentMessageIds';
export const PROCESS_MEMORY_NAME_KEY = 'recentMessageIdsHistory';
export const RECENT_MESSAGE_IDS_CAPACITY = 1000;
export const MAX_REMEMBERED_ID_LENGTH = 128;

function rememberedForm(messageId: string): string {
	if (messageId.length <= MAX_REMEMBERED_ID_LENGTH) return messageId;
	return `sha256:${createHash('sha256').update(messageId, 'utf8').digest('hex')}`;
}

interface ProcessMemory {
	/** The name of the static data history this memory belongs to (PROCESS_MEMORY_NAME_KEY). */
	name: string;
	ids: string[];
}

/** Production deliveries' ids remembered in this process, per workflow and node; at most MAX_REMEMBERED_NODES nodes. */
const inProcess = new Map<string, ProcessMemory>();
const MAX_REMEMBERED_NODES = 200;

/** The process-memory key of a production delivery; undefined for test deliveries, whose static data n8n keeps apart. */
export function processMemoryKey(context: IWebhookFunctions): string | undefined {
	if (context.getMode() !== 'webhook') return undefined;
	return nodeKey(context);
}

/** Whether this process handled the webhook of this production delivery (else another n8n process did: queue mode). */
export function receivedByThisProcess(key: string, messageId: string): boolean {
	return inProcess.get(key)?.ids.includes(rememberedForm(messageId)) ?? false;
}

/**
 * The memory of this history: its name is the one stored next to the list, else (a list saved before names
 * existed) the list's oldest id; an empty list without a name starts a new history with a random name. The name is
 * stored whenever static data lacks it.
 */
function memoryFor(key: string, staticData: IDataObject, recent: string[]): ProcessMemory {
	const storedName = staticData[PROCESS_MEMORY_NAME_KEY];
	const name = typeof storedName === 'string' ? storedName : recent.length > 0 ? `oldest:${recent[0]}` : undefined;
	let memory = inProcess.get(key);
	if (memory === undefined || name === undefined || memory.name !== name) memory = { name: name ?? randomUUID(), ids: [] };
	if (storedName !== memory.name) staticData[PROCESS_MEMORY_NAME_KEY] = memory.name;
	return keepAsMostRecent(inProcess, key, memory, MAX_REMEMBERED_NODES);
}

const lastOf = (ids: string[], count: number): string[] => ids.slice(Math.max(0, ids.length - count));

/**
 * Returns true when the id was seen before (in static data, or by this process for `memoryKey`); otherwise
 * remembers it in both and returns false.
 */
export function isRepeatedDelivery(
	staticData: IDataObject,
	messageId: string,
	capacity: number = RECENT_MESSAGE_IDS_CAPACITY,
	memoryKey?: string,
): boolean {
	const stored = staticData[RECENT_MESSAGE_IDS_KEY];
	const recent = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
	const memory = memoryKey === undefined ? undefined : memoryFor(memoryKey, staticData, recent);
	const remembered = rememberedForm(messageId);
	if (recent.includes(remembered) || memory?.ids.includes(remembered)) return true;
	const seenHere = new Set(memory?.ids);
	const known = [...recent.filter((id) => !seenHere.has(id)), ...(memory?.ids ?? [])];
	staticData[RECENT_MESSAGE_IDS_KEY] = [...lastOf(known, capacity - 1), remembered];
	if (memory !== undefined) memory.ids = [...lastOf(memory.ids, capacity - 1), remembered];
	return false;
}
