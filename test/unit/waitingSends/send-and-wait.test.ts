import { sleep, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { fakeSelartiPerTest, bubbleError, success } from '../action/support/fakeSelarti';
import { selartiContext, sendParameters, tokenCredentials } from '../action/support/n8nHarness';
import { setReceiver, waitingSends } from '../../../nodes/shared/waitingSends/process';
import { WAITING_SENDS_PATH } from '../../../nodes/shared/waitingSends/protocol';

/**
 * Send and Wait for Reply run by n8n-core's real execution context against a fake Selarti, with a Selarti Trigger
 * of this process receiving replies (the in-memory path), or none (the fixed path, here a fake n8n webhook server).
 */

const serve = fakeSelartiPerTest();

const waitParameters = (extra: IDataObject = {}) =>
	sendParameters({ operation: 'sendAndWait', waitLimit: 2, combineRepliesWithin: 0, ...extra });

const conversation = (chat: string) => ({ task_id: 'task-1', chat_id: chat });

async function run(
	baseUrl: string,
	items: IDataObject[],
	options: { continueOnFail?: boolean } = {},
) {
	const { selarti, context } = selartiContext({
		parameters: waitParameters(),
		items,
		credentials: tokenCredentials(baseUrl),
		continueOnFail: options.continueOnFail,
	});
	const output = (await selarti.execute?.call(context)) as INodeExecutionData[][];
	const runData = (context as unknown as { runExecutionData: { waitTill?: Date } })
		.runExecutionData;
	const resumeUrl = context.getSignedResumeUrl();
	return { output: output[0], waitTill: runData.waitTill, resumeUrl };
}

describe('Send and Wait for Reply, with a Selarti Trigger in this n8n process', () => {
	beforeEach(() => setReceiver('workflow/trigger', true));
	afterEach(() => {
		setReceiver('workflow/trigger', false);
		jest.restoreAllMocks();
	});

	it('registers the wait before the first call, sends, and puts the execution to wait past the limit', async () => {
		const waitingDuringCall: boolean[] = [];
		const selarti = await serve(() => {
			waitingDuringCall.push(waitingSends.isWaitingFor(conversation('chat-1')));
			return success();
		});
		const before = Date.now();
		const { output, waitTill, resumeUrl } = await run(selarti.baseUrl, [
			{ taskId: 'task-1', chatId: 'chat-1', text: 'Hello' },
		]);
		expect(waitingDuringCall).toEqual([true]);
		expect(waitTill).toBeInstanceOf(Date);
		expect((waitTill as Date).getTime()).toBeGreaterThanOrEqual(before + 2_000);
		// What the node outputs if nothing resumes it: the item, unreplied.
		expect(output).toEqual([
			{
				json: {
					replied: false,
					reply_text: null,
					replies: [],
					sent: {
						task_id: 'task-1',
						chat_id: 'chat-1',
						message: 'Hello',
						response: { status: 'success', response: {} },
					},
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(waitingSends.cancel(resumeUrl)).toBe(true);
	});

	it('a failed send (Continue On Fail) is reported as its error item; the others still wait', async () => {
		const selarti = await serve((call) =>
			(call.body as IDataObject).chat_id === 'chat-2'
				? bubbleError(400, 'MISSING_DATA', 'Bad chat')
				: success(),
		);
		const { output, waitTill, resumeUrl } = await run(
			selarti.baseUrl,
			[
				{ taskId: 'task-1', chatId: 'chat-1', text: 'one' },
				{ taskId: 'task-1', chatId: 'chat-2', text: 'two' },
			],
			{ continueOnFail: true },
		);
		expect(waitTill).toBeInstanceOf(Date);
		expect(output.map((item) => item.json.error === undefined)).toEqual([true, false]);
		expect(waitingSends.isWaitingFor(conversation('chat-1'))).toBe(true);
		expect(waitingSends.isWaitingFor(conversation('chat-2'))).toBe(false);
		waitingSends.cancel(resumeUrl);
	});

	it('when nothing could be sent, the execution does not wait and the wait is gone', async () => {
		const selarti = await serve(() => bubbleError(400, 'MISSING_DATA', 'Bad chat'));
		const { output, waitTill } = await run(
			selarti.baseUrl,
			[{ taskId: 'task-1', chatId: 'chat-9', text: 'one' }],
			{ continueOnFail: true },
		);
		expect(waitTill).toBeUndefined();
		expect(output[0].json.error).toBeDefined();
		expect(waitingSends.isWaitingFor(conversation('chat-9'))).toBe(false);
		expect(waitingSends.size).toBe(0);
	});

	it('a send that fails for good stops the node, and the wait is cancelled', async () => {
		const selarti = await serve(() => bubbleError(400, 'MISSING_DATA', 'Bad chat'));
		await expect(
			run(selarti.baseUrl, [{ taskId: 'task-1', chatId: 'chat-8', text: 'one' }]),
		).rejects.toThrow();
		expect(waitingSends.isWaitingFor(conversation('chat-8'))).toBe(false);
		expect(waitingSends.size).toBe(0);
	});
});

describe('Send and Wait for Reply, with no Selarti Trigger in this process (queue mode worker)', () => {
	it("registers at the trigger's fixed path, signed; without a trigger there, the error says what to turn on", async () => {
		const n8nWebhooks = await serve(() => ({
			status: 404,
			body: {
				code: 404,
				message: `The requested webhook "POST ${WAITING_SENDS_PATH}" is not registered.`,
			},
		}));
		const { selarti, context } = selartiContext({
			parameters: waitParameters(),
			items: [{ taskId: 'task-1', chatId: 'chat-1', text: 'Hello' }],
			credentials: tokenCredentials(n8nWebhooks.baseUrl),
		});
		jest
			.spyOn(context, 'getSignedResumeUrl')
			.mockReturnValue(
				`${n8nWebhooks.baseUrl}/webhook-waiting/test-execution/selarti-node?signature=s`,
			);
		const error = await selarti.execute?.call(context).catch((failure: Error) => failure);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe('No Selarti Trigger receives replies for waiting sends');
		expect((error as { description?: string }).description).toMatch(
			/Hand Replies to Waiting Sends/,
		);
		expect(n8nWebhooks.calls.map((call) => call.path)).toEqual([`/webhook/${WAITING_SENDS_PATH}`]);
		const body = n8nWebhooks.calls[0].body as { payload: string; signature: string };
		expect(JSON.parse(body.payload)).toMatchObject({
			action: 'register',
			conversations: [{ task_id: 'task-1', chat_id: 'chat-1' }],
			waitLimitMs: 2_000,
			combineWithinMs: 0,
		});
		expect(body.signature).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('Send and Wait for Reply that keeps its execution running (AI Agent tool, On No Reply → Stop With an Error)', () => {
	beforeEach(() => setReceiver('workflow/trigger', true));
	afterEach(() => setReceiver('workflow/trigger', false));

	const aiReply = (chat: string, text: string): IDataObject => ({
		task_id: 'task-1',
		external_chat_id: chat,
		message_type: 'bot',
		message_text: text,
	});

	/** Offers the AI's reply once the send's wait for the chat is registered, as the trigger would. */
	async function replyWhenWaiting(chat: string, text: string): Promise<void> {
		while (!waitingSends.isWaitingFor(conversation(chat))) await sleep(5);
		const taken = waitingSends.offer(
			conversation(chat),
			{ json: aiReply(chat, text), giveBack: async () => undefined },
			async () => 200,
		);
		expect(taken).toBe(true);
	}

	function start(
		baseUrl: string,
		chat: string,
		extra: { nodeType?: string; parameters?: IDataObject; continueOnFail?: boolean } = {},
	) {
		const { selarti, context } = selartiContext({
			parameters: waitParameters(extra.parameters),
			items: [{ taskId: 'task-1', chatId: chat, text: `Question in ${chat}` }],
			credentials: tokenCredentials(baseUrl),
			nodeType: extra.nodeType,
			continueOnFail: extra.continueOnFail,
		});
		const runData = (context as unknown as { runExecutionData: { waitTill?: Date } })
			.runExecutionData;
		const output = (selarti.execute?.call(context) as Promise<INodeExecutionData[][]>).then(
			(result) => ({ items: result[0], waitTill: runData.waitTill }),
		);
		return output;
	}

	it("as an AI Agent tool, outputs the reply in the tool's own call, without putting the execution to wait", async () => {
		const selarti = await serve(() => success());
		const run = start(selarti.baseUrl, 'chat-tool', { nodeType: 'n8n-nodes-selarti.selartiTool' });
		await replyWhenWaiting('chat-tool', 'AI: Hello from the tool');
		const { items, waitTill } = await run;
		expect(waitTill).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			replied: true,
			reply_text: 'AI: Hello from the tool',
			message_type: 'bot',
			sent: { task_id: 'task-1', chat_id: 'chat-tool', message: 'Question in chat-tool' },
		});
		expect(waitingSends.size).toBe(0);
	});

	it('two calls of one tool at once on one chat get a reply each, oldest first', async () => {
		const selarti = await serve(() => success());
		const tool = { nodeType: 'n8n-nodes-selarti.selartiTool' };
		const first = start(selarti.baseUrl, 'chat-twice', tool);
		await replyWhenWaiting('chat-twice', 'AI: first');
		const second = start(selarti.baseUrl, 'chat-twice', tool);
		// The first wait is closed by its reply (Combine Replies Within 0), so the next reply is the second's.
		await replyWhenWaiting('chat-twice', 'AI: second');
		expect((await first).items[0].json.reply_text).toBe('AI: first');
		expect((await second).items[0].json.reply_text).toBe('AI: second');
	});

	it('On No Reply → Stop With an Error: a reply within the limit is output as usual', async () => {
		const selarti = await serve(() => success());
		const run = start(selarti.baseUrl, 'chat-strict', { parameters: { onNoReply: 'error' } });
		await replyWhenWaiting('chat-strict', 'AI: in time');
		const { items, waitTill } = await run;
		expect(waitTill).toBeUndefined();
		expect(items[0].json).toMatchObject({ replied: true, reply_text: 'AI: in time' });
	});

	it('On No Reply → Stop With an Error: no reply by the limit stops the node with an error naming the item and the fix', async () => {
		const selarti = await serve(() => success());
		const error = await start(selarti.baseUrl, 'chat-silent', {
			parameters: { onNoReply: 'error', waitLimit: 1 },
		}).catch((failure: Error) => failure);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe('Item 1: no reply within 1 s');
		expect((error as { description?: string }).description).toMatch(/Raise Wait Limit/);
		expect(waitingSends.size).toBe(0);
	});

	it('On No Reply → Stop With an Error with Continue On Fail: the item goes on as an error item', async () => {
		const selarti = await serve(() => success());
		const { items } = await start(selarti.baseUrl, 'chat-silent-2', {
			parameters: { onNoReply: 'error', waitLimit: 1 },
			continueOnFail: true,
		});
		expect(items[0].json).toMatchObject({
			error: 'Item 1: no reply within 1 s',
			replied: false,
			sent: { chat_id: 'chat-silent-2' },
		});
	});
});
