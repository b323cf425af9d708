import type { CallLogEntry } from '../../../../sandbox';
import type { OutgoingMessage, SendItem } from './workflows';

/*
 * Joins what the Selarti node output (one item per message, in input order) with what the sandbox carried out
 * (its call log), message by message: delivered how many times, errored with which cause, and whether each
 * chat's delivered messages were carried out in input order.
 */

/** Item-level error texts the node produces, by cause. */
export const ERROR_CAUSES: Array<[string, RegExp]> = [
	['429 busy', /Selarti is busy \(HTTP 429/],
	['503 busy', /Selarti is busy \(HTTP 503/],
	['502 gateway', /gateway got no answer from Selarti \(HTTP 502\)/],
	['504 gateway', /gateway got no answer from Selarti \(HTTP 504\)/],
	['500 internal error', /internal error \(HTTP 500/],
	['answer timeout', /did not answer within/],
	['connection lost', /Cannot reach Selarti at .*: the connection closed before Selarti answered/],
	['connection refused', /Cannot reach Selarti at .*: the connection was refused/],
	['API key rejected', /did not accept the API key/],
	['token rejected', /rejected the token or API key \(HTTP 401/],
	[
		'not sent: run stopped after a fatal error',
		/was not sent, because every call would fail the same way/,
	],
	['403 refused', /refused this request for the credential \(HTTP 403/],
	['404 wrong base URL', /No Selarti API at .*\(HTTP 404/],
];

export function causeOf(error: string): string | undefined {
	return ERROR_CAUSES.find(([, pattern]) => pattern.test(error))?.[0];
}

export interface MessageOutcome {
	index: number;
	message: OutgoingMessage;
	status: 'delivered' | 'error';
	error?: string;
	cause?: string;
	/** Times the sandbox carried the message out. */
	accepted: number;
	/** Of those, how many times its answer never reached the node (connection dropped after processing, or too late). */
	acceptedWithLostAnswer: number;
	firstAcceptedSeq?: number;
}

export interface SendAnalysis {
	outcomes: MessageOutcome[];
	/** Output items whose pairedItem is not their own index. */
	misplacedItems: number;
	deliveredOnce: number;
	/** Success items whose message was carried out more than once. */
	deliveredWithDuplicates: number;
	/** Extra copies carried out, all messages. */
	duplicates: number;
	/** Extra copies not explained by an answer lost after processing (none may exist). */
	unexplainedDuplicates: number;
	errored: number;
	/** Error items whose message was carried out anyway (the answer was lost: timeout or dropped after processing). */
	erroredButDelivered: number;
	/** Success items the sandbox never carried out (none may exist). */
	successWithoutDelivery: number;
	/** Error items without a recognised cause (none may exist). */
	errorsWithoutCause: number;
	errorsByCause: Record<string, number>;
	/** Delivered messages carried out before an earlier message of the same chat. */
	outOfOrder: number;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : undefined;

export function analyseSend(
	messages: OutgoingMessage[],
	items: SendItem[],
	calls: CallLogEntry[],
): SendAnalysis {
	const sends = calls.filter((call) => call.workflow === 'send_message_external');
	const byMessage = new Map<string, CallLogEntry[]>();
	for (const call of sends) {
		const key = `${text(call.body.chat_id)}\u0000${text(call.body.message)}`;
		byMessage.set(key, [...(byMessage.get(key) ?? []), call]);
	}

	const outcomes = messages.map((message, index): MessageOutcome => {
		const item = items[index];
		const error = item?.json.error === undefined ? undefined : String(item.json.error);
		const received = byMessage.get(`${message.chatId}\u0000${message.text}`) ?? [];
		const accepted = received.filter((call) => call.accepted);
		return {
			index,
			message,
			status: item === undefined || error !== undefined ? 'error' : 'delivered',
			error: item === undefined ? 'no output item' : error,
			cause: error === undefined ? undefined : causeOf(error),
			accepted: accepted.length,
			acceptedWithLostAnswer: accepted.filter(
				(call) => call.status === 0 || call.outcome === 'CLIENT_GONE',
			).length,
			firstAcceptedSeq: accepted
				.map((call) => call.acceptedSeq ?? call.seq)
				.sort((a, b) => a - b)[0],
		};
	});

	const errorsByCause: Record<string, number> = {};
	for (const outcome of outcomes) {
		if (outcome.status === 'error')
			errorsByCause[outcome.cause ?? 'unrecognised'] =
				(errorsByCause[outcome.cause ?? 'unrecognised'] ?? 0) + 1;
	}

	let outOfOrder = 0;
	const lastSeqByChat = new Map<string, number>();
	for (const outcome of outcomes) {
		if (outcome.firstAcceptedSeq === undefined) continue;
		const last = lastSeqByChat.get(outcome.message.chatId) ?? -1;
		if (outcome.firstAcceptedSeq < last) outOfOrder++;
		else lastSeqByChat.set(outcome.message.chatId, outcome.firstAcceptedSeq);
	}

	const count = (predicate: (outcome: MessageOutcome) => boolean) =>
		outcomes.filter(predicate).length;
	return {
		outcomes,
		misplacedItems:
			items.filter((item, index) => item.pairedItem?.item !== index).length +
			Math.max(0, messages.length - items.length),
		deliveredOnce: count((o) => o.status === 'delivered' && o.accepted === 1),
		deliveredWithDuplicates: count((o) => o.status === 'delivered' && o.accepted > 1),
		duplicates: outcomes.reduce((sum, o) => sum + Math.max(0, o.accepted - 1), 0),
		unexplainedDuplicates: outcomes.reduce(
			(sum, o) => sum + Math.max(0, o.accepted - 1 - o.acceptedWithLostAnswer),
			0,
		),
		errored: count((o) => o.status === 'error'),
		erroredButDelivered: count((o) => o.status === 'error' && o.accepted > 0),
		successWithoutDelivery: count((o) => o.status === 'delivered' && o.accepted === 0),
		errorsWithoutCause: count((o) => o.status === 'error' && o.cause === undefined),
		errorsByCause,
		outOfOrder,
	};
}

/** Calls the sandbox answered with an injected fault, by the name of the rule (or "429 over capacity"). */
export function faultsInjected(
	calls: CallLogEntry[],
	ruleNames: Map<number, string>,
): Record<string, number> {
	const kinds: Record<string, number> = {};
	for (const call of calls) {
		if (call.fault === undefined) continue;
		const ruleId = /^rule (\d+):/.exec(call.fault)?.[1];
		const kind =
			call.fault === 'capacity'
				? '429 over capacity (Retry-After 1 s)'
				: (ruleNames.get(Number(ruleId)) ?? call.fault);
		kinds[kind] = (kinds[kind] ?? 0) + 1;
	}
	return kinds;
}
