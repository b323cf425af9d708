import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { RECENT_MESSAGE_IDS_CAPACITY } from './recent-message-ids';

/*
 * The execution's check of repeated deliveries, in n8n's deduplication store: the database table behind the Remove
 * Duplicates node's "across executions" mode (processed_data), scoped to this node. Every n8n process reaches it
 * (main, webhook processes and queue-mode workers), and each check reads and writes it at once, where the webhook's
 * check (recent-message-ids.ts) can only use static data, which n8n saves whole at the end of a request or an
 * execution. So a repeated delivery that the webhook let through, because it reached another n8n process or the
 * record of the first one was overwritten, starts an execution that stops here with no item: nothing after the
 * trigger runs twice. Only production deliveries are recorded; a test event ("Listen for test event") passes as is.
 */

const STORE_OPTIONS = { mode: 'entries', maxEntries: RECENT_MESSAGE_IDS_CAPACITY } as const;

const messageIdOf = (item: INodeExecutionData): string | undefined => {
	const id = item.json.message_id;
	return typeof id === 'string' && id !== '' ? id : undefined;
};

const hint = (message: string, type: NodeExecutionHint['type']): NodeExecutionHint => ({ message, type, location: 'outputPane' });

/** The items whose message_id is not in the store yet, recording theirs; items without an id always pass. */
export async function dropRepeatedDeliveries(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const ids = items.map(messageIdOf).filter((id): id is string => id !== undefined);
	if (ids.length === 0 || context.getMode() !== 'webhook') return items;

	let processed: Set<string>;
	try {
		processed = await checkAndRecord(context, ids);
	} catch (error) {
		// A message is worth more than a possible repeat: when the store cannot answer, the items pass.
		context.addExecutionHints(hint(`Could not check whether this message was received before (${(error as Error).message}); it was passed on`, 'warning'));
		return items;
	}
	const kept = items.filter((item) => !processed.has(messageIdOf(item) ?? ''));
	if (kept.length < items.length) {
		context.addExecutionHints(hint(`Message ${[...processed].join(', ')} was already received (by another n8n process, or before a restart): skipped, so it is not handled twice`, 'info'));
	}
	return kept;
}

/** One retry: two first deliveries of a workflow at the same moment both try to create its row in the store. */
async function checkAndRecord(context: IExecuteFunctions, ids: string[]): Promise<Set<string>> {
	const check = async () => await context.helpers.checkProcessedAndRecord(ids, 'node', STORE_OPTIONS);
	const outcome = await check().catch(check);
	return new Set(outcome.processed.map(String));
}
