import { createHash, randomUUID } from 'node:crypto';

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { keepAsMostRecent } from '../../shared/mostRecent';
import { nodeKey } from './perNode';

/*
 * The webhook's check of repeated deliveries, before any execution starts: the workflow's static data and this
 * process's memory of the last ids, per workflow and node. Why both, what n8n keeps of static data on each version, and
 * what this cannot see (the execution's check covers it): docs/design/2026-12-repeated-deliveries.md.
 * Static data is replaced by assignment, never changed in place: n8n notices only assignments.
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
 * existed) the list's oldest id. Static data with neither joins the memory this process has: a new workflow's first
 * deliveries, arriving together, all read it before any of them is saved. Without a memory, a random name starts one.
 * The name is stored whenever static data lacks it.
 */
function memoryFor(key: string, staticData: IDataObject, recent: string[]): ProcessMemory {
	const storedName = staticData[PROCESS_MEMORY_NAME_KEY];
	const name =
		typeof storedName === 'string'
			? storedName
			: recent.length > 0
				? `oldest:${recent[0]}`
				: undefined;
	let memory = inProcess.get(key);
	if (memory === undefined || (name !== undefined && memory.name !== name))
		memory = { name: name ?? randomUUID(), ids: [] };
	if (storedName !== memory.name) staticData[PROCESS_MEMORY_NAME_KEY] = memory.name;
	return keepAsMostRecent(inProcess, key, memory, MAX_REMEMBERED_NODES);
}

const lastOf = (ids: string[], count: number): string[] =>
	ids.slice(Math.max(0, ids.length - count));

/**
 * A check that remembers `capacity` ids: true when the id was seen before (in static data, or by this process for
 * `memoryKey`); otherwise it remembers the id in both and returns false.
 */
export function recentIdsCheck(capacity: number) {
	return function isRepeatedDelivery(
		staticData: IDataObject,
		messageId: string,
		memoryKey?: string,
	): boolean {
		const stored = staticData[RECENT_MESSAGE_IDS_KEY];
		const recent = Array.isArray(stored)
			? stored.filter((id): id is string => typeof id === 'string')
			: [];
		const memory = memoryKey === undefined ? undefined : memoryFor(memoryKey, staticData, recent);
		const remembered = rememberedForm(messageId);
		if (recent.includes(remembered) || memory?.ids.includes(remembered)) return true;
		const seenHere = new Set(memory?.ids);
		const known = [...recent.filter((id) => !seenHere.has(id)), ...(memory?.ids ?? [])];
		staticData[RECENT_MESSAGE_IDS_KEY] = [...lastOf(known, capacity - 1), remembered];
		if (memory !== undefined) memory.ids = [...lastOf(memory.ids, capacity - 1), remembered];
		return false;
	};
}

export const isRepeatedDelivery = recentIdsCheck(RECENT_MESSAGE_IDS_CAPACITY);
