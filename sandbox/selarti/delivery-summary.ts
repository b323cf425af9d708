import { textParam } from '../shared/body-params';
import type { CallLogEntry } from './call-log';

export interface ExpectedMessage {
	chatId: string;
	message: string;
}

export interface DeliverySummary {
	expected: number;
	/** Accepted send_message_external calls, duplicates included. */
	accepted: number;
	/** Expected messages accepted at least once. */
	deliveredUnique: number;
	/** Accepted copies beyond the expected number of each message. */
	duplicates: number;
	missing: number;
	missingMessages: ExpectedMessage[];
	/** Accepted messages that were not expected at all. */
	unexpected: number;
	/** Per chat: messages accepted after a message that was expected later in that chat (only chats with any). */
	outOfOrderPerChat: Record<string, number>;
	outOfOrder: number;
}

/** The accepted sends of a call log, in the order Selarti carried them out. */
export function acceptedSends(calls: CallLogEntry[]): ExpectedMessage[] {
	return calls
		.filter((call) => call.workflow === 'send_message_external' && call.accepted)
		.sort((a, b) => (a.acceptedSeq ?? a.seq) - (b.acceptedSeq ?? b.seq))
		.map((call) => ({
			chatId: textParam(call.body, 'chat_id') ?? '',
			message: textParam(call.body, 'message') ?? '',
		}));
}

const keyOf = (m: ExpectedMessage): string => `${m.chatId}\u0000${m.message}`;

/**
 * Compares what Selarti accepted with what a test sent. `expected` lists each chat's messages in the
 * order they were sent; a message counts as delivered once, later copies as duplicates, and a message
 * accepted after one that was sent later in the same chat as out of order.
 */
export function summariseDeliveries(
	accepted: ExpectedMessage[],
	expected: ExpectedMessage[],
): DeliverySummary {
	const expectedCount = new Map<string, number>();
	const positions = new Map<string, number[]>();
	const chatPosition = new Map<string, number>();
	for (const message of expected) {
		const key = keyOf(message);
		expectedCount.set(key, (expectedCount.get(key) ?? 0) + 1);
		const position = chatPosition.get(message.chatId) ?? 0;
		chatPosition.set(message.chatId, position + 1);
		const list = positions.get(key);
		if (list) list.push(position);
		else positions.set(key, [position]);
	}

	const seenCount = new Map<string, number>();
	const highestPosition = new Map<string, number>();
	const outOfOrderPerChat: Record<string, number> = {};
	let deliveredUnique = 0;
	let duplicates = 0;
	let unexpected = 0;
	for (const message of accepted) {
		const key = keyOf(message);
		const allowed = expectedCount.get(key) ?? 0;
		const seen = seenCount.get(key) ?? 0;
		seenCount.set(key, seen + 1);
		if (allowed === 0) {
			unexpected++;
			continue;
		}
		if (seen >= allowed) {
			duplicates++;
			continue;
		}
		deliveredUnique++;
		const position = (positions.get(key) ?? [])[seen];
		const highest = highestPosition.get(message.chatId) ?? -1;
		if (position < highest) {
			outOfOrderPerChat[message.chatId] = (outOfOrderPerChat[message.chatId] ?? 0) + 1;
		} else {
			highestPosition.set(message.chatId, position);
		}
	}

	const missingMessages: ExpectedMessage[] = [];
	const remaining = new Map(seenCount);
	for (const message of expected) {
		const key = keyOf(message);
		const left = remaining.get(key) ?? 0;
		if (left > 0) remaining.set(key, left - 1);
		else missingMessages.push(message);
	}

	return {
		expected: expected.length,
		accepted: accepted.length,
		deliveredUnique,
		duplicates,
		missing: missingMessages.length,
		missingMessages,
		unexpected,
		outOfOrderPerChat,
		outOfOrder: Object.values(outOfOrderPerChat).reduce((sum, n) => sum + n, 0),
	};
}
