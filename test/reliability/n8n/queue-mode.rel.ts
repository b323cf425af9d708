import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { DEFAULT_TOKEN } from '../../../sandbox';
import { http, httpOk } from '../../../harness/http';
import { renderTable, writeSection } from '../support/report';
import { startQueueDeployment, type QueueDeployment } from './support/queue-deployment';
import {
	deploySendWorkflow,
	executionList,
	executionsWithData,
	stableValue,
	waitForDoneExecutions,
} from './support/workflows';
import { selartiPayload } from '../../../harness/selartiPayload';
import { startReplyReceiver } from '../../../harness/replyReceiver';
import { WAITING_SENDS_PATH } from '../../../nodes/shared/waitingSends/messages';
import {
	byStatus,
	flood,
	forgedRegistration,
	oldRegistration,
	signedAsNew,
} from './support/outsider';
import { FAKE_MODEL_ANSWER_PREFIX, startFakeChatModel } from '../../../harness/fakeChatModel';
import {
	TEST_WEBHOOK_SECRET,
	agentWithSelartiToolWorkflow,
	selartiTriggerWorkflow,
	sendAndWaitWorkflow,
} from '../../../harness/workflows';

/*
 * The Selarti nodes in n8n's queue mode (Redis, PostgreSQL, one main, one webhook process, two workers; see
 * support/queue-deployment.ts): the round trip, the trigger's secret and its suppression of repeated deliveries,
 * including deliveries that reach two processes, or one process, at the same moment.
 */

let deployment: QueueDeployment | undefined;
const startedAt = Date.now();
const figures: Record<string, string | number> = {};
const notes: string[][] = [];

const current = (): QueueDeployment => {
	if (!deployment) throw new Error('queue mode did not start');
	return deployment;
};

beforeAll(async () => {
	deployment = await startQueueDeployment();
}, 15 * 60_000);

afterAll(async () => {
	if (deployment) {
		const logs = await Promise.all(
			deployment.processes
				.filter((p) => p.role.startsWith('worker'))
				.map(
					async (p) =>
						[
							p.role,
							(await readFile(p.logFile, 'utf8')).match(/Worker started execution/g)?.length ?? 0,
						] as const,
				),
		);
		for (const [role, count] of logs) figures[`executions run by ${role}`] = count;
		writeSection('queue-mode', {
			title: 'Queue mode (Redis, PostgreSQL, main, webhook process, two workers)',
			summary: `n8n ${deployment.version} with EXECUTIONS_MODE=queue, Redis from Debian (redis-server), one main process, one webhook process and two workers (concurrency 5) sharing one PostgreSQL database. Deliveries go to the webhook process unless stated.`,
			figures,
			details: renderTable(['question', 'observed'], notes),
			durationMs: Date.now() - startedAt,
		});
	}
	await deployment?.stop();
}, 120_000);

/** Waits for a workflow's executions; a timeout shows what every process logged last. */
const waitForDone = async (workflowId: string, count: number, timeoutMs?: number) =>
	await waitForDoneExecutions(current().n8n, workflowId, count, timeoutMs, current().logTails);

/** The trigger's run in each execution of a workflow, oldest first. */
async function triggerRuns(workflowId: string) {
	const executions = await executionsWithData(current().n8n, workflowId);
	return executions
		.reverse()
		.map((execution) => execution.data?.resultData.runData['Selarti Trigger']?.[0]);
}

type TriggerRun = Awaited<ReturnType<typeof triggerRuns>>[number];

/** The trigger's output item (an empty object when it output none). */
const outputOf = (run: TriggerRun): Record<string, unknown> => run?.data?.main[0]?.[0]?.json ?? {};

/** Executions of a workflow, with the trigger's output, oldest first. */
async function triggerOutputs(workflowId: string): Promise<Array<Record<string, unknown>>> {
	return (await triggerRuns(workflowId)).map(outputOf);
}

/** How many times each message was output. */
const outputsPerMessage = (outputs: Array<Record<string, unknown>>, ids: string[]): number[] =>
	ids.map((id) => outputs.filter((output) => output.message_id === id).length);

async function deployTrigger(name: string, parameters: Record<string, unknown>) {
	const { workflow, webhookPath } = selartiTriggerWorkflow(
		name,
		parameters,
		await sandboxCredential(),
	);
	const id = await current().n8n.deployWorkflow(workflow, [webhookPath]);
	return { id, path: webhookPath };
}

const post = async (baseUrl: string, path: string, body: unknown) =>
	await http(`${baseUrl}/webhook/${path}`, { body, timeoutMs: 60_000 });

/** Posts a webhook that n8n must answer 200; a failure shows n8n's answer. */
async function deliver(baseUrl: string, path: string, body: unknown): Promise<void> {
	const answer = await post(baseUrl, path, body);
	expect({ status: answer.status, answer: answer.text }).toEqual({
		status: 200,
		answer: expect.any(String),
	});
}

/** A Selarti credential for the deployment's sandbox. */
async function sandboxCredential() {
	const { n8n, sandbox } = current();
	return await n8n.createCredential(`Selarti ${randomUUID()}`, 'selartiApi', {
		authentication: 'accessToken',
		accessToken: DEFAULT_TOKEN,
		server: 'custom',
		customBaseUrl: sandbox.url,
		webhookSecret: TEST_WEBHOOK_SECRET,
	});
}

/**
 * The Selarti Trigger that holds the waits of queue-mode workers, and a sandbox task that sends it its replies: one for
 * the tests that need it, since only one trigger of an n8n can own the fixed path of waiting sends.
 */
let replyReceiver:
	| Promise<{ receiver: { id: string; path: string }; task: { id: string } }>
	| undefined;
async function replyReceiverTask() {
	replyReceiver ??= (async () => {
		const { sandbox, webhookUrl } = current();
		const receiver = await deployTrigger('Queue replies for waiting sends', {
			messageTypes: ['bot', 'operator'],
			options: { holdWaitsOfQueueWorkers: true },
		});
		const task = await sandbox.control.addTask({
			webhookUrls: [`${webhookUrl}/webhook/${receiver.path}`],
		});
		return { receiver, task };
	})();
	return await replyReceiver;
}

describe('queue mode', () => {
	test('round trip: Selarti node in a worker → sandbox → Selarti Trigger via the webhook process → a worker', async () => {
		const { sandbox, n8n, webhookUrl } = current();
		await sandbox.control.reset();
		const apiKey = `queue-key-${randomUUID()}`;
		await sandbox.control.addApiKey(apiKey);
		const trigger = await deployTrigger('Queue round trip', {
			messageTypes: ['bot', 'operator'],
			options: {},
		});
		const task = await sandbox.control.addTask({
			webhookUrls: [`${webhookUrl}/webhook/${trigger.path}`],
		});
		const credential = await n8n.createCredential(`Selarti ${apiKey}`, 'selartiApi', {
			authentication: 'apiKey',
			apiKey,
			server: 'custom',
			customBaseUrl: sandbox.url,
			webhookSecret: TEST_WEBHOOK_SECRET,
		});
		const send = await deploySendWorkflow(n8n, webhookUrl, 'Queue send', credential);
		const messages = Array.from({ length: 10 }, (_, index) => ({
			taskId: task.id,
			chatId: `queue-chat-${index % 5}`,
			text: `queue message ${index}`,
		}));

		await httpOk(send.url, { body: { messages } });
		await waitForDone(send.id, 1);
		await waitForDone(trigger.id, messages.length, 180_000);
		expect(await sandbox.control.waitForIdle(60_000)).toBe(true);
		const outputs = await triggerOutputs(trigger.id);
		const deliveries = await sandbox.control.deliveries();
		const auth = await sandbox.control.calls({ workflow: 'auth' });
		Object.assign(figures, {
			'round trip: messages sent through the Selarti node': messages.length,
			'round trip: webhooks delivered (user + bot)': deliveries.length,
			'round trip: trigger executions (bot replies)': outputs.length,
			'round trip: API key exchanges (/wf/auth)': auth.length,
		});
		notes.push([
			'Does the round trip work?',
			`yes: ${messages.length} messages sent by a worker, ${outputs.length} AI replies started one execution each; the users' own messages were answered 200 and filtered`,
		]);

		expect(deliveries.map((delivery) => delivery.status)).toEqual(deliveries.map(() => 200));
		expect(
			outputs
				.map((output) => [output.external_chat_id, output.message_text, output.message_type])
				.sort(),
		).toEqual(messages.map((message) => [message.chatId, `AI: ${message.text}`, 'bot']).sort());
	});

	test('secret: 401 without, 403 wrong / last character / longer, one execution with the right one', async () => {
		const { webhookUrl, n8n } = current();
		const secret = TEST_WEBHOOK_SECRET;
		const trigger = await deployTrigger('Queue secret', {
			messageTypes: ['bot', 'operator'],
			options: {},
		});
		const path = trigger.path.split('?')[0];
		const body = selartiPayload({ message_id: randomUUID() });
		const statuses: Record<string, number> = {};
		for (const [name, query] of Object.entries({
			missing: '',
			wrong: '?secret=wrong',
			'last character': `?secret=${encodeURIComponent(`${secret.slice(0, -1)}x`)}`,
			longer: `?secret=${encodeURIComponent(`${secret}0`)}`,
			right: `?secret=${encodeURIComponent(secret)}`,
		})) {
			statuses[name] = (await post(webhookUrl, `${path}${query}`, body)).status;
		}
		await waitForDone(trigger.id, 1);
		const count = await stableValue(
			async () => (await executionList(n8n, trigger.id)).length,
			5_000,
		);
		figures['secret: executions started (1 expected)'] = count;
		notes.push(['Secret check', `answers ${JSON.stringify(statuses)}; executions: ${count}`]);
		expect(statuses).toEqual({
			missing: 401,
			wrong: 403,
			'last character': 403,
			longer: 403,
			right: 200,
		});
		expect(count).toBe(1);
	});

	test('repeated deliveries are suppressed through the webhook process, and through another process', async () => {
		const { webhookUrl, mainUrl, n8n, sandbox } = current();
		const trigger = await deployTrigger('Queue repeats', {
			messageTypes: ['bot', 'operator'],
			options: {},
		});
		const ids = Array.from({ length: 10 }, () => randomUUID());
		for (const id of ids) {
			await deliver(webhookUrl, trigger.path, selartiPayload({ message_id: id }));
			await deliver(webhookUrl, trigger.path, selartiPayload({ message_id: id }));
		}
		// Selarti's own repeated deliveries (the sandbox sends every webhook twice, one after the other).
		await sandbox.control.reset();
		await sandbox.control.setOptions({ duplicateWebhooks: true });
		const task = await sandbox.control.addTask({
			webhookUrls: [`${webhookUrl}/webhook/${trigger.path}`],
		});
		for (let index = 0; index < 5; index++) {
			await httpOk(`${sandbox.url}/api/1.1/wf/send_message_external`, {
				body: { task_id: task.id, chat_id: `twice-${index}`, message: `twice ${index}` },
				headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
			});
		}
		expect(await sandbox.control.waitForIdle(60_000)).toBe(true);
		await waitForDone(trigger.id, ids.length + 5, 180_000);
		const viaWebhookProcess = await stableValue(
			async () => (await executionList(n8n, trigger.id)).length,
			5_000,
		);

		// The same ten messages once more, now to the main process (which answers webhooks too).
		for (const id of ids) await deliver(mainUrl, trigger.path, selartiPayload({ message_id: id }));
		const afterMain = await stableValue(
			async () => (await executionList(n8n, trigger.id)).length,
			5_000,
		);
		await waitForDone(trigger.id, afterMain, 60_000);
		const runs = await triggerRuns(trigger.id);
		const itemsPerId = outputsPerMessage(runs.map(outputOf), ids);
		const emptyRuns = runs.filter((run) => run?.data?.main[0]?.length === 0);
		const emptyExecutions = emptyRuns.length;
		// What the user sees in the trigger's output pane of such an execution.
		expect(emptyRuns.map((run) => run?.hints?.map((hint) => hint.message))).toEqual(
			emptyRuns.map(() => [
				expect.stringMatching(
					/^Message \S+ was received before \(Selarti delivered it again\): skipped/,
				),
			]),
		);
		Object.assign(figures, {
			'repeats via the webhook process: messages (10 sent twice, 5 doubled by Selarti)':
				ids.length + 5,
			'repeats via the webhook process: executions': viaWebhookProcess,
			'the same 10 messages again via the main process: executions started':
				afterMain - viaWebhookProcess,
			'… of which ended at the trigger with no item': emptyExecutions,
			'items output per message (10 messages, 3 deliveries each)': [...new Set(itemsPerId)].join(
				', ',
			),
		});
		notes.push([
			'Are repeated deliveries suppressed across processes?',
			`Within the webhook process, before any execution: ${viaWebhookProcess} executions for ${ids.length + 5} messages. The same ${ids.length} messages sent again to the main process started ${afterMain - viaWebhookProcess} executions (its webhook check sees only the workflow's static data, which n8n 2.x saves from a webhook that starts an execution only for a workflow's first id, and 1.x every time); ${emptyExecutions} of them stopped at the trigger with no item, since n8n's deduplication store, shared through the database, had their ids: every message was output ${[...new Set(itemsPerId)].join(', ')} time(s).`,
		]);
		expect(viaWebhookProcess).toBe(ids.length + 5);
		expect(itemsPerId).toEqual(ids.map(() => 1));
	});

	test('a burst split between two processes, then every message again to the other process: each message output once', async () => {
		const { webhookUrl, mainUrl, n8n } = current();
		const messages = 200;
		const senders = 10;
		const trigger = await deployTrigger('Queue burst across processes', {
			messageTypes: ['bot', 'operator'],
			options: {},
		});
		const ids = Array.from({ length: messages }, () => randomUUID());
		const urls = [webhookUrl, mainUrl];
		const sendAll = async (urlOf: (index: number) => string) => {
			let next = 0;
			await Promise.all(
				Array.from({ length: senders }, async () => {
					while (next < ids.length) {
						const index = next++;
						await deliver(urlOf(index), trigger.path, selartiPayload({ message_id: ids[index] }));
					}
				}),
			);
		};
		await sendAll((index) => urls[index % 2]);
		await waitForDone(trigger.id, messages, 300_000);
		await stableValue(async () => (await executionList(n8n, trigger.id)).length, 5_000);
		await sendAll((index) => urls[(index + 1) % 2]);
		const executions = await stableValue(
			async () => (await executionList(n8n, trigger.id)).length,
			5_000,
		);
		await waitForDone(trigger.id, executions, 120_000);
		const runs = await triggerRuns(trigger.id);
		const itemsPerId = outputsPerMessage(runs.map(outputOf), ids);
		const outputTwice = itemsPerId.filter((count) => count > 1).length;
		const runsWithoutItem = runs
			.filter((run) => run?.data?.main[0]?.length !== 1)
			.map((run) => ({ hints: run?.hints?.map((hint) => hint.message), error: run?.error }));
		Object.assign(figures, {
			'burst across processes: messages (each to one process, then again to the other)': messages,
			'… executions for the second deliveries': executions - messages,
			'… messages output more than once': outputTwice,
			'… messages never output': itemsPerId.filter((count) => count === 0).length,
		});
		notes.push([
			'A burst split between two processes, then repeated through the other one',
			`${messages} messages from ${senders} concurrent senders, alternately to the webhook process and the main process; then each again to the other process. The second deliveries started ${executions - messages} executions (the webhook check of the other process has not seen them), and ${outputTwice} messages were output twice: the execution's check in n8n's deduplication store stopped ${executions - messages - outputTwice} of them at the trigger.`,
		]);
		// A message never output would be a message lost: show what its executions did.
		const neverOutput = ids.filter((_, index) => itemsPerId[index] === 0);
		expect(neverOutput.length === 0 ? [] : { neverOutput, runsWithoutItem }).toEqual([]);
		expect(outputTwice).toBe(0);
	});

	test('dialog events: exactly once through the webhook process; split between two processes, measured', async () => {
		const { webhookUrl, mainUrl, n8n } = current();
		const dialogs = 20;
		const senders = 10;
		// Each dialog: five messages and the AI's five answers, in order. The contact is left with the second message,
		// interest shown with the fourth; Selarti repeats both flags in every later webhook, moments apart.
		const webhooksOf = (thread: string) =>
			Array.from({ length: 10 }, (_, index) =>
				selartiPayload({
					thread_id: thread,
					message_id: randomUUID(),
					message_type: index % 2 === 0 ? 'user' : 'bot',
					get_contact: index >= 2,
					interest: index >= 6,
				}),
			);
		const run = async (label: string, urls: string[]) => {
			const trigger = await deployTrigger(`Queue dialog events ${label}`, {
				startOn: 'dialogEvents',
				dialogEvents: ['contact_received', 'interest_shown'],
				options: {},
			});
			const threads = Array.from({ length: dialogs }, () => randomUUID());
			let next = 0;
			await Promise.all(
				Array.from({ length: senders }, async () => {
					while (next < threads.length) {
						const thread = threads[next++];
						for (const [index, body] of webhooksOf(thread).entries()) {
							await deliver(urls[index % urls.length], trigger.path, body);
						}
					}
				}),
			);
			const executions = await stableValue(
				async () => (await executionList(n8n, trigger.id)).length,
				5_000,
			);
			await waitForDone(trigger.id, executions, 120_000);
			const items = (await triggerRuns(trigger.id)).flatMap((run) =>
				(run?.data?.main[0] ?? []).map((item) => item.json),
			);
			const firings = threads.flatMap((thread) =>
				['contact_received', 'interest_shown'].map(
					(event) =>
						items.filter((item) => item.dialog_key === thread && item.dialog_event === event)
							.length,
				),
			);
			return {
				events: firings.length,
				executions,
				twice: firings.filter((count) => count > 1).length,
				never: firings.filter((count) => count === 0).length,
			};
		};

		const oneProcess = await run('one process', [webhookUrl]);
		// As if Selarti's deliveries were balanced across two webhook processes: one dialog's webhooks alternate.
		const split = await run('split', [webhookUrl, mainUrl]);
		Object.assign(figures, {
			'dialog events: dialogs (10 webhooks each)': dialogs,
			'… events expected (contact received, interest shown)': oneProcess.events,
			'… through the webhook process: executions started': oneProcess.executions,
			'… through the webhook process: events output more than once': oneProcess.twice,
			'… alternately to two processes: executions started': split.executions,
			'… alternately to two processes: events output more than once': split.twice,
			'… events never output (both runs)': oneProcess.never + split.never,
		});
		notes.push([
			'Dialog events in queue mode',
			`${dialogs} dialogs of 10 webhooks each (the contact from the 3rd on, interest from the 7th on), ${senders} dialogs at a time. Through the webhook process: ${oneProcess.executions} executions for the ${oneProcess.events} events, ${oneProcess.twice} output twice (its webhook check sees every delivery). Alternately to the webhook process and the main process: ${split.executions} executions, ${split.twice} events output twice${split.twice > 0 ? ": the next webhook of a dialog reached the other process while the first event's execution was still queued, and the two executions' checks in n8n's deduplication store, which is not atomic, ran at the same moment" : ''}. ${oneProcess.never + split.never} events were never output.`,
		]);
		expect({ oneProcess: oneProcess.twice, never: oneProcess.never + split.never }).toEqual({
			oneProcess: 0,
			never: 0,
		});
	});

	test('deliveries of one message at the same moment: to two processes, and to one process (what happens, measured)', async () => {
		const { webhookUrl, mainUrl, n8n } = current();
		const trials = 20;
		const outcome = async (label: string, urls: [string, string]) => {
			const trigger = await deployTrigger(`Queue simultaneous ${label}`, {
				messageTypes: ['bot', 'operator'],
				options: {},
			});
			const ids = Array.from({ length: trials }, () => randomUUID());
			for (const id of ids) {
				await Promise.all(
					urls.map(
						async (url) => await deliver(url, trigger.path, selartiPayload({ message_id: id })),
					),
				);
			}
			await waitForDone(trigger.id, trials, 180_000);
			const executions = await stableValue(
				async () => (await executionList(n8n, trigger.id)).length,
				5_000,
			);
			await waitForDone(trigger.id, executions, 60_000);
			const itemsPerId = outputsPerMessage(await triggerOutputs(trigger.id), ids);
			expect(itemsPerId.map((count) => count === 1 || count === 2)).toEqual(ids.map(() => true));
			return {
				executions: executions - trials,
				outputTwice: itemsPerId.filter((count) => count === 2).length,
			};
		};
		const twoProcesses = await outcome('two processes', [webhookUrl, mainUrl]);
		const oneProcess = await outcome('one process', [webhookUrl, webhookUrl]);
		Object.assign(figures, {
			'simultaneous pairs to two processes (webhook + main)': trials,
			'… pairs that started two executions': twoProcesses.executions,
			'… pairs whose message was output twice': twoProcesses.outputTwice,
			'simultaneous pairs to the webhook process': trials,
			'… pairs that started two executions ': oneProcess.executions,
			'… pairs whose message was output twice ': oneProcess.outputTwice,
		});
		notes.push([
			'Two deliveries of one message at the same moment',
			`To two processes: ${twoProcesses.executions} of ${trials} pairs started two executions (each process's webhook check sees only static data and what it received itself); in ${twoProcesses.outputTwice} of them both executions output the message, because their checks in n8n's deduplication store ran at the same moment; the others stopped at the trigger with no item. To one process: ${oneProcess.executions} of ${trials} pairs started two executions (the process's check and record run without a pause; only a workflow's first deliveries, before anything is stored, can both pass), ${oneProcess.outputTwice} output twice.`,
		]);
	});

	test('Send and Wait for Reply: a worker waits, the webhook process hands the reply over, the caller gets it', async () => {
		const { sandbox, n8n, webhookUrl } = current();
		await sandbox.control.reset({ keepTasks: true });
		const { receiver, task } = await replyReceiverTask();
		const credential = await sandboxCredential();
		const { workflow, webhookPath } = sendAndWaitWorkflow(
			'Queue send and wait',
			task.id,
			credential,
			{
				waitLimit: 60,
				combineRepliesWithin: 1,
			},
		);
		const sendId = await n8n.deployWorkflow(workflow, [webhookPath]);
		await sandbox.control.setOptions({ replyDelayMs: 300 });
		const conversations = Array.from({ length: 5 }, (_, index) => ({
			chat_id: `queue-wait-${index}`,
			text: `Wait for me ${index} ${randomUUID()}`,
		}));
		const started = Date.now();
		const answers = await Promise.all(
			conversations.map(
				async (body) =>
					await http<Record<string, unknown>>(`${webhookUrl}/webhook/${webhookPath}`, {
						body,
						timeoutMs: 120_000,
					}),
			),
		);
		const elapsedMs = Date.now() - started;
		await sandbox.control.setOptions({ replyDelayMs: 0 });
		const replied = answers.filter((answer) => answer.body?.replied === true).length;
		Object.assign(figures, {
			'send and wait: conversations at once (Webhook → Send and Wait → Respond to Webhook)':
				conversations.length,
			'… answered with the AI reply': replied,
			'… all answers within (ms)': elapsedMs,
		});
		notes.push([
			'Does Send and Wait for Reply work in queue mode?',
			`${replied} of ${conversations.length} concurrent callers got the AI reply in their HTTP response in ${elapsedMs} ms: the sends ran on workers and registered at the webhook process's fixed path, which held the replies until each send fetched them`,
		]);
		expect(
			answers.map((answer) => [answer.status, answer.body?.replied, answer.body?.reply_text]),
		).toEqual(conversations.map((body) => [200, true, `AI: ${body.text}`]));
		await waitForDone(sendId, conversations.length);
		const receiverRuns = await executionList(n8n, receiver.id);
		expect(receiverRuns).toHaveLength(0);
	});

	test("Send and Wait for Reply as an AI Agent's tool: the queued agent gets the reply from the webhook process", async () => {
		const { sandbox, n8n, webhookUrl } = current();
		await sandbox.control.reset({ keepTasks: true });
		const { receiver, task } = await replyReceiverTask();
		const model = await startFakeChatModel();
		try {
			const openAi = await n8n.createCredential(`OpenAI ${randomUUID()}`, 'openAiApi', {
				apiKey: 'sk-not-a-real-key',
				url: model.baseUrl,
				header: false,
			});
			const { workflow, webhookPath } = agentWithSelartiToolWorkflow('Queue agent', task.id, {
				selarti: await sandboxCredential(),
				openAi,
			});
			const agentId = await n8n.deployWorkflow(workflow, [webhookPath]);
			await sandbox.control.setOptions({ replyDelayMs: 300 });
			const text = `Which plan suits a bakery? ${randomUUID()}`;
			const started = Date.now();
			const answer = await http<Record<string, unknown>>(`${webhookUrl}/webhook/${webhookPath}`, {
				body: { chat_id: 'queue-agent', text },
				timeoutMs: 120_000,
			});
			const elapsedMs = Date.now() - started;
			await sandbox.control.setOptions({ replyDelayMs: 0 });
			figures['AI Agent with the Selarti tool (Send and Wait): answered within (ms)'] = elapsedMs;
			notes.push([
				"Does Send and Wait for Reply work as an AI Agent's tool in queue mode?",
				`The agent ran as a queued execution; its Selarti tool sent the question and collected the AI reply from the webhook process; the caller got the agent's answer built on it in ${elapsedMs} ms (status ${answer.status})`,
			]);
			expect([answer.status, answer.body]).toEqual([
				200,
				{ output: `${FAKE_MODEL_ANSWER_PREFIX}AI: ${text}` },
			]);
			expect(model.requests).toHaveLength(2);
			await waitForDone(agentId, 1);
			expect(await executionList(n8n, receiver.id)).toHaveLength(0);
		} finally {
			await model.close();
		}
	});

	test('an outsider with the instance id: forged waits and collections at the webhook process refused; 10,000 forged registrations beside queued customers, who all get their replies', async () => {
		const { sandbox, n8n, webhookUrl } = current();
		await sandbox.control.reset({ keepTasks: true });
		const { task } = await replyReceiverTask();
		const outsider = await startReplyReceiver();
		try {
			const { instanceId } = await n8n.rest<{ instanceId: string }>('GET', '/settings');
			const fixedPath = `${webhookUrl}/webhook/${WAITING_SENDS_PATH}`;
			const chat = `queue-customer-${randomUUID()}`;
			const forgedOnce = [
				oldRegistration(
					instanceId,
					'collect',
					`${outsider.url}/webhook-waiting/1/node?signature=x`,
					[{ task_id: task.id, chat_id: chat }],
				),
				signedAsNew(instanceId, { action: 'collect', waitId: randomUUID(), sent: [true] }),
			];
			const once = await Promise.all(
				forgedOnce.map(async (body) => (await http(fixedPath, { body })).status),
			);
			const { workflow, webhookPath } = sendAndWaitWorkflow(
				'Queue customers during a flood',
				task.id,
				await sandboxCredential(),
				{ waitLimit: 120, combineRepliesWithin: 0 },
			);
			const sendId = await n8n.deployWorkflow(workflow, [webhookPath]);
			const forged = flood(fixedPath, 10_000, 25, (index) =>
				forgedRegistration(instanceId, index, task.id, outsider.url),
			);
			const customers = Array.from({ length: 5 }, (_, index) => ({
				chat_id: `${chat}-${index}`,
				text: `During the flood ${index} ${randomUUID()}`,
			}));
			const answers = await Promise.all(
				customers.map(
					async (body) =>
						await http<Record<string, unknown>>(`${webhookUrl}/webhook/${webhookPath}`, {
							body,
							timeoutMs: 300_000,
						}),
				),
			);
			const statuses = await forged.done;
			await n8n.deactivateWorkflow(sendId);
			Object.assign(figures, {
				'outsider: forged register / collect at the webhook process answered': once.join(', '),
				'outsider: 10,000 forged registrations, answers by status': byStatus(statuses),
				'outsider: queued customers answered with their reply during the flood': `${
					answers.filter((answer) => answer.body?.replied === true).length
				}/${customers.length}`,
				"outsider: calls to the outsider's URLs": outsider.requests.length,
			});
			notes.push([
				'Can an outsider with the instance id take or block a reply in queue mode?',
				`No: the webhook process answered their forged messages ${byStatus(statuses)}, their server got ${outsider.requests.length} calls, and ${customers.length} queued customers got their replies during the flood`,
			]);
			expect(once).toEqual([400, 403]);
			expect([...statuses.keys()].every((status) => status === 400 || status === 403)).toBe(true);
			expect(answers.map((answer) => [answer.status, answer.body?.reply_text])).toEqual(
				customers.map((body) => [200, `AI: ${body.text}`]),
			);
			expect(outsider.requests).toEqual([]);
		} finally {
			await outsider.close();
		}
	});
});
