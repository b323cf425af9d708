import {
	BUBBLE_ID_PATTERN,
	createSelartiSandbox,
	DEFAULT_TASK_ID,
	DEFAULT_TOKEN,
	WEBHOOK_FIELDS,
	type SelartiSandbox,
} from '../../../sandbox';
import { bearer, postJson, startReceiver, type Receiver } from './helpers';

describe('Selarti sandbox: "All messages" webhooks', () => {
	let sandbox: SelartiSandbox;
	let receiver: Receiver;
	const send = (chatId: string, message: string) =>
		postJson(
			`${sandbox.url}/api/1.1/wf/send_message_external`,
			{ task_id: DEFAULT_TASK_ID, chat_id: chatId, message },
			bearer(DEFAULT_TOKEN),
		);
	const idle = async () => expect(await sandbox.control.waitForIdle(5000)).toBe(true);

	beforeAll(async () => {
		sandbox = await createSelartiSandbox();
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});
	beforeEach(async () => {
		await sandbox.control.reset();
		await sandbox.control.addWebhook(DEFAULT_TASK_ID, `${receiver.url}/webhook/selarti`);
		receiver.received.length = 0;
		receiver.answerWith(() => 200);
	});

	it('posts the user message, then the AI answer, with the 20 seed fields', async () => {
		expect((await send('42', 'Hello there')).status).toBe(200);
		await idle();
		expect(receiver.received).toHaveLength(2);
		const [user, bot] = receiver.received.map((r) => r.params);
		expect(receiver.received[0].path).toBe('/webhook/selarti');
		expect(receiver.received[0].headers['content-type']).toBe('application/json');
		for (const payload of [user, bot]) {
			expect(Object.keys(payload).sort()).toEqual([...WEBHOOK_FIELDS].sort());
			expect(payload).toMatchObject({
				task_id: DEFAULT_TASK_ID,
				external_chat_id: '42',
				wh_type: 'all_messages',
				close: 'no',
				get_contact: 'no',
				interest: 'no',
				is_bot: 'no',
				operator: 'no',
				success: 'no',
				title: 'Sandbox User 42',
				contacts: '',
			});
			expect(payload.message_id).toMatch(BUBBLE_ID_PATTERN);
			expect(payload.thread_id).toMatch(BUBBLE_ID_PATTERN);
			for (const id of ['company_id', 'channel_id', 'manager_id'])
				expect(payload[id]).toMatch(BUBBLE_ID_PATTERN);
			expect(payload.panel_url).toBe(`${sandbox.url}/panel/dialogs/${String(payload.thread_id)}`);
			expect(payload.share_url).toBe(`${sandbox.url}/share/${String(payload.thread_id)}`);
		}
		expect(user).toMatchObject({ message_type: 'user', message_text: 'Hello there' });
		expect(bot).toMatchObject({ message_type: 'bot', message_text: 'AI: Hello there' });
		expect(user.message_id).not.toBe(bot.message_id);
		expect(user.thread_id).toBe(bot.thread_id);
	});

	it('keeps thread_id per chat, makes fresh message_ids, and keeps each chat in order', async () => {
		await Promise.all([send('1', 'a1'), send('2', 'b1')]);
		await send('1', 'a2');
		await idle();
		const byChat = (chat: string) =>
			receiver.received.map((r) => r.params).filter((p) => p.external_chat_id === chat);
		expect(byChat('1').map((p) => `${String(p.message_type)}:${String(p.message_text)}`)).toEqual([
			'user:a1',
			'bot:AI: a1',
			'user:a2',
			'bot:AI: a2',
		]);
		expect(new Set(byChat('1').map((p) => p.thread_id)).size).toBe(1);
		expect(byChat('2')[0].thread_id).not.toBe(byChat('1')[0].thread_id);
		expect(new Set(receiver.received.map((r) => r.params.message_id)).size).toBe(6);
	});

	it('answers the API call before delivering (delivery is asynchronous)', async () => {
		await sandbox.control.setOptions({ replyDelayMs: 100 });
		await send('7', 'quick');
		expect(receiver.received.filter((r) => r.params.message_type === 'bot')).toHaveLength(0);
		await idle();
		expect(receiver.received).toHaveLength(2);
	});

	it('can send booleans as true/false and bodies form-encoded', async () => {
		await sandbox.control.setOptions({ booleans: 'bool' });
		await send('5', 'my phone is +1 555 123 4567, what is the price?');
		await idle();
		expect(receiver.received[0].params).toMatchObject({
			get_contact: true,
			interest: true,
			success: true,
			close: false,
			contacts: '+1 555 123 4567',
		});

		receiver.received.length = 0;
		await sandbox.control.setOptions({ webhookEncoding: 'form', booleans: 'yesno' });
		await send('5', 'bye');
		await idle();
		expect(receiver.received[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(new URLSearchParams(receiver.received[0].raw).get('close')).toBe('yes');
		expect(receiver.received[0].params).toMatchObject({
			message_text: 'bye',
			get_contact: 'yes',
			external_chat_id: '5',
		});
	});

	it('delivers every webhook twice with the same message_id when duplicateWebhooks is on', async () => {
		await sandbox.control.setOptions({ duplicateWebhooks: true });
		await send('9', 'twice');
		await idle();
		const types = receiver.received.map((r) => r.params.message_type);
		expect(types).toEqual(['user', 'user', 'bot', 'bot']);
		expect(receiver.received[0].params.message_id).toBe(receiver.received[1].params.message_id);
		const deliveries = await sandbox.control.deliveries({ chatId: '9' });
		expect(deliveries.map((d) => d.copy)).toEqual([1, 2, 1, 2]);
	});

	it('logs the receiver status, does not retry by default, retries 5xx when configured', async () => {
		receiver.answerWith((_request, index) => (index === 0 ? 503 : 200));
		await send('3', 'x');
		await idle();
		expect((await sandbox.control.deliveries()).map((d) => d.status)).toEqual([503, 200]);
		expect(receiver.received).toHaveLength(2);

		await sandbox.control.reset();
		await sandbox.control.addWebhook(DEFAULT_TASK_ID, `${receiver.url}/webhook/selarti`);
		await sandbox.control.setOptions({ webhookRetries: 2, webhookRetryDelayMs: 5 });
		receiver.received.length = 0;
		receiver.answerWith((_request, index) => (index < 2 ? 500 : 200));
		await send('3', 'y');
		await idle();
		const deliveries = await sandbox.control.deliveries();
		expect(deliveries.map((d) => [d.messageType, d.attempt, d.status])).toEqual([
			['user', 1, 500],
			['user', 2, 500],
			['user', 3, 200],
			['bot', 1, 200],
		]);
		expect(await sandbox.control.stats()).toMatchObject({
			deliveryAttempts: 4,
			deliveryFailures: 2,
		});
	});

	it('records a receiver that is down as status 0 with the error', async () => {
		await sandbox.control.removeWebhooks(DEFAULT_TASK_ID);
		await sandbox.control.addWebhook(DEFAULT_TASK_ID, 'http://127.0.0.1:9/closed');
		await send('4', 'nobody listens');
		await idle();
		const [first] = await sandbox.control.deliveries();
		expect(first.status).toBe(0);
		expect(first.error).toBeTruthy();
	});

	it('posts operator messages and feeds every webhook URL of a task, tasks added at run time included', async () => {
		const task = await sandbox.control.addTask({
			webhookUrls: [`${receiver.url}/a`, `${receiver.url}/b`],
		});
		expect(task.id).toMatch(BUBBLE_ID_PATTERN);
		await sandbox.control.sendOperatorMessage(task.id, '77', 'A human here');
		await idle();
		expect(receiver.received.map((r) => r.path).sort()).toEqual(['/a', '/b']);
		expect(receiver.received[0].params).toMatchObject({
			message_type: 'operator',
			message_text: 'A human here',
			task_id: task.id,
		});
	});

	it('resets to the seed, or keeps the tasks and their webhooks with keepTasks', async () => {
		const added = await sandbox.control.addTask({ webhookUrls: [`${receiver.url}/extra`] });
		await sandbox.control.reset({ keepTasks: true });
		expect((await sandbox.control.listTasks()).map((t) => t.id)).toEqual([
			DEFAULT_TASK_ID,
			added.id,
		]);
		expect((await sandbox.control.listTasks())[0].webhookUrls).toEqual([
			`${receiver.url}/webhook/selarti`,
		]);
		await sandbox.control.reset();
		expect(await sandbox.control.listTasks()).toEqual([
			expect.objectContaining({ id: DEFAULT_TASK_ID, webhookUrls: [] }),
		]);
	});

	it("panel_url and share_url open a page of the dialog: its messages and its AI's tags; an unknown thread is a 404 page", async () => {
		await send('77', 'I want to buy <b>two</b>, call me at +7 999 123-45-67');
		await idle();
		const [user] = receiver.received.map((r) => r.params);
		for (const url of [String(user.panel_url), String(user.share_url)]) {
			const page = await fetch(url);
			expect([url, page.status, page.headers.get('content-type')]).toEqual([
				url,
				200,
				'text/html; charset=utf-8',
			]);
			const html = await page.text();
			expect(html).toContain('<h1>Sandbox User 77</h1>');
			expect(html).toContain('I want to buy &lt;b&gt;two&lt;/b&gt;, call me at +7 999 123-45-67');
			expect(html).toContain('AI: I want to buy');
			expect(html).toContain('Tags: contact received, interest shown, successful.');
		}
		const unknown = await fetch(`${sandbox.url}/panel/dialogs/no-such-thread`);
		expect(unknown.status).toBe(404);
		expect(await unknown.text()).toContain('No dialog no-such-thread');
	});
});
