import type { N8nClient } from '../harness/n8nClient';
import { waitFor } from '../harness/wait';

/** One run of one node, as n8n records it in the execution (WorkflowExecute: startTime, executionTime, retries included). */
export interface NodeRun {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	error?: { message?: string };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface FinishedExecution {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt: string;
	data?: { resultData: { runData: Record<string, NodeRun[]>; error?: { message?: string } } };
}

/**
 * Starts a workflow the way the editor's "Execute workflow" button does: POST /rest/workflows/:id/run from its
 * Manual Trigger (n8n 2.x's ManualRunDto). Answers with the execution id at once; the run goes on in n8n.
 */
export async function runManually(
	client: N8nClient,
	workflowId: string,
	triggerName: string,
): Promise<string> {
	const answer = await client.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
		'POST',
		`/workflows/${workflowId}/run`,
		{
			triggerToStartFrom: { name: triggerName },
		},
	);
	if (!answer.executionId)
		throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(answer)}`);
	return answer.executionId;
}

/** Waits until the execution has stopped, then reads it with its data (public API). */
export async function finishedExecution(
	client: N8nClient,
	executionId: string,
	timeoutMs: number,
): Promise<FinishedExecution> {
	await waitFor(
		`execution ${executionId} to finish`,
		async () => {
			const execution = await client.publicApi<FinishedExecution>(
				'GET',
				`/executions/${executionId}`,
			);
			return execution.stoppedAt ? true : undefined;
		},
		{ timeoutMs, intervalMs: 200 },
	);
	return await client.publicApi<FinishedExecution>(
		'GET',
		`/executions/${executionId}?includeData=true`,
	);
}

/** Items a node put out on its first output, and how many of them carry an `error` (Continue On Fail items). */
export function outputItems(run: NodeRun | undefined): { items: number; errorItems: number } {
	const items = run?.data?.main[0] ?? [];
	return {
		items: items.length,
		errorItems: items.filter((item) => item.json.error !== undefined).length,
	};
}

/** Counts a workflow's executions (any status) through the public API, 250 per page. */
export async function countExecutions(
	client: N8nClient,
	workflowId: string,
): Promise<{ total: number; success: number }> {
	let total = 0;
	let success = 0;
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ workflowId, limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const page = await client.publicApi<{
			data: Array<{ status: string }>;
			nextCursor: string | null;
		}>('GET', `/executions?${query}`);
		total += page.data.length;
		success += page.data.filter((execution) => execution.status === 'success').length;
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return { total, success };
}
