import {
	sleep,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { keepAsMostRecent } from '../../shared/mostRecent';
import { nodeKey } from './perNode';
import { eventKey } from '../payload/dialogEvents';
import { receivedByThisProcess, RECENT_MESSAGE_IDS_CAPACITY } from './webhookCheck';

/*
 * The execution's check of repeated deliveries, in n8n's deduplication store (scope: this node), which every n8n
 * process reaches through the database. A repeat that the webhook's check let through stops here with no item.
 * n8n's store rewrites a node's whole list on every check, so concurrent checks erase each other's records; per
 * process, checks run one at a time, resend the ids recorded lately, and confirm new records while other processes
 * show. The measurements behind each part: docs/design/2026-12-repeated-deliveries.md.
 */

/** Each message is two entries: its id, and which execution took it. */
const STORE_OPTIONS = { mode: 'entries', maxEntries: 2 * RECENT_MESSAGE_IDS_CAPACITY } as const;
export const RECORDS_SENT_AGAIN = 100;
const CONFIRMATIONS = 4;
/** Longer than a check's read-to-write time in n8n's database; the pause is random between this and twice it. */
const MIN_CONFIRMATION_PAUSE_MS = 15;
/** How long confirmations go on after the last sign of another process writing the list. */
const OTHER_WRITERS_REMEMBERED_MS = 10 * 60_000;
const MAX_NODES = 200;

interface NodeRecords {
	/** The tail of the chain of this node's checks in this process. */
	lastCheck: Promise<unknown>;
	/** Ids this process recorded lately, oldest first. */
	recorded: string[];
	/** When a check last showed that another process writes this node's list (Date.now()); 0 if never. */
	othersSeenAt: number;
}

const nodes = new Map<string, NodeRecords>();

const recordsOf = (key: string): NodeRecords =>
	keepAsMostRecent(
		nodes,
		key,
		nodes.get(key) ?? { lastCheck: Promise.resolve(), recorded: [], othersSeenAt: 0 },
		MAX_NODES,
	);

/** What is handled once, and how the hints name it: a message (its id), or a dialog event (its event and dialog). */
export interface HandledOnce {
	keyOf(item: INodeExecutionData): string | undefined;
	what: string;
	repeated(keys: string[]): string;
}

const textOf = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== '' ? value : undefined;

export const messages: HandledOnce = {
	keyOf: (item) => textOf(item.json.message_id),
	what: 'this message',
	repeated: (ids) =>
		`Message ${ids.join(', ')} was received before (Selarti delivered it again): skipped, so it is not handled twice`,
};

export const dialogEvents: HandledOnce = {
	keyOf: (item) => {
		const event = textOf(item.json.dialog_event);
		const dialog = textOf(item.json.dialog_key);
		return event === undefined || dialog === undefined ? undefined : eventKey(event, dialog);
	},
	what: 'this dialog event',
	repeated: (keys) =>
		`${keys.map((key) => key.replace(/^event /, 'Event ')).join('; ')} fired before: skipped, so each event starts the workflow once per dialog`,
};

const hint = (message: string, type: NodeExecutionHint['type']): NodeExecutionHint => ({
	message,
	type,
	location: 'outputPane',
});

/** The items whose key is not in the store yet, recording theirs; items without a key always pass. */
export async function dropRepeatedDeliveries(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	handledOnce: HandledOnce = messages,
): Promise<INodeExecutionData[]> {
	const ids = items.map(handledOnce.keyOf).filter((id): id is string => id !== undefined);
	if (ids.length === 0 || context.getMode() !== 'webhook') return items;

	let received: Set<string>;
	try {
		received = await checkAndRecord(context, ids);
	} catch (error) {
		// A message is worth more than a possible repeat: when the store cannot answer, the items pass.
		context.addExecutionHints(
			hint(
				`Could not check whether ${handledOnce.what} was received before (${(error as Error).message}); it was passed on`,
				'warning',
			),
		);
		return items;
	}
	const kept = items.filter((item) => !received.has(handledOnce.keyOf(item) ?? ''));
	if (kept.length < items.length)
		context.addExecutionHints(hint(handledOnce.repeated([...received]), 'info'));
	return kept;
}

/** The ids received before; records the others. After this node's earlier checks in this process. */
async function checkAndRecord(context: IExecuteFunctions, ids: string[]): Promise<Set<string>> {
	const key = nodeKey(context);
	const records = recordsOf(key);
	// Tried again once: two first checks of a node at the same moment both try to create its row.
	const store = async (sent: string[]) => {
		const attempt = async () =>
			await context.helpers.checkProcessedAndRecord(sent, 'node', STORE_OPTIONS);
		return await attempt().catch(attempt);
	};
	// Queue mode runs a stalled execution again (a worker that crashed or stopped answering): its own record then must
	// not make it drop the message, so each execution also records which messages it took.
	const takenBy = (id: string) => `${id} (execution ${context.getExecutionId()})`;
	const check = async () => {
		const outcome = await store([...new Set([...ids, ...ids.map(takenBy), ...records.recorded])]);
		const processed = outcome.processed.map(String);
		const takenBefore = (id: string) => processed.includes(id) || records.recorded.includes(id);
		const received = new Set(
			ids.filter((id) => takenBefore(id) && !processed.includes(takenBy(id))),
		);
		// Signs of other processes: the webhook ran in another one, one of this process's records was erased, or the
		// store has a message this process did not record.
		const erased = outcome.new
			.map(String)
			.some((id) => records.recorded.includes(id) && !ids.includes(id));
		const webhookElsewhere = ids.some((id) => !receivedByThisProcess(key, id));
		if (webhookElsewhere || erased || [...received].some((id) => !records.recorded.includes(id)))
			records.othersSeenAt = Date.now();
		const recordedNow = ids.filter((id) => !received.has(id) && !records.recorded.includes(id));
		records.recorded = [...records.recorded, ...recordedNow].slice(-RECORDS_SENT_AGAIN);
		return received;
	};
	const checked = records.lastCheck.then(check, check);
	records.lastCheck = checked.catch(() => undefined);
	const received = await checked;
	const othersWriting = Date.now() - records.othersSeenAt < OTHER_WRITERS_REMEMBERED_MS;
	if (othersWriting && ids.some((id) => !received.has(id))) {
		await confirmRecords(async () => (await store(records.recorded)).new.length === 0);
	}
	return received;
}

/**
 * After a pause, by when another process's check that read the list before this write has written it back, asks
 * whether the records are still there (recording them again if not), and again while they were not. The answer
 * about this message is given already: a failed confirmation only ends the confirming.
 */
async function confirmRecords(stillThere: () => Promise<boolean>): Promise<void> {
	for (let confirmation = 1; confirmation <= CONFIRMATIONS; confirmation++) {
		await sleep(MIN_CONFIRMATION_PAUSE_MS + Math.floor(Math.random() * MIN_CONFIRMATION_PAUSE_MS));
		const kept = await stillThere().catch(() => true);
		if (kept) return;
	}
}
