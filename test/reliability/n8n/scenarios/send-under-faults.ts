import type { FaultRuleInput } from '../../../../sandbox';
import { renderTable, writeSection } from '../../support/report';
import type { ScenarioContext } from '../support/context';
import { analyseSend, faultsInjected } from '../support/send-analysis';
import { deploySendWorkflow, runSend, type OutgoingMessage } from '../support/workflows';

/*
 * 500 messages (25 chats × 20) through the Selarti node in a real n8n, while the sandbox serves 16 calls at a time
 * (429 with Retry-After beyond that) and injects faults at set rates from seeded generators (reproducible).
 * Every message must end delivered, or as an item error naming its cause; a message may be carried out twice only
 * when the sandbox carried it out but its answer was lost (the connection dropped after processing), which makes
 * any client retry; delivered messages keep their chat's order.
 */

const CHATS = 25;
const PER_CHAT = 20;
const TIMEOUT_MS = 2000;

const faultRules: Array<[string, FaultRuleInput]> = [
	['429 with Retry-After 1 s', { status: 429, rate: 0.04, seed: 11, retryAfterSeconds: 1 }],
	['429 without Retry-After', { status: 429, rate: 0.03, seed: 12, retryAfterSeconds: null }],
	['502 (HTML gateway page)', { status: 502, rate: 0.03, seed: 13 }],
	['503 without Retry-After', { status: 503, rate: 0.03, seed: 14 }],
	['504 (HTML gateway page)', { status: 504, rate: 0.03, seed: 15 }],
	[
		`slow answer (5 s, beyond the ${TIMEOUT_MS / 1000} s timeout; message carried out)`,
		{ action: 'slow', delayMs: 5000, rate: 0.01, seed: 16 },
	],
	[
		'dropped connection before processing',
		{ action: 'drop', rate: 0.03, seed: 17, process: false },
	],
	[
		'dropped connection after processing (answer lost)',
		{ action: 'drop', rate: 0.01, seed: 18, process: true },
	],
];

export function sendUnderFaults(context: () => ScenarioContext): void {
	describe('send under faults', () => {
		test(`${CHATS * PER_CHAT} messages: each delivered once or an item error naming its cause, duplicates only after lost answers, order per chat`, async () => {
			const startedAt = Date.now();
			const ctx = context();
			const { sandbox, n8n, baseUrl } = ctx.deployment;
			await sandbox.control.reset();
			const apiKey = ctx.secret('API key (send under faults)');
			await sandbox.control.addApiKey(apiKey);
			const task = await sandbox.control.addTask({});
			await sandbox.control.setOptions({ latencyMs: 30, capacity: 16, retryAfterSeconds: 1 });
			const ruleNames = new Map<number, string>();
			for (const [name, rule] of faultRules) {
				const view = await sandbox.control.addFault({ ...rule, workflow: 'send_message_external' });
				ruleNames.set(view.id, name);
			}

			const workflow = await deploySendWorkflow(
				n8n,
				baseUrl,
				'Send under faults',
				await ctx.apiKeyCredential(apiKey),
				{ timeout: TIMEOUT_MS },
			);
			ctx.workflowIds.push(workflow.id);
			const messages: OutgoingMessage[] = Array.from({ length: CHATS * PER_CHAT }, (_, index) => ({
				taskId: task.id,
				chatId: `chat-${index % CHATS}`,
				text: `message ${Math.floor(index / CHATS) + 1} of chat ${index % CHATS}`,
			}));
			const runStarted = Date.now();
			const { items } = await runSend(n8n, workflow, messages);
			const runSeconds = (Date.now() - runStarted) / 1000;
			// Slow answers keep running after the node gave up on them.
			await sandbox.control.waitForIdle(30_000);
			const calls = await sandbox.control.calls();
			const analysis = analyseSend(messages, items, calls);
			const injected = faultsInjected(
				calls.filter((call) => call.workflow === 'send_message_external'),
				ruleNames,
			);
			await ctx.searchSandboxLog('send under faults');

			const unexplained = analysis.outcomes.filter(
				(o) =>
					o.accepted - 1 > o.acceptedWithLostAnswer ||
					(o.status === 'delivered' && o.accepted === 0) ||
					(o.status === 'error' && o.cause === undefined),
			);
			writeSection('send-faults', {
				title: 'Send under faults (real n8n)',
				summary: `${messages.length} messages (${CHATS} chats × ${PER_CHAT}) in one execution of Webhook → Split Out → Selarti (Continue On Fail, default options, timeout ${TIMEOUT_MS / 1000} s) in n8n ${ctx.deployment.version}, against the sandbox serving 16 calls at a time with 30 ms latency and the fault rules below (seeded, on send_message_external). "Duplicates" are messages the sandbox carried out twice: each one followed a connection dropped after processing, which no client can tell from one dropped before; a slow answer beyond the timeout is never retried, so it ends as an error item although the message arrived.`,
				figures: {
					messages: messages.length,
					'faults injected': Object.values(injected).reduce((sum, n) => sum + n, 0),
					'calls to send_message_external': calls.filter(
						(call) => call.workflow === 'send_message_external',
					).length,
					'items delivered exactly once': analysis.deliveredOnce,
					'items delivered, carried out twice (lost answer, retried)':
						analysis.deliveredWithDuplicates,
					'items errored': analysis.errored,
					'… of which the message arrived anyway (answer lost)': analysis.erroredButDelivered,
					'duplicates (extra copies carried out)': analysis.duplicates,
					'duplicates not explained by a lost answer': analysis.unexplainedDuplicates,
					'delivered out of order within a chat': analysis.outOfOrder,
					'execution time (s)': runSeconds.toFixed(1),
				},
				details: `${renderTable(['fault injected', 'calls'], Object.entries(injected))}\n\n${renderTable(['item error cause', 'items'], Object.entries(analysis.errorsByCause))}`,
				durationMs: Date.now() - startedAt,
			});

			expect(items).toHaveLength(messages.length);
			expect(
				unexplained.map((o) => ({
					...o.message,
					status: o.status,
					error: o.error,
					accepted: o.accepted,
				})),
			).toEqual([]);
			expect({
				misplacedItems: analysis.misplacedItems,
				unexplainedDuplicates: analysis.unexplainedDuplicates,
				successWithoutDelivery: analysis.successWithoutDelivery,
				errorsWithoutCause: analysis.errorsWithoutCause,
				outOfOrder: analysis.outOfOrder,
			}).toEqual({
				misplacedItems: 0,
				unexplainedDuplicates: 0,
				successWithoutDelivery: 0,
				errorsWithoutCause: 0,
				outOfOrder: 0,
			});
			expect(Object.keys(injected).length).toBeGreaterThanOrEqual(faultRules.length);
		});
	});
}
