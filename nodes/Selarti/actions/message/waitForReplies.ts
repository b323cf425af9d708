import { randomUUID } from 'node:crypto';

import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	inMemory,
	overHttp,
	waitingSendsUrl,
	type WaitChannel,
} from '../../../shared/waitingSends/channel';
import { credentialKeys } from '../../../shared/credentialKeys';
import { LIMITS } from '../../../shared/waitingSends/messages';
import {
	REGISTRY_LIMITS,
	waitingSends,
	type Collection,
} from '../../../shared/waitingSends/registry';
import { replyItemJson } from '../../../shared/waitingSends/replyItem';
import { waitWords, type Words } from '../../../shared/waitingSends/wording';
import { SELARTI_CREDENTIAL } from '../../../shared/transport';
import { errorItem } from '../errorItem';
import type { OperationRun } from '../types';

/*
 * Send and Wait for Reply around the router's sends: the wait is opened before the first call (a reply can come back
 * faster than the call returns), then the execution keeps running until the replies are in or the wait limit is
 * reached, and outputs one item per input item. A running execution answers a Chat Trigger or Respond to Webhook as
 * any other step does, in every deployment, and as an AI Agent's tool.
 */

export const DEFAULT_WAIT_LIMIT_SECONDS = 120;
export const DEFAULT_COMBINE_REPLIES_WITHIN_SECONDS = 3;
export const DEFAULT_NO_REPLY_TEXT =
	'Sorry, there is no answer yet. Please write again in a moment.';

/** Past the limit, how long the send still waits for the trigger's process to hand the replies over. */
const COLLECT_GRACE_MS = 30_000;
const RETRY_DELAY_MS = 1_000;

type WaitSettings = ReturnType<typeof readWaitSettings>;

function readWaitSettings(context: IExecuteFunctions) {
	const options = context.getNodeParameter('options', 0, {}) as Record<string, unknown>;
	const seconds = (option: string, fallback: number) => {
		const value = Number(options[option] ?? fallback);
		return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : fallback * 1000;
	};
	const waitLimitMs = Math.max(1000, seconds('waitLimit', DEFAULT_WAIT_LIMIT_SECONDS));
	const combineWithinMs = seconds('combineRepliesWithin', DEFAULT_COMBINE_REPLIES_WITHIN_SECONDS);
	const errorWithoutReply = options.onNoReply === 'error';
	const noReplyText = String(options.noReplyText ?? DEFAULT_NO_REPLY_TEXT);
	return { limits: { waitLimitMs, combineWithinMs }, errorWithoutReply, noReplyText };
}

const failure = (context: IExecuteFunctions, words: Words, itemIndex?: number) =>
	new NodeOperationError(context.getNode(), words.message, {
		description: words.description,
		itemIndex,
	});

/** The trigger's registry of this process when a Selarti Trigger is active here, else over n8n's fixed path. */
async function openChannel(context: IExecuteFunctions) {
	const key = credentialKeys(await context.getCredentials(SELARTI_CREDENTIAL))?.wait;
	if (key === undefined) throw failure(context, waitWords.noKey);
	if (waitingSends.hasReceivers()) return { channel: inMemory(key.id), url: undefined };
	const url = waitingSendsUrl(context.getSignedResumeUrl());
	return { channel: overHttp(context.helpers.httpRequest.bind(context.helpers), url, key), url };
}

export const sendAndWaitForReplies: OperationRun = async (context, prepared, send) => {
	const settings = readWaitSettings(context);
	const conversations = prepared.map((item) =>
		item.valid ? { task_id: String(item.body.task_id), chat_id: String(item.body.chat_id) } : null,
	);
	if (conversations.every((conversation) => conversation === null)) return (await send()).output;

	const { channel, url } = await openChannel(context);
	const waitId = randomUUID();
	const opened = await channel
		.open({ waitId, conversations, ...settings.limits })
		.catch((error: Error) => {
			throw failure(context, waitWords.unreachable(url ?? '', error.message));
		});
	if (opened.status !== 'open') {
		// Nothing is sent: every item fails with the setup's fix (each on the error output with Continue On Fail).
		const credentialName = context.getNode().credentials?.[SELARTI_CREDENTIAL]?.name ?? '';
		const error = failure(context, waitWords.refusal(opened, credentialName, url === undefined));
		if (!context.continueOnFail()) throw error;
		return prepared.map((item, itemIndex) =>
			errorItem(
				context,
				item.valid ? error : item.error,
				item.valid ? item.body : item.fields,
				itemIndex,
			),
		);
	}

	let collection: Collection | undefined;
	try {
		const { output, sent } = await send();
		if (sent.size === 0) return output;
		const sentMask = prepared.map((_, itemIndex) => sent.has(itemIndex));
		collection = await collectReplies(
			context,
			channel,
			waitId,
			sentMask,
			settings.limits.waitLimitMs,
		);
		const items = outputItems(context, output, sent, collection, settings);
		await streamToChat(context, items, sent);
		return items;
	} finally {
		// A run that stops (a send failed for good, the execution was cancelled) waits for nothing.
		if (collection === undefined) await channel.cancel(waitId).catch(() => undefined);
	}
};

/** The replies once the wait is over; undefined when the trigger's process no longer has the wait (it restarted). */
async function collectReplies(
	context: IExecuteFunctions,
	channel: WaitChannel,
	waitId: string,
	sentMask: boolean[],
	waitLimitMs: number,
): Promise<Collection | undefined> {
	const stop = context.getExecutionCancelSignal();
	const giveUpAt = Date.now() + waitLimitMs + COLLECT_GRACE_MS;
	while (Date.now() < giveUpAt && stop?.aborted !== true) {
		try {
			const collection = await channel.collect(waitId, sentMask, LIMITS.collectHoldMs, stop);
			if (collection.status === 'ready') return collection;
			if (collection.status === 'unknown') return undefined;
		} catch {
			// The trigger's process did not answer (a restart, a proxy): ask again until the limit.
			await sleep(RETRY_DELAY_MS);
		}
	}
	return undefined;
}

/**
 * A Chat Trigger in Streaming mode shows only what nodes stream, never the last node's output: each sent item's text
 * goes to the chat as one message.
 */
async function streamToChat(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	sent: ReadonlySet<number>,
): Promise<void> {
	// n8n versions before streaming have neither function.
	if (typeof context.isStreaming !== 'function' || !context.isStreaming()) return;
	for (const [itemIndex, item] of items.entries()) {
		const text = item.json.output;
		if (!sent.has(itemIndex) || typeof text !== 'string') continue;
		await context.sendChunk('begin', itemIndex);
		await context.sendChunk('item', itemIndex, text);
		await context.sendChunk('end', itemIndex);
	}
}

function outputItems(
	context: IExecuteFunctions,
	output: INodeExecutionData[],
	sent: ReadonlySet<number>,
	collection: Collection | undefined,
	settings: WaitSettings,
): INodeExecutionData[] {
	const ready = collection?.status === 'ready' ? collection : undefined;
	return output.map((item, itemIndex) => {
		if (!sent.has(itemIndex)) return item;
		const replies = ready?.replies[itemIndex] ?? [];
		const json = replyItemJson(item.json as IDataObject, replies, settings.noReplyText);
		if (replies.length > 0) return { json, pairedItem: { item: itemIndex } };
		const task = String((item.json as IDataObject).task_id);
		const unheard = ready?.unheard.includes(task) === true;
		if (!unheard && !settings.errorWithoutReply) return { json, pairedItem: { item: itemIndex } };
		const probationMs = Math.min(REGISTRY_LIMITS.probationMs, settings.limits.waitLimitMs);
		const words = unheard
			? waitWords.unheard(task, probationMs)
			: waitWords.noReply(itemIndex, settings.limits.waitLimitMs);
		const error = failure(context, words, itemIndex);
		if (!context.continueOnFail()) throw error;
		return errorItem(context, error, json, itemIndex);
	});
}
