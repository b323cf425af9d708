import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { replyItemJson } from '../../shared/waitingSends/output';
import type { SendOutcome } from '../../shared/waitingSends/protocol';
import { registerWait, type WaitHandle } from '../../shared/waitingSends/sender';
import type { PreparedItem, WaitSettings } from './types';

/*
 * Send and Wait for Reply around the router's sends: the wait is registered before the first call (a reply can come
 * back faster than the call returns), the sends' outcomes are reported after the last, then the node waits. In one n8n
 * process the execution is put to wait and the Selarti Trigger resumes it with the replies; if nothing resumes it (the
 * process restarted), n8n's wait tracker does after the grace below (it checks about once a minute). execute() returns
 * every item unreplied for that case. In queue mode the execution fetches the replies from the trigger's process.
 */
const WAIT_TRACKER_GRACE_MS = 3 * 60 * 1000;

/** In queue mode the execution asks the trigger's process; past the limit it only waits for the hand-over itself. */
const COLLECT_GRACE_MS = 30 * 1000;

export interface ReplyWait {
	handle: WaitHandle;
	waitLimitMs: number;
}

export async function startReplyWait(
	context: IExecuteFunctions,
	settings: WaitSettings,
	prepared: PreparedItem[],
): Promise<ReplyWait> {
	// n8n builds a node's AI Agent tool as "<type>Tool"; a tool's call cannot put the agent's execution to wait.
	if (typeof context.putExecutionToWait !== 'function' || context.getNode().type.endsWith('Tool')) {
		throw new NodeOperationError(
			context.getNode(),
			'Send and Wait for Reply cannot run here (for example, as an AI Agent tool)',
			{ description: 'Use it in a workflow: n8n must be able to put the execution to wait.' },
		);
	}
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
	const handle = await registerWait(context, {
		conversations: prepared.map((item) =>
			item.valid
				? { task_id: String(item.body.task_id), chat_id: String(item.body.chat_id) }
				: null,
		),
		waitLimitMs,
		combineWithinMs,
	});
	return { handle, waitLimitMs };
}

/** After the sends: reports them and puts the execution to wait, or cancels when nothing was sent. */
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
	// Queue mode: this execution keeps running until the trigger's process has the items.
	const items = await wait.handle.collect(
		Date.now() + wait.waitLimitMs + COLLECT_GRACE_MS,
		context.getExecutionCancelSignal(),
	);
	if (items === undefined || items.length !== output.length) return unreplied;
	return items.map((json, index) => ({ json, pairedItem: { item: index } }));
}
