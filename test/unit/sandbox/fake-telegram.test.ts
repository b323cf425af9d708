import {
	createFakeTelegram,
	createFakeTelegramControlClient,
	type FakeTelegram,
} from '../../../sandbox';
import { postJson, startReceiver, type Receiver } from './helpers';

/** The calls n8n's Telegram Trigger (activation) and Telegram node (send) make, as n8n 2.40.7 makes them. */
describe('fake Telegram Bot API', () => {
	const token = '123456789:AAFakeTokenForSandbox_-x';
	let fake: FakeTelegram;
	let receiver: Receiver;
	const api = (method: string) => `${fake.url}/bot${token}/${method}`;

	beforeAll(async () => {
		fake = await createFakeTelegram();
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await fake.close();
		await receiver.close();
	});
	beforeEach(async () => {
		await fake.control.reset({ webhooks: true });
		receiver.received.length = 0;
		receiver.answerWith(() => 200);
	});

	it('answers getMe (credential test) and 401 for a malformed token', async () => {
		const me = await fetch(api('getMe')).then((r) => r.json());
		expect(me).toEqual({
			ok: true,
			result: expect.objectContaining({
				id: 123456789,
				is_bot: true,
				username: 'sandbox_123456789_bot',
			}),
		});
		const bad = await fetch(`${fake.url}/botnot-a-token/getMe`);
		expect(bad.status).toBe(401);
		expect(await bad.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
		expect((await fetch(api('noSuchMethod'))).status).toBe(404);
	});

	it('registers a webhook like the trigger does and reports it in getWebhookInfo', async () => {
		const emptyInfo = await postJson(api('getWebhookInfo'), '');
		expect(emptyInfo.json).toEqual({
			ok: true,
			result: { url: '', has_custom_certificate: false, pending_update_count: 0 },
		});
		const set = await postJson(api('setWebhook'), {
			url: `${receiver.url}/webhook/abc/webhook`,
			allowed_updates: ['message', 'callback_query'],
			secret_token: 'wf1_node-2',
			drop_pending_updates: true,
		});
		expect(set.json).toEqual({ ok: true, result: true, description: 'Webhook was set' });
		const info = await postJson(api('getWebhookInfo'), '');
		expect(info.json).toMatchObject({
			ok: true,
			result: {
				url: `${receiver.url}/webhook/abc/webhook`,
				allowed_updates: ['message', 'callback_query'],
			},
		});
		expect(await fake.control.webhooks()).toEqual([
			expect.objectContaining({
				botId: 123456789,
				hasSecretToken: true,
				url: `${receiver.url}/webhook/abc/webhook`,
			}),
		]);
		const badSecret = await postJson(api('setWebhook'), {
			url: receiver.url,
			secret_token: 'has spaces',
		});
		expect(badSecret.status).toBe(400);
		const deleted = await postJson(api('deleteWebhook'), '');
		expect(deleted.json).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
		expect(await fake.control.webhooks()).toEqual([]);
	});

	it('posts a user update to the webhook with the secret token header', async () => {
		await postJson(api('setWebhook'), { url: `${receiver.url}/hook`, secret_token: 'secret_1' });
		const result = await fake.control.postUpdate({ chatId: 42, text: 'Hello bot' });
		expect(result).toMatchObject({ delivered: true, status: 200 });
		expect(receiver.received).toHaveLength(1);
		const [request] = receiver.received;
		expect(request.headers['x-telegram-bot-api-secret-token']).toBe('secret_1');
		expect(request.params).toMatchObject({
			update_id: result.update.update_id,
			message: {
				text: 'Hello bot',
				chat: { id: 42, type: 'private' },
				from: { id: 42, is_bot: false },
			},
		});
		receiver.answerWith(() => 403);
		expect(await fake.control.postUpdate({ chatId: '42', text: 'again' })).toMatchObject({
			delivered: false,
			status: 403,
		});
		const info = await postJson(api('getWebhookInfo'), '');
		expect(info.json).toMatchObject({
			result: { last_error_message: expect.stringContaining('403') },
		});
	});

	it('records sendMessage calls (JSON, form or query) and answers with a Message', async () => {
		const sent = await postJson(api('sendMessage'), {
			chat_id: '42',
			text: 'AI: hi',
			parse_mode: 'Markdown',
		});
		expect(sent.json).toMatchObject({
			ok: true,
			result: { message_id: 1, chat: { id: 42 }, text: 'AI: hi', from: { is_bot: true } },
		});
		await fetch(api('sendMessage'), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'chat_id=7&text=form',
		});
		await fetch(`${api('sendMessage')}?chat_id=8&text=query`);
		const missing = await postJson(api('sendMessage'), { chat_id: '42' });
		expect(missing.json).toEqual({
			ok: false,
			error_code: 400,
			description: 'Bad Request: message text is empty',
		});

		const messages = await fake.control.sentMessages();
		expect(messages.map((m) => [m.chatId, m.text])).toEqual([
			['42', 'AI: hi'],
			['7', 'form'],
			['8', 'query'],
		]);
		expect(messages[0]).toMatchObject({
			parseMode: 'Markdown',
			botId: 123456789,
			method: 'sendMessage',
		});
		expect(await fake.control.sentMessages({ chatId: 42 })).toHaveLength(1);
	});

	it('keeps updates for getUpdates while no webhook is set, and refuses getUpdates while one is', async () => {
		await fetch(api('getMe'));
		expect(await fake.control.postUpdate({ chatId: 5, text: 'queued' })).toMatchObject({
			delivered: false,
		});
		const updates = await postJson(api('getUpdates'), '');
		expect(updates.json).toMatchObject({
			ok: true,
			result: [{ message: { text: 'queued', chat: { id: 5 } } }],
		});
		await postJson(api('setWebhook'), { url: receiver.url });
		expect((await fetch(api('getUpdates'))).status).toBe(409);
	});

	it('offers the same control over HTTP, including waiting for sent messages', async () => {
		const client = createFakeTelegramControlClient(fake.url);
		await postJson(api('setWebhook'), { url: `${receiver.url}/hook`, secret_token: 's' });
		const posted = await client.postUpdate({ chatId: 9, text: 'via http' });
		expect(posted.delivered).toBe(true);
		const waiting = client.waitForSent(1, { chatId: 9, timeoutMs: 2000 });
		setTimeout(() => void postJson(api('sendMessage'), { chat_id: 9, text: 'reply' }), 50);
		expect((await waiting).map((m) => m.text)).toEqual(['reply']);
		await expect(client.waitForSent(2, { chatId: 9, timeoutMs: 50 })).rejects.toThrow(
			'expected 2 sent message(s), got 1',
		);
		expect((await client.calls()).map((c) => c.method)).toEqual(['setWebhook', 'sendMessage']);
		expect(await client.updateDeliveries()).toHaveLength(1);

		await client.reset();
		expect(await client.sentMessages()).toEqual([]);
		expect(await client.webhooks()).toHaveLength(1);
		await client.reset({ webhooks: true });
		expect(await client.webhooks()).toEqual([]);
	});
});
