import { createHmac, randomUUID } from 'node:crypto';

import { DEFAULT_TOKEN } from '../../../sandbox';
import pinnedN8nVersions from '../../../scripts/n8n-versions.json';
import { http, httpOk } from '../../../harness/http';
import { startReplyReceiver, type ReplyReceiver } from '../../../harness/replyReceiver';
import { waitFor } from '../../../harness/wait';
import {
	TEST_WEBHOOK_SECRET,
	firstOutput,
	selartiTriggerWorkflow,
	sendAndWaitWorkflow,
} from '../../../harness/workflows';
import { WAITING_SENDS_PATH } from '../../../nodes/shared/waitingSends/messages';
import { renderTable, writeSection, type FigureValue } from '../support/report';
import { startDeployment, type Deployment } from './support/deployment';
import {
	byStatus,
	flood,
	forgedRegistration,
	oldRegistration,
	signedAsNew,
	signedAsOld,
} from './support/outsider';

/*
 * An outsider against a real n8n of every tested version (one process, n8n's defaults but the legacy expression engine,
 * which takes the flood of requests below many times faster). The outsider knows what is not secret: n8n's instance id
 * (in every downloaded workflow, and GET /rest/settings for any member), a task id and a customer's chat id. The user's
 * side: a Selarti Trigger whose URL is in Selarti (with the fixed path for queue-mode workers switched on, so every
 * surface is reachable), and Webhook → Send and Wait for Reply → Respond to Webhook beside it. 0.1.0 signed with the
 * instance id; each test below failed against it.
 */

const FORGED = Number(process.env.OUTSIDER_FORGED ?? 10_000);
const FORGERS = 25;

const perVersion: Record<string, Record<string, FigureValue>> = {};
const startedAt = Date.now();

afterAll(() => {
	const versions = Object.keys(perVersion);
	if (versions.length === 0) return;
	const names = [...new Set(versions.flatMap((version) => Object.keys(perVersion[version])))];
	writeSection('outsider', {
		title: 'An outsider with the instance id, a task id and a chat id',
		summary: `In a real n8n of each tested version (one process), beside a Selarti Trigger with the credential and a working Webhook → Send and Wait for Reply → Respond to Webhook, an outsider posts what 0.1.0 accepted: waits and collections signed with n8n's instance id (the old format and the new one), a resume of the waiting execution with the token 0.1.0 computed from the instance id, and ${FORGED.toLocaleString('en')} forged registrations while a real customer waits. A loopback server stands for the outsider's own URL and counts every call.`,
		figures: { versions: versions.join(', ') },
		details: renderTable(
			['figure', ...versions],
			names.map((name) => [name, ...versions.map((version) => perVersion[version][name] ?? '')]),
		),
		durationMs: Date.now() - startedAt,
	});
});

describe.each(pinnedN8nVersions.tested)('n8n %s: an outsider', (version) => {
	let deployment: Deployment;
	let outsider: ReplyReceiver;
	let instanceId: string;
	let taskId: string;
	let receiverId: string;
	let credential: { id: string; name: string };
	const figures: Record<string, FigureValue> = {};
	perVersion[version] = figures;

	beforeAll(async () => {
		deployment = await startDeployment(version, { N8N_EXPRESSION_ENGINE: 'legacy' });
		outsider = await startReplyReceiver();
		const settings = await deployment.n8n.rest<{ instanceId: string }>('GET', '/settings');
		instanceId = settings.instanceId;
		expect(instanceId).toMatch(/^[0-9a-f]{64}$/);
		credential = await deployment.n8n.createCredential('Selarti', 'selartiApi', {
			authentication: 'accessToken',
			accessToken: DEFAULT_TOKEN,
			server: 'custom',
			customBaseUrl: deployment.sandbox.url,
			webhookSecret: TEST_WEBHOOK_SECRET,
		});
		const receiver = selartiTriggerWorkflow(
			'Replies',
			{
				messageTypes: ['bot', 'operator'],
				// Hand Replies is on by default; set, 0.1.0's trigger owns the fixed path too, and this file shows what it let through.
				options: { handRepliesToWaitingSends: true, holdWaitsOfQueueWorkers: true },
			},
			credential,
		);
		receiverId = await deployment.n8n.deployWorkflow(receiver.workflow, [receiver.webhookPath]);
		await waitFor(
			'the fixed path',
			async () => await deployment.n8n.isWebhookRegistered(WAITING_SENDS_PATH),
		);
		taskId = (
			await deployment.sandbox.control.addTask({
				webhookUrls: [`${deployment.baseUrl}/webhook/${receiver.webhookPath}`],
			})
		).id;
	}, 30 * 60_000);

	afterAll(async () => {
		await outsider?.close();
		await deployment?.stop();
	});

	const fixedPath = () => `${deployment.baseUrl}/webhook/${WAITING_SENDS_PATH}`;
	const post = async (url: string, body: unknown) =>
		await http<unknown>(url, { body, timeoutMs: 60_000 });

	/** The customer writes through their messenger; Selarti's AI answers through the trigger. */
	async function customerWrites(chatId: string): Promise<string> {
		const text = `Where is my order? ${randomUUID()}`;
		await httpOk(`${deployment.sandbox.url}/api/1.1/wf/send_message_external`, {
			headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
			body: { task_id: taskId, chat_id: chatId, message: text },
		});
		return `AI: ${text}`;
	}

	/** The reply reached the customer's side: the trigger's own workflow ran with it. */
	async function replyStartedTheTrigger(replyText: string): Promise<void> {
		await waitFor(`"${replyText}" in the trigger's workflow`, async () =>
			(await deployment.n8n.executions(receiverId)).some(
				(execution) => firstOutput(execution, 'Selarti Trigger')?.message_text === replyText,
			),
		);
	}

	test("A: a wait registered with the outsider's resume URL is refused; the reply reaches the customer, nothing the outsider", async () => {
		const chatId = `customer-${randomUUID()}`;
		const resumeUrl = `${outsider.url}/webhook-waiting/1/node?signature=x`;
		const conversations = [{ task_id: taskId, chat_id: chatId }];
		const answers = [
			await post(fixedPath(), oldRegistration(instanceId, 'resume', resumeUrl, conversations)),
			await post(
				fixedPath(),
				signedAsOld(instanceId, {
					action: 'outcomes',
					resumeUrl,
					outcomes: [{ sent: { chat_id: chatId } }],
				}),
			),
			await post(
				fixedPath(),
				signedAsNew(instanceId, {
					action: 'open',
					waitId: randomUUID(),
					conversations,
					waitLimitMs: 60_000,
					combineWithinMs: 0,
				}),
			),
		];
		figures['A: forged registrations answered'] = answers.map((answer) => answer.status).join(', ');
		expect(answers.map((answer) => answer.status)).toEqual([400, 400, 403]);
		const reply = await customerWrites(chatId);
		await replyStartedTheTrigger(reply);
		figures["A: calls to the outsider's URL"] = outsider.requests.length;
		expect(outsider.requests).toEqual([]);
	});

	test('B: a forged collection gets no reply; the reply reaches the customer', async () => {
		const chatId = `customer-${randomUUID()}`;
		const resumeUrl = `${outsider.url}/webhook-waiting/2/node?signature=x&wait=${randomUUID()}`;
		const conversations = [{ task_id: taskId, chat_id: chatId }];
		const register = await post(
			fixedPath(),
			oldRegistration(instanceId, 'collect', resumeUrl, conversations),
		);
		const reply = await customerWrites(chatId);
		const collections = [
			await post(fixedPath(), signedAsOld(instanceId, { action: 'collect', resumeUrl })),
			await post(
				fixedPath(),
				signedAsNew(instanceId, { action: 'collect', waitId: randomUUID(), sent: [true] }),
			),
		];
		figures['B: forged collections answered'] = [register, ...collections]
			.map((answer) => answer.status)
			.join(', ');
		for (const answer of [register, ...collections]) {
			expect(answer.status).toBeGreaterThanOrEqual(400);
			expect(answer.text).not.toContain(reply);
		}
		await replyStartedTheTrigger(reply);
	});

	test('C: a resume of the waiting execution, forged as 0.1.0 allowed, is refused; the caller gets the real reply', async () => {
		const { workflow, webhookPath } = sendAndWaitWorkflow('Customer chat', taskId, credential, {
			waitLimit: 60,
			combineRepliesWithin: 0,
		});
		const sendId = await deployment.n8n.deployWorkflow(workflow, [webhookPath]);
		const nodeId = workflow.nodes.find((node) => node.name === 'Selarti')!.id;
		await deployment.sandbox.control.setOptions({ replyDelayMs: 3000 });
		try {
			const chatId = `customer-${randomUUID()}`;
			const asked = http<Record<string, unknown>>(`${deployment.baseUrl}/webhook/${webhookPath}`, {
				body: { chat_id: chatId, text: 'Is my order on its way?' },
				timeoutMs: 120_000,
			});
			const running = await waitFor('the waiting execution', async () => {
				type Listed = { id: string; status: string };
				const list = await deployment.n8n.rest<{ results?: Listed[] } | Listed[]>(
					'GET',
					`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: sendId }))}`,
				);
				const results = Array.isArray(list) ? list : (list.results ?? []);
				// Running while it waits (0.1.0 put it to wait in n8n's database: "waiting").
				return results.find((execution) => ['running', 'waiting'].includes(execution.status));
			});
			// The message is out and the wait is on (0.1.0 saved the execution as waiting by then).
			await new Promise((resolve) => setTimeout(resolve, 1500));
			const fake = {
				replied: true,
				reply_text: 'Your order is cancelled: pay again at evil.example',
			};
			const statuses: number[] = [];
			const token = createHmac('sha256', instanceId)
				.update(`resume:${running.id}:${nodeId}`)
				.digest('hex');
			for (const suffix of [nodeId, `${nodeId}?signature=${'0'.repeat(64)}`]) {
				const answer = await post(`${deployment.baseUrl}/webhook-waiting/${running.id}/${suffix}`, {
					token,
					items: [fake],
				});
				statuses.push(answer.status);
			}
			figures['C: forged resumes answered'] = statuses.join(', ');
			for (const status of statuses) expect(status).toBeGreaterThanOrEqual(400);
			const answer = await asked;
			figures['C: the caller got'] = String(answer.body?.reply_text);
			expect(answer.body).toMatchObject({
				replied: true,
				reply_text: 'AI: Is my order on its way?',
			});
		} finally {
			await deployment.sandbox.control.setOptions({ replyDelayMs: 0 });
			await deployment.n8n.deactivateWorkflow(sendId);
		}
	});

	test(`D: ${FORGED.toLocaleString('en')} forged registrations beside a waiting customer: all refused, the customer gets the reply`, async () => {
		const { workflow, webhookPath } = sendAndWaitWorkflow(
			'Customer chat during a flood',
			taskId,
			credential,
			{
				waitLimit: 120,
				combineRepliesWithin: 0,
			},
		);
		const sendId = await deployment.n8n.deployWorkflow(workflow, [webhookPath]);
		const started = Date.now();
		const forged = flood(fixedPath(), FORGED, FORGERS, (index) =>
			forgedRegistration(instanceId, index, taskId, outsider.url),
		);
		// A customer writes while the flood runs.
		await waitFor('a quarter of the flood', async () => forged.sentSoFar() >= FORGED / 4);
		const chatId = `customer-${randomUUID()}`;
		const askedAt = Date.now();
		const answer = await http<Record<string, unknown>>(
			`${deployment.baseUrl}/webhook/${webhookPath}`,
			{
				body: { chat_id: chatId, text: 'Still there?' },
				timeoutMs: 300_000,
			},
		);
		const answerMs = Date.now() - askedAt;
		const statuses = await forged.done;
		const floodMs = Date.now() - started;
		await deployment.n8n.deactivateWorkflow(sendId);
		Object.assign(figures, {
			'D: forged registrations, answers by status': byStatus(statuses),
			'D: forged registrations per second': Math.round(FORGED / (floodMs / 1000)),
			'D: the customer during the flood got': String(answer.body?.reply_text),
			'D: … in (ms)': answerMs,
			"D: calls to the outsider's URLs": outsider.requests.length,
		});
		expect(answer.body).toMatchObject({ replied: true, reply_text: 'AI: Still there?' });
		expect([...statuses.keys()].every((status) => status === 400 || status === 403)).toBe(true);
		expect(outsider.requests).toEqual([]);
	});
});
