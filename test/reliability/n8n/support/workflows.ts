import { randomUUID } from 'node:crypto';

import { httpOk } from '../../../../harness/http';
import type { Execution, N8nClient, Workflow } from '../../../../harness/n8nClient';
import { waitFor } from '../../../../harness/wait';

/*
 * The workflows the n8n parts deploy, and how they are run and read back through n8n's own APIs.
 * Send: Webhook (answers at once) → Split Out (one item per message) → Selarti (Continue On Fail), so one POST
 * starts one execution with any number of items. Receive: Selarti Trigger → No Operation.
 */

export interface Credential {
	id: string;
	name: string;
}

export interface OutgoingMessage {
	taskId: string;
	chatId: string;
	text: string;
}

export interface SendWorkflow {
	id: string;
	url: string;
}

const node = (
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: Record<string, unknown>,
) => ({
	id: randomUUID(),
	name,
	type,
	typeVersion,
	position: [x, 0] as [number, number],
	parameters,
});

export async function deploySendWorkflow(
	n8n: N8nClient,
	baseUrl: string,
	name: string,
	credential: Credential,
	options: Record<string, unknown> = {},
): Promise<SendWorkflow> {
	const path = `reliability-send-${randomUUID()}`;
	const workflow: Workflow = {
		name: `${name} ${path}`,
		nodes: [
			{
				...node('Messages', 'n8n-nodes-base.webhook', 2, 0, {
					httpMethod: 'POST',
					path,
					responseMode: 'onReceived',
					options: {},
				}),
				webhookId: randomUUID(),
			},
			node('Split', 'n8n-nodes-base.splitOut', 1, 220, {
				fieldToSplitOut: 'body.messages',
				include: 'noOtherFields',
				options: {},
			}),
			{
				...node('Send', 'n8n-nodes-selarti.selarti', 1, 440, {
					resource: 'message',
					operation: 'send',
					taskId: '={{ $json.taskId }}',
					chatId: '={{ $json.chatId }}',
					message: '={{ $json.text }}',
					options,
				}),
				credentials: { selartiApi: credential },
				onError: 'continueRegularOutput',
			},
		],
		connections: {
			Messages: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
	};
	const id = await n8n.deployWorkflow(workflow, [path]);
	return { id, url: `${baseUrl}/webhook/${path}` };
}

type ExecutionSummary = Awaited<ReturnType<N8nClient['executionSummaries']>>[number];

/** Executions of a workflow without their data (cheap to poll), newest first. */
export async function executionList(
	n8n: N8nClient,
	workflowId: string,
): Promise<ExecutionSummary[]> {
	return await withUnlisted(n8n, workflowId, await n8n.executionSummaries(workflowId), false);
}

/** Executions of a workflow with their data, newest first. */
export async function executionsWithData(n8n: N8nClient, workflowId: string): Promise<Execution[]> {
	return await withUnlisted(n8n, workflowId, await n8n.executions(workflowId), true);
}

/** Ids probed past the newest listed execution, and at most in all per call. */
const PROBES_AFTER_NEWEST = 5;
const MAX_PROBES = 60;

/**
 * n8n's public API leaves out the executions its main process holds as running. In queue mode a job that a worker
 * finishes before the main process has recorded it as queued stays there for good (n8n 2.40.7's main log: "Execution
 * added", the worker's start and finish, then "Enqueued", and never "Execution removed"), so a finished execution is
 * missing from every list. Asked by id, n8n returns it; n8n numbers executions in order, so such executions are in
 * the gaps between listed ids, or just after the newest.
 */
export async function withUnlisted<T extends { id: string; workflowId?: string }>(
	n8n: N8nClient,
	workflowId: string,
	listed: T[],
	includeData: boolean,
): Promise<T[]> {
	if (listed.length === 0) return listed;
	const ids = new Set(listed.map((execution) => Number(execution.id)));
	const newest = Math.max(...ids);
	const candidates: number[] = [];
	for (let id = Math.min(...ids) + 1; id <= newest + PROBES_AFTER_NEWEST; id++) {
		if (!ids.has(id)) candidates.push(id);
	}
	const found: T[] = [];
	for (const id of candidates.slice(0, MAX_PROBES)) {
		const execution = (await n8n.execution(String(id), includeData)) as T | undefined;
		if (execution?.workflowId === workflowId) found.push(execution);
	}
	return [...listed, ...found].sort((a, b) => Number(b.id) - Number(a.id));
}

const isDone = (execution: ExecutionSummary) =>
	execution.finished || ['success', 'error', 'crashed', 'canceled'].includes(execution.status);

/** "success 198, running 2": what a wait that timed out saw last. */
const statusCounts = (executions: ExecutionSummary[]): string => {
	const counts = new Map<string, number>();
	for (const { status } of executions)
		counts.set(String(status), (counts.get(String(status)) ?? 0) + 1);
	return [...counts].map(([status, count]) => `${status} ${count}`).join(', ') || 'none';
};

/** Waits until `count` executions of the workflow are done. */
export async function waitForDoneExecutions(
	n8n: N8nClient,
	workflowId: string,
	count: number,
	timeoutMs = 5 * 60_000,
	/** More to show on a timeout, e.g. the tails of n8n's logs. */
	diagnostics?: () => Promise<string>,
): Promise<ExecutionSummary[]> {
	let seen = 'no answer yet';
	return await waitFor(
		`${count} finished execution(s) of workflow ${workflowId}`,
		async () => {
			const executions = await executionList(n8n, workflowId);
			const done = executions.filter(isDone);
			seen = `${executions.length} execution(s), ${done.length} done; by status: ${statusCounts(executions)}`;
			return done.length >= count ? done : false;
		},
		{
			timeoutMs,
			intervalMs: 500,
			diagnostics: async () => (diagnostics ? `${seen}\n${await diagnostics()}` : seen),
		},
	);
}

export async function executionWithData(n8n: N8nClient, id: string): Promise<Execution> {
	return await n8n.publicApi<Execution>('GET', `/executions/${id}?includeData=true`);
}

export interface SendItem {
	json: Record<string, unknown>;
	pairedItem?: { item: number };
}

/**
 * POSTs the messages to the send workflow and waits for its execution: returns the Selarti node's output items.
 * `previous` is how many executions the workflow had before.
 */
export async function runSend(
	n8n: N8nClient,
	workflow: SendWorkflow,
	messages: OutgoingMessage[],
	previous = 0,
	timeoutMs = 5 * 60_000,
): Promise<{ execution: Execution; items: SendItem[] }> {
	await httpOk(workflow.url, { body: { messages }, timeoutMs: 60_000 });
	const done = await waitForDoneExecutions(n8n, workflow.id, previous + 1, timeoutMs);
	const execution = await executionWithData(n8n, done[0].id);
	const runs = execution.data?.resultData.runData.Send ?? [];
	const items = (runs[0]?.data?.main[0] ?? []) as SendItem[];
	return { execution, items };
}

/** Polls until the value has not changed for `quietMs`, and returns it (how a test sees that nothing more happens). */
export async function stableValue<T>(
	probe: () => Promise<T>,
	quietMs: number,
	timeoutMs = 120_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await probe();
	let since = Date.now();
	while (Date.now() - since < quietMs && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		const current = await probe();
		if (current !== value) {
			value = current;
			since = Date.now();
		}
	}
	return value;
}
