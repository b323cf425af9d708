import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { TriggerHarness, mockPauses } from '../trigger/harness';
import { selartiPayload } from '../../support/selartiPayload';
import { waitingSends } from '../../../nodes/shared/waitingSends/process';
import type { Poster } from '../../../nodes/shared/waitingSends/registry';

/** The Selarti Trigger's webhook with Hand Replies to Waiting Sends, in n8n-core's real webhook context. */

const handingOver = (options: IDataObject = {}) =>
	new TriggerHarness({
		startOn: 'messages',
		messageTypes: ['bot', 'operator'],
		options: { handRepliesToWaitingSends: true, ...options },
	});

/** n8n's resume endpoint, stood in for by a local server that records what the trigger posts. */
let resumeEndpoint: { server: Server; url: string; posted: Map<string, IDataObject[]> };

beforeAll(async () => {
	const posted = new Map<string, IDataObject[]>();
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const list = posted.get(req.url ?? '') ?? [];
			list.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as IDataObject);
			posted.set(req.url ?? '', list);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"resumed"}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	resumeEndpoint = { server, url, posted };
});
afterAll(() => resumeEndpoint.server.close());

/** Every wait a test registers is cancelled after it, so no wait limit outlives the test file. */
const registered: string[] = [];
afterEach(() => {
	for (const url of registered.splice(0)) waitingSends.cancel(url);
});

function waitFor(chat: string) {
	const path = `/webhook-waiting/${randomUUID()}/node?signature=s`;
	const resumeUrl = `${resumeEndpoint.url}${path}`;
	registered.push(resumeUrl);
	const poster: Poster = async () => 500;
	waitingSends.register(
		{
			action: 'register',
			resumeUrl,
			token: 't'.repeat(64),
			waitLimitMs: 5_000,
			handOver: 'resume',
			combineWithinMs: 0,
			conversations: [{ task_id: 'task-1', chat_id: chat }],
		},
		poster,
	);
	waitingSends.recordOutcomes(resumeUrl, [
		{ sent: { task_id: 'task-1', chat_id: chat, message: 'Hi' } },
	]);
	return { posted: () => resumeEndpoint.posted.get(path) ?? [], resumeUrl };
}

const reply = (chat: string, overrides: IDataObject = {}) =>
	selartiPayload({
		task_id: 'task-1',
		external_chat_id: chat,
		message_type: 'bot',
		message_id: `m-${randomUUID()}`,
		message_text: 'AI: Hi',
		...overrides,
	});

const flush = async () => await new Promise((resolve) => setTimeout(resolve, 100));

describe('Selarti Trigger: Hand Replies to Waiting Sends', () => {
	// The harness makes n8n's sleep return at once; the waits' limits need it real.
	beforeAll(() => (mockPauses.real = true));
	afterAll(() => (mockPauses.real = false));

	it('hands a reply a send waits for to it, and starts no execution of its own', async () => {
		const chat = `chat-${randomUUID()}`;
		const { posted } = waitFor(chat);
		const answer = await handingOver().deliver({ body: reply(chat) });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			status: 'accepted',
			message: 'Event received and handed to a waiting send',
		});
		expect(answer.items).toBeUndefined();
		await flush();
		expect(posted()).toHaveLength(1);
		expect((posted()[0].items as IDataObject[])[0]).toMatchObject({
			replied: true,
			reply_text: 'AI: Hi',
			external_chat_id: chat,
		});
	});

	it('the same reply delivered twice is handed over once (the repeated-delivery check applies)', async () => {
		const chat = `chat-${randomUUID()}`;
		waitFor(chat);
		const trigger = handingOver();
		const body = reply(chat);
		await trigger.deliver({ body });
		const { posted: second } = waitFor(chat);
		const again = await trigger.deliver({ body });
		expect(again.body).toMatchObject({ status: 'skipped' });
		await flush();
		expect(second()).toEqual([]);
		expect(waitingSends.isWaitingFor({ task_id: 'task-1', chat_id: chat })).toBe(true);
	});

	it("the user's own message, a reply nobody waits for and a test delivery take the normal path", async () => {
		const chat = `chat-${randomUUID()}`;
		const { posted } = waitFor(chat);
		const trigger = handingOver();
		const userEcho = await new TriggerHarness({
			startOn: 'messages',
			messageTypes: [],
			options: { handRepliesToWaitingSends: true },
		}).deliver({ body: reply(chat, { message_type: 'user' }) });
		expect(userEcho.items).toHaveLength(1);
		const otherChat = await trigger.deliver({ body: reply(`other-${randomUUID()}`) });
		expect(otherChat.items).toHaveLength(1);
		const test = await trigger.deliver({ body: reply(chat), mode: 'manual' });
		expect(test.items).toHaveLength(1);
		await flush();
		expect(posted()).toEqual([]);
	});

	it('with Also Start This Workflow With Handed Replies, the reply goes to the send and starts the workflow', async () => {
		const chat = `chat-${randomUUID()}`;
		const { posted } = waitFor(chat);
		const answer = await handingOver({ alsoStartWithHandedReplies: true }).deliver({
			body: reply(chat),
		});
		expect(answer.items).toEqual([
			expect.objectContaining({ external_chat_id: chat, message_text: 'AI: Hi' }),
		]);
		await flush();
		expect(posted()).toHaveLength(1);
	});

	it('without the option, replies are never handed over', async () => {
		const chat = `chat-${randomUUID()}`;
		const { posted } = waitFor(chat);
		const answer = await new TriggerHarness({
			startOn: 'messages',
			messageTypes: ['bot'],
			options: {},
		}).deliver({
			body: reply(chat),
		});
		expect(answer.items).toHaveLength(1);
		await flush();
		expect(posted()).toEqual([]);
	});
});
