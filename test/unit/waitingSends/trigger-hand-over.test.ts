import { createHmac, randomUUID } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { TriggerHarness, mockPauses } from '../../support/n8n/triggerHarness';
import { startReplyReceiver, type ReplyReceiver } from '../../../harness/replyReceiver';
import { selartiPayload } from '../../../harness/selartiPayload';
import { waitFor as pollUntil } from '../../../harness/wait';
import { credentialKeys } from '../../../nodes/shared/credentialKeys';
import { givenBackMark, sealRequest } from '../../../nodes/shared/waitingSends/messages';
import { waitingSends } from '../../../nodes/shared/waitingSends/registry';

/** The Selarti Trigger's part in Send and Wait for Reply, in n8n-core's real webhook and hook contexts. */

const TOKEN = 'token-of-this-account';
const credentials = {
	authentication: 'accessToken',
	accessToken: TOKEN,
	webhookSecret: 'webhook-secret-of-this-account',
};
const key = credentialKeys(credentials)!.wait;

const trigger = (
	options: IDataObject = {},
	withCredentials: ICredentialDataDecryptedObject | null = credentials,
) =>
	new TriggerHarness(
		{ startOn: 'messages', messageTypes: ['bot', 'operator'], options: options as INodeParameters },
		{ credentials: withCredentials },
	);

const reply = (chat: string, overrides: IDataObject = {}) =>
	selartiPayload({
		task_id: 'task-1',
		external_chat_id: chat,
		message_type: 'bot',
		message_id: `m-${randomUUID()}`,
		message_text: 'AI: Hi',
		...overrides,
	});

/** n8n's production webhook of the trigger itself, stood in for by a server that records what is posted to it. */
let ownUrl: ReplyReceiver;

beforeAll(async () => {
	mockPauses.real = true;
	ownUrl = await startReplyReceiver();
});
afterAll(async () => {
	mockPauses.real = false;
	await ownUrl.close();
});

const opened: string[] = [];
afterEach(() => {
	for (const waitId of opened.splice(0)) waitingSends.cancel(key.id, waitId);
	ownUrl.requests.length = 0;
});

/** A send of this credential waits for the chat. */
function waitFor(chat: string) {
	const waitId = randomUUID();
	opened.push(waitId);
	waitingSends.heard('task-1', { keyId: key.id, handsReplies: true, name: 'the trigger' });
	const answer = waitingSends.open(
		key.id,
		{
			waitId,
			conversations: [{ task_id: 'task-1', chat_id: chat }],
			waitLimitMs: 5_000,
			combineWithinMs: 0,
		},
		false,
	);
	expect(answer).toEqual({ status: 'open' });
	return {
		waitId,
		collect: async () => await waitingSends.collect(key.id, waitId, [true], 100),
	};
}

describe('Selarti Trigger: Hand Replies to Waiting Sends (on by default)', () => {
	it('hands a reply a send of its credential waits for to it, and starts no execution of its own', async () => {
		const chat = `chat-${randomUUID()}`;
		const { collect } = waitFor(chat);
		const answer = await trigger().deliver({ body: reply(chat) });
		expect(answer.body).toEqual({
			status: 'accepted',
			message: 'Event received and handed to a waiting send',
		});
		expect(answer.items).toBeUndefined();
		expect(await collect()).toMatchObject({
			status: 'ready',
			replies: [[expect.objectContaining({ message_text: 'AI: Hi', external_chat_id: chat })]],
		});
	});

	it('the same reply delivered twice is handed over once (the repeated-delivery check applies)', async () => {
		const chat = `chat-${randomUUID()}`;
		waitFor(chat);
		const harness = trigger();
		const body = reply(chat);
		await harness.deliver({ body });
		waitFor(chat);
		const again = await harness.deliver({ body });
		expect(again.body).toMatchObject({ status: 'skipped' });
		expect(waitingSends.isWaitingFor(key.id, { task_id: 'task-1', chat_id: chat })).toBe(true);
	});

	it("the user's own message, a reply nobody waits for and a test delivery take the normal path", async () => {
		const chat = `chat-${randomUUID()}`;
		waitFor(chat);
		const userEcho = await trigger().deliver({ body: reply(chat, { message_type: 'user' }) });
		expect(userEcho.body).toMatchObject({ status: 'skipped' });
		const otherChat = await trigger().deliver({ body: reply(`other-${randomUUID()}`) });
		expect(otherChat.items).toHaveLength(1);
		const test = await trigger().deliver({ body: reply(chat), mode: 'manual' });
		expect(test.items).toHaveLength(1);
		expect(waitingSends.isWaitingFor(key.id, { task_id: 'task-1', chat_id: chat })).toBe(true);
	});

	it('with Also Start This Workflow With Handed Replies, the reply goes to the send and starts the workflow', async () => {
		const chat = `chat-${randomUUID()}`;
		const { collect } = waitFor(chat);
		const answer = await trigger({ alsoStartWithHandedReplies: true }).deliver({
			body: reply(chat),
		});
		expect(answer.items).toEqual([expect.objectContaining({ external_chat_id: chat })]);
		expect(await collect()).toMatchObject({ status: 'ready' });
	});

	it('switched off, or with another credential, a trigger never hands replies over; without one it takes nothing', async () => {
		const chat = `chat-${randomUUID()}`;
		waitFor(chat);
		const other = {
			authentication: 'accessToken',
			accessToken: 'another-account',
			webhookSecret: 'webhook-secret-of-another-account',
		};
		for (const harness of [trigger({ handRepliesToWaitingSends: false }), trigger({}, other)]) {
			expect((await harness.deliver({ body: reply(chat) })).items).toHaveLength(1);
		}
		expect(await trigger({}, null).deliver({ body: reply(chat), query: {} })).toMatchObject({
			status: 401,
			items: undefined,
		});
		expect(waitingSends.isWaitingFor(key.id, { task_id: 'task-1', chat_id: chat })).toBe(true);
	});
});

describe('Selarti Trigger: replies a wait gives back', () => {
	it('a cancelled wait posts its replies to the trigger, marked; there they start the workflow once', async () => {
		const chat = `chat-${randomUUID()}`;
		const { waitId } = waitFor(chat);
		const harness = trigger();
		harness.webhookBaseUrl = ownUrl.url;
		const body = reply(chat);
		await harness.deliver({ body });
		waitingSends.cancel(key.id, waitId);
		// The give-back is an HTTP post: under load it arrives after any fixed pause.
		await pollUntil('the reply posted back to the trigger', () => ownUrl.requests.length > 0, {
			timeoutMs: 10_000,
			intervalMs: 10,
		});
		expect(ownUrl.requests).toHaveLength(1);
		const [givenBack] = ownUrl.requests;
		expect(givenBack.body).toMatchObject({ message_id: body.message_id, external_chat_id: chat });
		const again = await harness.deliver({
			body: givenBack.body as IDataObject,
			headers: { 'x-selarti-given-back': String(givenBack.headers['x-selarti-given-back']) },
		});
		expect(again.items).toEqual([expect.objectContaining({ message_id: body.message_id })]);
	});

	it("a mark forged with n8n's instance id, or an old one, gives an outsider nothing: the reply is a new delivery", async () => {
		const chat = `chat-${randomUUID()}`;
		const harness = trigger();
		const body = reply(chat);
		const instanceId = createHmac('sha256', 'instance').update('returned').digest('hex');
		for (const mark of [
			instanceId,
			givenBackMark(key, String(body.message_id), Date.now() - 120_000),
		]) {
			const { collect } = waitFor(chat);
			const answer = await harness.deliver({ body, headers: { 'x-selarti-given-back': mark } });
			expect(answer.body).toMatchObject({
				status: mark === instanceId ? 'accepted' : 'skipped',
			});
			if (mark === instanceId) expect(await collect()).toMatchObject({ status: 'ready' });
		}
	});
});

describe('Selarti Trigger: activation', () => {
	it('without a credential, or without a Webhook Secret in it, activation fails and says what to add', async () => {
		await expect(trigger({}, null).activate()).rejects.toThrow(
			'Select a Selarti API credential in the Selarti Trigger',
		);
		await expect(
			trigger({}, { ...credentials, webhookSecret: 'short' }).activate(),
		).rejects.toThrow(
			'The Selarti API credential of the Selarti Trigger has no Webhook Secret (at least 16 characters): add one, and add ?secret= and it to the URL in Selarti',
		);
		expect(waitingSends.hasReceivers()).toBe(false);
	});

	it('an active trigger makes sends of this process wait in memory; the editor listening does not', async () => {
		const listening = trigger();
		await listening.activate(true, 'manual');
		expect(waitingSends.hasReceivers()).toBe(false);
		const active = trigger();
		await active.activate();
		expect(waitingSends.hasReceivers()).toBe(true);
		await active.activate(false);
		expect(waitingSends.hasReceivers()).toBe(false);
	});
});

describe('Selarti Trigger: the fixed path for queue-mode workers', () => {
	const holding = () => trigger({ holdWaitsOfQueueWorkers: true });
	const open = (waitId = randomUUID()) => ({
		action: 'open' as const,
		waitId,
		conversations: [{ task_id: 'task-1', chat_id: 'chat-1' }],
		waitLimitMs: 1000,
		combineWithinMs: 0,
	});

	it('answers a signed request with a signed answer', async () => {
		const { envelope } = sealRequest(key, open(), Date.now());
		const answer = await holding().deliver({ webhook: 'setup', body: envelope });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			payload: expect.any(String),
			signature: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(JSON.parse((answer.body as { payload: string }).payload)).toMatchObject({
			status: 'open',
		});
		opened.push(JSON.parse(envelope.payload).waitId);
	});

	it("refuses what n8n's instance id signs, a replay, and everything while switched off", async () => {
		const payload = JSON.stringify({ ...open(), issuedAt: Date.now(), nonce: randomUUID() });
		const forged = {
			key: key.id,
			payload,
			signature: createHmac('sha256', 'instance-id').update(payload).digest('hex'),
		};
		expect((await holding().deliver({ webhook: 'setup', body: forged })).status).toBe(403);
		const { envelope } = sealRequest(key, { action: 'cancel', waitId: randomUUID() }, Date.now());
		expect((await holding().deliver({ webhook: 'setup', body: envelope })).status).toBe(200);
		expect((await holding().deliver({ webhook: 'setup', body: envelope })).status).toBe(403);
		const fresh = sealRequest(key, open(), Date.now()).envelope;
		expect((await trigger().deliver({ webhook: 'setup', body: fresh })).status).toBe(404);
	});
});
