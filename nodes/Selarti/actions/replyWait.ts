import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { errorItem } from './errorItem';
import { replyItemJson } from '../../shared/waitingSends/output';
import type { SendOutcome } from '../../shared/waitingSends/protocol';
import { registerWait, type WaitHandle } from '../../shared/waitingSends/sender';
import type { PreparedItem, WaitSettings } from './types';

/*
 * Send and Wait for Reply around the router's sends: the wait is registered before the first call (a reply can come
 * back faster than the call returns), the sends' outcomes are reported after the last, then the node waits. In one n8n
 * process the execution is put to wait and the Selarti Trigger resumes it with the replies; if nothing resumes it (the
 * process restarted), n8n's wait tracker does after the grace below (it checks about once a minute). execute() returns
 * every item unreplied for that case. Otherwise the execution keeps running and fetches the replies from the trigger:
 * in queue mode (the trigger runs in another process), as an AI Agent tool (the agent needs the answer in its call),
 * and when a missing reply is an error (a resumed execution goes on with the webhook's items, which cannot fail).
 */
const WAIT_TRACKER_GRACE_MS = 3 * 60 * 1000;

/** A collecting execution asks the trigger's process; past the limit it only waits for the hand-over itself. */
const COLLECT_GRACE_MS = 30 * 1000;

export interface ReplyWait {
	handle: WaitHandle;
	waitLimitMs: number;
	errorWithoutReply: boolean;
}

export async function startReplyWait(
	context: IExecuteFunctions,
	settings: WaitSettings,
	prepared: PreparedItem[],
): Promise<ReplyWait> {
	const seconds = (parameter: string, fallback: number) => {
		const value = Number(context.getNodeParameter(parameter, 0, fallback));
		return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : fallback * 1000;
	};
	const waitLimitMs = Math.max(
		1000,
		seconds(settings.waitLimitParameter, settings.defaultWaitLimitSeconds),
	);
	const combineWithinMs = seconds(
		settings.combineWithinParameter,
		settings.defaultCombineWithinSeconds,
	);
	const errorWithoutReply =
		context.getNodeParameter(settings.onNoReplyParameter, 0, 'output') === 'error';
	// n8n builds a node's AI Agent tool as "<type>Tool"; a tool's call cannot put the agent's execution to wait.
	const isTool = context.getNode().type.endsWith('Tool');
	const canBePutToWait = typeof context.putExecutionToWait === 'function';
	const handle = await registerWait(
		context,
		{
			conversations: prepared.map((item) =>
				item.valid
					? { task_id: String(item.body.task_id), chat_id: String(item.body.chat_id) }
					: null,
			),
			waitLimitMs,
			combineWithinMs,
		},
		{ keepRunning: isTool || !canBePutToWait || errorWithoutReply },
	);
	return { handle, waitLimitMs, errorWithoutReply };
}

/** After the sends: reports them and waits for the replies, or cancels when nothing was sent. */
export async function finishReplyWait(
	context: IExecuteFunctions,
	wait: ReplyWait,
	output: INodeExecutionData[],
	sentIndexes: ReadonlySet<number>,
): Promise<INodeExecutionData[]> {
	if (sentIndexes.size === 0) {
		await wait.handle.cancel();
		return output;
	}
	const outcomes: SendOutcome[] = output.map((item, index) =>
		sentIndexes.has(index) ? { sent: item.json } : { failed: item.json },
	);
	await wait.handle.reportOutcomes(outcomes);
	const unreplied = output.map((item, index) =>
		sentIndexes.has(index) ? { ...item, json: replyItemJson(item.json as IDataObject, []) } : item,
	);
	if (wait.handle.handOver === 'resume') {
		await context.putExecutionToWait(
			new Date(Date.now() + wait.waitLimitMs + WAIT_TRACKER_GRACE_MS),
		);
		return unreplied;
	}
	const collected = await wait.handle.collect(
		Date.now() + wait.waitLimitMs + COLLECT_GRACE_MS,
		context.getExecutionCancelSignal(),
	);
	const items =
		collected === undefined || collected.length !== output.length
			? unreplied
			: collected.map((json, index) => ({ json, pairedItem: { item: index } }));
	return wait.errorWithoutReply ? failUnreplied(context, wait, items, sentIndexes) : items;
}

/** On No Reply → Stop With an Error: a sent item without a reply fails, as a failed send would. */
function failUnreplied(
	context: IExecuteFunctions,
	wait: ReplyWait,
	items: INodeExecutionData[],
	sentIndexes: ReadonlySet<number>,
): INodeExecutionData[] {
	const continueOnFail = context.continueOnFail();
	return items.map((item, itemIndex) => {
		if (!sentIndexes.has(itemIndex) || item.json.replied !== false) return item;
		const error = noReplyError(context, itemIndex, wait.waitLimitMs);
		if (!continueOnFail) throw error;
		return errorItem(context, error, item.json, itemIndex);
	});
}

function noReplyError(
	context: IExecuteFunctions,
	itemIndex: number,
	waitLimitMs: number,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Item ${itemIndex + 1}: no reply within ${waitLimitMs / 1000} s`,
		{
			itemIndex,
			description: `The message was sent; the Selarti AI task did not answer in time. Raise Wait Limit, or check in Selarti that the task answers this chat. A reply that comes later starts the Selarti Trigger's workflow.`,
		},
	);
}
