import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks } from 'n8n-core';

import {
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import {
	fakeSelartiPerTest,
	bubbleError,
	success,
	type ReceivedCall,
	type Reply,
} from '../../support/fakeSelarti';
import { selartiContext, sendParameters, tokenCredentials } from '../../support/n8n/nodeHarness';
import { HARNESS_CREDENTIALS, TriggerHarness, mockPauses } from '../../support/n8n/triggerHarness';
import { selartiPayload } from '../../../harness/selartiPayload';
import { credentialKeys } from '../../../nodes/shared/credentialKeys';
import { WAITING_SENDS_PATH } from '../../../nodes/shared/waitingSends/messages';
import { waitingSends } from '../../../nodes/shared/waitingSends/registry';

/**
 * Send and Wait for Reply run by n8n-core's real execution context against a fake Selarti, with the Selarti Trigger's
 * real webhook handing the replies over: in this process (in memory), or in "another" one through its fixed path (a
 * queue-mode worker; the fake server stands in for n8n's webhook router).
 */

const serve = fakeSelartiPerTest();
const TOKEN = 'token-abcdef-123456';
const key = credentialKeys({ authentication: 'accessToken', accessToken: TOKEN })!.wait;

beforeAll(() => (mockPauses.real = true));
afterAll(() => (mockPauses.real = false));

/** Send and Wait for Reply with a 2 s wait limit and the first reply only, and `options` of the test's own. */
const waitParameters = (options: IDataObject = {}) =>
	sendParameters({
		operation: 'sendAndWait',
		options: { waitLimit: 2, combineRepliesWithin: 0, ...options },
	});

/** The Selarti Trigger whose URL is in Selarti, with the same credential as the send. */
const triggerWith = (options: IDataObject = {}) =>
	new TriggerHarness(
		{ startOn: 'messages', messageTypes: ['bot', 'operator'], options: options as INodeParameters },
		{ credentials: { ...HARNESS_CREDENTIALS, accessToken: TOKEN }, workflowName: 'Replies' },
	);

const aiReply = (chat: string, text: string, task = 'task-1') =>
	selartiPayload({
		task_id: task,
		external_chat_id: chat,
		message_type: 'bot',
		message_id: `m-${randomUUID()}`,
		message_text: text,
	});

function start(
	baseUrl: string,
	items: IDataObject[],
	extra: {
		nodeType?: string;
		parameters?: IDataObject;
		continueOnFail?: boolean;
		token?: string;
	} = {},
) {
	const { selarti, context } = selartiContext({
		parameters: waitParameters(extra.parameters),
		items,
		credentials: tokenCredentials(baseUrl, extra.token ?? TOKEN),
		nodeType: extra.nodeType,
		continueOnFail: extra.continueOnFail,
	});
	const runData = (context as unknown as { runExecutionData: { waitTill?: Date } })
		.runExecutionData;
	const done = (selarti.execute?.call(context) as Promise<INodeExecutionData[][]>).then(
		(output) => {
			// The execution keeps running while it waits: it is never put to wait in n8n's database.
			expect(runData.waitTill).toBeUndefined();
			return output[0];
		},
	);
	return { done, context };
}

/** Selarti: takes each message and, unless told otherwise, has the trigger deliver the AI's answer. */
const answering =
	(trigger: TriggerHarness, answer = (text: string) => `AI: ${text}`) =>
	async (call: ReceivedCall): Promise<Reply> => {
		const { chat_id, message, task_id } = call.body as IDataObject;
		void sleep(20).then(
			async () =>
				await trigger.deliver({
					body: aiReply(String(chat_id), answer(String(message)), String(task_id)),
				}),
		);
		return success();
	};

describe('Send and Wait for Reply, with the Selarti Trigger in this n8n process', () => {
	let trigger: TriggerHarness;
	beforeEach(async () => {
		trigger = triggerWith();
		await trigger.activate();
		// Selarti delivers task-1 to this trigger (its Production URL is in Selarti).
		await trigger.deliver({ body: selartiPayload({ task_id: 'task-1', message_type: 'user' }) });
	});
	afterEach(async () => await trigger.activate(false));

	it('opens the wait before the first call and outputs the reply in the same execution', async () => {
		const waitingDuringCall: boolean[] = [];
		const selarti = await serve(async (call) => {
			waitingDuringCall.push(
				waitingSends.isWaitingFor(key.id, { task_id: 'task-1', chat_id: 'chat-1' }),
			);
			return await answering(trigger)(call);
		});
		const { done } = start(selarti.baseUrl, [
			{ taskId: 'task-1', chatId: 'chat-1', text: 'Hello' },
		]);
		const output = await done;
		expect(waitingDuringCall).toEqual([true]);
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					replied: true,
					reply_text: 'AI: Hello',
					external_chat_id: 'chat-1',
					sent: {
						task_id: 'task-1',
						chat_id: 'chat-1',
						message: 'Hello',
						response: { status: 'success', response: {} },
					},
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(waitingSends.size).toBe(0);
	});

	it("with a Chat Trigger in Streaming mode, streams each item's text to the chat as one message", async () => {
		const selarti = await serve(answering(trigger));
		const { done, context } = start(selarti.baseUrl, [
			{ taskId: 'task-1', chatId: 'chat-1', text: 'Hello' },
		]);
		// What n8n sets up for an execution whose trigger answers by streaming.
		const chunks: Array<{ type: string; content?: string }> = [];
		const hooks = new ExecutionLifecycleHooks('webhook', 'execution-1', {} as never);
		hooks.addHandler('sendChunk', (chunk) => void chunks.push(chunk));
		Object.assign((context as unknown as { additionalData: object }).additionalData, {
			hooks,
			streamingEnabled: true,
		});
		expect((await done)[0].json.output).toBe('AI: Hello');
		expect(chunks.map(({ type, content }) => ({ type, content }))).toEqual([
			{ type: 'begin', content: undefined },
			{ type: 'item', content: 'AI: Hello' },
			{ type: 'end', content: undefined },
		]);
	});

	it('a failed send (Continue On Fail) is its error item; the others get their replies', async () => {
		const selarti = await serve(async (call) =>
			(call.body as IDataObject).chat_id === 'chat-2'
				? bubbleError(400, 'MISSING_DATA', 'Bad chat')
				: await answering(trigger)(call),
		);
		const { done } = start(
			selarti.baseUrl,
			[
				{ taskId: 'task-1', chatId: 'chat-1', text: 'one' },
				{ taskId: 'task-1', chatId: 'chat-2', text: 'two' },
			],
			{ continueOnFail: true },
		);
		const output = await done;
		expect(output[0].json).toMatchObject({ replied: true, reply_text: 'AI: one' });
		expect(output[1].json.error).toBeDefined();
		expect(waitingSends.size).toBe(0);
	});

	it('when nothing could be sent, or a send fails for good, no wait is left', async () => {
		const selarti = await serve(() => bubbleError(400, 'MISSING_DATA', 'Bad chat'));
		const item = { taskId: 'task-1', chatId: 'chat-9', text: 'one' };
		const { done } = start(selarti.baseUrl, [item], { continueOnFail: true });
		expect((await done)[0].json.error).toBeDefined();
		await expect(start(selarti.baseUrl, [item]).done).rejects.toThrow();
		expect(waitingSends.size).toBe(0);
	});

	it('as an AI Agent tool, and twice at once on one chat: each call gets its own reply, oldest first', async () => {
		let answers = 0;
		const selarti = await serve(answering(trigger, () => `AI: answer ${++answers}`));
		const tool = { nodeType: 'n8n-nodes-selarti.selartiTool' };
		const first = start(
			selarti.baseUrl,
			[{ taskId: 'task-1', chatId: 'chat-twice', text: 'a' }],
			tool,
		);
		const second = start(
			selarti.baseUrl,
			[{ taskId: 'task-1', chatId: 'chat-twice', text: 'b' }],
			tool,
		);
		const texts = [(await first.done)[0].json.reply_text, (await second.done)[0].json.reply_text];
		expect(texts.sort()).toEqual(['AI: answer 1', 'AI: answer 2']);
	});

	it('On No Reply → Stop With an Error: no reply by the limit fails the item, naming it and the fix', async () => {
		const selarti = await serve(() => success());
		const silent = { taskId: 'task-1', chatId: 'chat-silent', text: 'Hello?' };
		const error = await start(selarti.baseUrl, [silent], {
			parameters: { onNoReply: 'error', waitLimit: 1 },
		}).done.catch((failure: Error) => failure);
		expect((error as Error).message).toBe('Item 1: no reply within 1 s');
		expect((error as { description?: string }).description).toMatch(/Raise Wait Limit/);
		const { done } = start(selarti.baseUrl, [silent], {
			parameters: { onNoReply: 'error', waitLimit: 1 },
			continueOnFail: true,
		});
		expect((await done)[0].json).toMatchObject({
			error: 'Item 1: no reply within 1 s',
			replied: false,
			sent: { chat_id: 'chat-silent' },
		});
		expect(waitingSends.size).toBe(0);
	});

	it('with no trigger of its credential active here, fails at once and sends nothing', async () => {
		await trigger.activate(false);
		const other = new TriggerHarness(
			{ startOn: 'messages' },
			{ credentials: { ...HARNESS_CREDENTIALS, accessToken: 'another-account' } },
		);
		await other.activate();
		const selarti = await serve(() => success());
		const error = await start(selarti.baseUrl, [
			{ taskId: 'task-1', chatId: 'chat-1', text: 'Hello' },
		]).done.catch((failure: Error) => failure);
		expect((error as Error).message).toBe(
			'No active Selarti Trigger in this n8n uses the credential "Selarti account"',
		);
		expect((error as { description?: string }).description).toMatch(
			/^Nothing was sent\. Open the Selarti Trigger whose Production URL/,
		);
		expect(selarti.calls).toEqual([]);
		// With Continue On Fail each item is an error item with the fix, for the error output.
		const { done } = start(
			selarti.baseUrl,
			[
				{ taskId: 'task-1', chatId: 'chat-1', text: 'Hello' },
				{ taskId: 'task-1', chatId: '', text: 'no chat' },
			],
			{ continueOnFail: true },
		);
		const items = await done;
		expect(items.map((item) => item.json.error)).toEqual([
			'No active Selarti Trigger in this n8n uses the credential "Selarti account"',
			expect.stringMatching(/Chat ID/),
		]);
		expect(selarti.calls).toEqual([]);
		await other.activate(false);
	});

	it('when Selarti delivers the task to a trigger with Hand Replies off, says which and sends nothing', async () => {
		const old = new TriggerHarness(
			{ startOn: 'messages', options: { handRepliesToWaitingSends: false } },
			{ workflowName: 'Old replies' },
		);
		await old.deliver({ body: selartiPayload({ task_id: 'task-old', message_type: 'user' }) });
		const selarti = await serve(() => success());
		const error = await start(selarti.baseUrl, [
			{ taskId: 'task-old', chatId: 'chat-1', text: 'Hello' },
		]).done.catch((failure: Error) => failure);
		expect((error as Error).message).toBe(
			'Selarti sends the replies of task task-old to the Selarti Trigger "Selarti Trigger" of workflow "Old replies", which cannot hand them to this node',
		);
		expect((error as { description?: string }).description).toBe(
			'Nothing was sent. Turn its Options → Hand Replies to Waiting Sends on.',
		);
		expect(selarti.calls).toEqual([]);
	});

	it('a task no delivery came from: after sending, says within the probation that Selarti delivers it elsewhere', async () => {
		const selarti = await serve(() => success());
		const error = await start(
			selarti.baseUrl,
			[{ taskId: 'task-unheard', chatId: 'chat-1', text: 'Hello' }],
			{ parameters: { waitLimit: 1 } },
		).done.catch((failure: Error) => failure);
		expect((error as Error).message).toBe(
			'No message of task task-unheard reached a Selarti Trigger of this n8n within 1 s of sending',
		);
		expect(selarti.calls).toHaveLength(1);
	});
});

describe('Send and Wait for Reply in a queue-mode worker: through the fixed path to the trigger', () => {
	beforeEach(() => expect(waitingSends.hasReceivers()).toBe(false));

	/** The fake server is Selarti and n8n's webhook router: the fixed path runs the trigger's second webhook. */
	const routing =
		(trigger: TriggerHarness | undefined, selartiAnswer: (call: ReceivedCall) => Promise<Reply>) =>
		async (call: ReceivedCall): Promise<Reply> => {
			if (call.path !== `/webhook/${WAITING_SENDS_PATH}`) return await selartiAnswer(call);
			if (trigger === undefined)
				return { status: 404, body: { message: 'The requested webhook is not registered.' } };
			const answer = await trigger.deliver({ webhook: 'setup', body: call.body });
			return { status: answer.status, body: answer.body };
		};

	function startInWorker(baseUrl: string, chat: string, token = TOKEN) {
		const run = start(baseUrl, [{ taskId: 'task-1', chatId: chat, text: 'Hello' }], { token });
		jest
			.spyOn(run.context, 'getSignedResumeUrl')
			.mockReturnValue(`${baseUrl}/webhook-waiting/execution-1/selarti-node?signature=s`);
		return run;
	}

	it('opens and collects with signed messages; the reply comes back in the same execution', async () => {
		const trigger = triggerWith({ holdWaitsOfQueueWorkers: true });
		const selarti = await serve(routing(trigger, answering(trigger)));
		const { done } = startInWorker(selarti.baseUrl, 'chat-queued');
		expect((await done)[0].json).toMatchObject({ replied: true, reply_text: 'AI: Hello' });
		const paths = selarti.calls.map((call) => call.path);
		expect(paths[0]).toBe(`/webhook/${WAITING_SENDS_PATH}`);
		expect(paths).toContain('/api/1.1/wf/send_message_external');
		const opened = selarti.calls[0].body as { key: string; payload: string };
		expect(opened.key).toBe(key.id);
		expect(JSON.parse(opened.payload)).toMatchObject({
			action: 'open',
			conversations: [{ task_id: 'task-1', chat_id: 'chat-queued' }],
			waitLimitMs: 2000,
			combineWithinMs: 0,
		});
		expect(waitingSends.size).toBe(0);
	});

	it('without a trigger at the fixed path (a new n8n, or a worker), the error names the setup step first; nothing is sent', async () => {
		const selarti = await serve(routing(undefined, async () => success()));
		const error = await startInWorker(selarti.baseUrl, 'chat-1').done.catch(
			(failure: Error) => failure,
		);
		// A user's first try in a one-process n8n takes this path too: the message must not speak of queue mode only.
		expect((error as Error).message).toBe(
			'No active Selarti Trigger in this n8n uses the credential "Selarti account"',
		);
		expect((error as { description?: string }).description).toBe(
			"Nothing was sent. Open the Selarti Trigger whose Production URL is in Selarti's integration for this task, select the same Selarti API credential as this node, and activate (publish) its workflow. In queue mode, also turn on its Options → Hold Waits of Queue Mode Workers.",
		);
		expect(selarti.calls.map((call) => call.path)).toEqual([`/webhook/${WAITING_SENDS_PATH}`]);
	});

	it('a send whose credential no trigger of that process uses is refused', async () => {
		const trigger = triggerWith({ holdWaitsOfQueueWorkers: true });
		const selarti = await serve(routing(trigger, async () => success()));
		const error = await startInWorker(
			selarti.baseUrl,
			'chat-1',
			'a-credential-no-trigger-uses',
		).done.catch((failure: Error) => failure);
		expect((error as Error).message).toBe(
			'The Selarti Trigger refused the wait (HTTP 403: Not signed with the credential of a Selarti Trigger here)',
		);
		expect(selarti.calls).toHaveLength(1);
	});
});
