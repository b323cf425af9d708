import { seededRandom } from '../../../../sandbox';
import { http } from '../../../../harness/http';
import { renderTable, writeSection } from '../../support/report';
import type { ScenarioContext } from '../support/context';
import { executionList, stableValue, waitForDoneExecutions } from '../support/workflows';
import { selartiPayload } from '../../../../harness/selartiPayload';
import { selartiTriggerWorkflow } from '../../../../harness/workflows';

/*
 * 1,000 webhooks to one Selarti Trigger (default settings: bot and operator messages, repeated deliveries ignored,
 * invalid payloads output with their errors) from 20 concurrent senders: 850 distinct valid messages, 100 repeated
 * deliveries of them (each sent again at least 40 requests after its first delivery, as a sender's retry would be)
 * and 50 invalid payloads. Expected: 200 for every request, and exactly 850 + 50 executions, one per valid message
 * and one per invalid payload.
 */

const TOTAL = 1000;
const SENDERS = 20;
const REPEATS = 100;
const INVALID = 50;
const VALID = TOTAL - REPEATS - INVALID;
const REPEAT_DISTANCE = 40;

interface BurstRequest {
	kind: 'valid' | 'repeat' | 'invalid';
	messageId?: string;
	contentType: string;
	body: string;
}

function invalidRequest(index: number, runId: string): BurstRequest {
	const variants: Array<[string, string]> = [
		['application/json', `[${index}, "not an object"]`],
		['text/plain', `plain words ${index}, neither JSON nor form`],
		[
			'application/json',
			JSON.stringify(selartiPayload({ message_id: `${runId}-invalid-${index}`, close: 'maybe' })),
		],
		[
			'application/json',
			JSON.stringify(
				selartiPayload({
					message_id: `${runId}-invalid-${index}`,
					contacts: true,
					is_bot: { yes: 1 },
				}),
			),
		],
		[
			'application/x-www-form-urlencoded',
			`message_type=bot&message_id=${runId}-invalid-${index}&message_text=a&message_text=b`,
		],
	];
	const [contentType, body] = variants[index % variants.length];
	return { kind: 'invalid', contentType, body };
}

/** The requests in sending order: valid and invalid shuffled, each repeat at least REPEAT_DISTANCE after its original. */
function burstRequests(runId: string): BurstRequest[] {
	const random = seededRandom(20_251_128);
	const valid = Array.from({ length: VALID }, (_, index): BurstRequest => {
		const messageId = `${runId}-${index}`;
		return {
			kind: 'valid',
			messageId,
			contentType: 'application/json',
			body: JSON.stringify(
				selartiPayload({ message_id: messageId, message_text: `burst message ${index}` }),
			),
		};
	});
	const order: BurstRequest[] = [
		...valid,
		...Array.from({ length: INVALID }, (_, index) => invalidRequest(index, runId)),
	];
	for (let index = order.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[order[index], order[other]] = [order[other], order[index]];
	}
	for (let repeat = 0; repeat < REPEATS; repeat++) {
		const original = valid[Math.floor(random() * valid.length)];
		const after = order.indexOf(original) + REPEAT_DISTANCE;
		const position = Math.min(
			order.length,
			after + Math.floor(random() * Math.max(1, order.length - after)),
		);
		order.splice(position, 0, { ...original, kind: 'repeat' });
	}
	return order;
}

export function webhookBursts(context: () => ScenarioContext): void {
	describe('webhook bursts to the Selarti Trigger', () => {
		test(`${TOTAL} webhooks from ${SENDERS} senders: one execution per distinct valid message and per invalid payload, nothing else`, async () => {
			const startedAt = Date.now();
			const ctx = context();
			const { n8n, baseUrl } = ctx.deployment;
			const { workflow, webhookPath } = selartiTriggerWorkflow(
				'Webhook burst',
				{ messageTypes: ['bot', 'operator'], options: {} },
				await ctx.tokenCredential(ctx.secret('burst trigger token')),
			);
			const workflowId = await n8n.deployWorkflow(workflow, [webhookPath]);
			ctx.workflowIds.push(workflowId);
			const url = `${baseUrl}/webhook/${webhookPath}`;
			const requests = burstRequests(workflowId);
			const warmUpId = `${workflowId}-before-the-burst`;
			await http(url, { body: selartiPayload({ message_id: warmUpId }) });
			await waitForDoneExecutions(n8n, workflowId, 1);

			const statuses: Record<string, number> = {};
			let next = 0;
			const sendStarted = Date.now();
			await Promise.all(
				Array.from({ length: SENDERS }, async () => {
					while (next < requests.length) {
						const request = requests[next++];
						const answer = await http(url, {
							body: request.body,
							headers: { 'content-type': request.contentType },
							timeoutMs: 60_000,
						});
						const key = `${request.kind} → ${answer.status}`;
						statuses[key] = (statuses[key] ?? 0) + 1;
					}
				}),
			);
			const sendSeconds = (Date.now() - sendStarted) / 1000;
			await waitForDoneExecutions(n8n, workflowId, 1 + VALID + INVALID, 5 * 60_000);
			// Then watch a while longer for executions that should not exist.
			const finalCount = await stableValue(
				async () => (await executionList(n8n, workflowId)).length,
				5_000,
			);

			const outputs = (await n8n.executions(workflowId)).map(
				(execution) =>
					execution.data?.resultData.runData['Selarti Trigger']?.[0]?.data?.main[0]?.[0]?.json ??
					{},
			);
			const perMessage = new Map<string, number>();
			let invalidOutputs = 0;
			for (const output of outputs) {
				if (output._validation !== undefined) invalidOutputs++;
				else
					perMessage.set(
						String(output.message_id),
						(perMessage.get(String(output.message_id)) ?? 0) + 1,
					);
			}
			const validIds = new Set([
				warmUpId,
				...requests
					.filter((request) => request.kind === 'valid')
					.map((request) => request.messageId),
			]);
			const missing = [...validIds].filter((id) => !perMessage.has(id!));
			const repeatedExecutions = [...perMessage.values()].reduce(
				(sum, n) => sum + Math.max(0, n - 1),
				0,
			);
			const unexpected = [...perMessage.keys()].filter((id) => !validIds.has(id));

			writeSection('webhook-bursts', {
				title: 'Webhook bursts (real n8n, Selarti Trigger)',
				summary: `${TOTAL} POSTs to one active Selarti Trigger (default settings) in n8n ${ctx.deployment.version} from ${SENDERS} concurrent senders: ${VALID} distinct valid messages, ${REPEATS} repeated deliveries (same message_id, sent at least ${REPEAT_DISTANCE} requests after the first) and ${INVALID} invalid payloads (output with their errors, the default policy). Executions were counted through n8n's API, and watched for 5 s more after the expected number was reached.`,
				figures: {
					'webhooks sent': requests.length,
					'webhooks accepted (HTTP 200)': Object.entries(statuses)
						.filter(([key]) => key.endsWith('→ 200'))
						.reduce((sum, [, n]) => sum + n, 0),
					'distinct valid messages': VALID,
					'repeated deliveries': REPEATS,
					'invalid payloads': INVALID,
					'executions expected (+1 for the message before the burst)': 1 + VALID + INVALID,
					'executions recorded': finalCount,
					'… valid messages with one execution (message before the burst included)': [
						...perMessage.values(),
					].filter((n) => n === 1).length,
					'… executions of repeated deliveries': repeatedExecutions,
					'… invalid payloads output': invalidOutputs,
					'valid messages without an execution': missing.length,
					'sending time (s)': sendSeconds.toFixed(1),
				},
				details: renderTable(['request → answer', 'count'], Object.entries(statuses).sort()),
				durationMs: Date.now() - startedAt,
			});

			expect(statuses).toEqual({
				'valid → 200': VALID,
				'repeat → 200': REPEATS,
				'invalid → 200': INVALID,
			});
			expect({ missing, unexpected, repeatedExecutions, invalidOutputs, finalCount }).toEqual({
				missing: [],
				unexpected: [],
				repeatedExecutions: 0,
				invalidOutputs: INVALID,
				finalCount: 1 + VALID + INVALID,
			});
		});
	});
}
