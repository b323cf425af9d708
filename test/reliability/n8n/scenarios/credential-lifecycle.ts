import { httpOk } from '../../../../harness/http';
import { waitFor } from '../../../../harness/wait';
import { writeSection } from '../../support/report';
import type { ScenarioContext } from '../support/context';
import { analyseSend } from '../support/send-analysis';
import {
	deploySendWorkflow,
	executionWithData,
	waitForDoneExecutions,
	type OutgoingMessage,
	type SendItem,
	type SendWorkflow,
} from '../support/workflows';

/*
 * The API key credential over its life, in a real n8n: the sandbox expires every token while a run of 300 messages
 * is in flight (the node must renew once and go on), then the key is revoked (every item must fail with a clear
 * error, without the node calling Selarti over and over). Calls to /wf/auth and send_message_external are counted.
 */

const INITIAL_CONCURRENCY = 4;
const figures: Record<string, string | number> = {};
let startedAt = 0;

function messagesFor(
	taskId: string,
	label: string,
	count: number,
	chats: number,
): OutgoingMessage[] {
	return Array.from({ length: count }, (_, index) => ({
		taskId,
		chatId: `${label}-chat-${index % chats}`,
		text: `${label} message ${index}`,
	}));
}

async function runAndReadItems(
	ctx: ScenarioContext,
	workflow: SendWorkflow,
	previous: number,
): Promise<SendItem[]> {
	const { n8n } = ctx.deployment;
	const [done] = await waitForDoneExecutions(n8n, workflow.id, previous + 1);
	const execution = await executionWithData(n8n, done.id);
	return (execution.data?.resultData.runData.Send?.[0]?.data?.main[0] ?? []) as SendItem[];
}

export function credentialLifecycle(context: () => ScenarioContext): void {
	describe('credential lifecycle (API key)', () => {
		let workflow: SendWorkflow;
		let taskId: string;
		let apiKey: string;

		beforeAll(async () => {
			startedAt = Date.now();
			const ctx = context();
			const { sandbox, n8n, baseUrl } = ctx.deployment;
			await sandbox.control.reset();
			apiKey = ctx.secret('API key (credential lifecycle)');
			await sandbox.control.addApiKey(apiKey);
			taskId = (await sandbox.control.addTask({})).id;
			workflow = await deploySendWorkflow(
				n8n,
				baseUrl,
				'Credential lifecycle',
				await ctx.apiKeyCredential(apiKey),
			);
			ctx.workflowIds.push(workflow.id);
		});

		afterAll(async () => {
			await context().searchSandboxLog('credential lifecycle');
			writeSection('credential-lifecycle', {
				title: 'Credential lifecycle (real n8n, API key mode)',
				summary: `In n8n ${context().deployment.version}: while 300 messages (30 chats) were being sent, the sandbox expired every token; the node renewed it and went on. Then the key was revoked and 100 more messages were sent: every item failed with the key's own error, and the node stopped calling Selarti after the first refusals (the run starts ${INITIAL_CONCURRENCY} calls at once).`,
				figures,
				durationMs: Date.now() - startedAt,
			});
		});

		test('a token that expires mid-run is renewed once and the run goes on: 300 messages, each delivered once', async () => {
			const { sandbox } = context().deployment;
			await sandbox.control.setOptions({ latencyMs: 60 });
			const messages = messagesFor(taskId, 'expiry', 300, 30);
			await httpOk(workflow.url, { body: { messages }, timeoutMs: 60_000 });
			// Expire every token once a third of the messages went through, while calls are in flight.
			await waitFor(
				'100 accepted messages',
				async () => (await sandbox.control.stats()).accepted >= 100,
				{ timeoutMs: 120_000, intervalMs: 20 },
			);
			const expired = await sandbox.control.expireTokens();
			const items = await runAndReadItems(context(), workflow, 0);
			const calls = await sandbox.control.calls();
			const analysis = analyseSend(messages, items, calls);
			const auth = calls.filter((call) => call.workflow === 'auth');
			const rejected = calls.filter(
				(call) => call.workflow === 'send_message_external' && call.status === 401,
			);
			Object.assign(figures, {
				'expiry run: messages': messages.length,
				'expiry run: tokens expired mid-run': expired,
				'expiry run: calls answered 401 (in flight at expiry)': rejected.length,
				'expiry run: /wf/auth calls (first exchange + renewals)': auth.length,
				'expiry run: items delivered exactly once': analysis.deliveredOnce,
				'expiry run: items errored': analysis.errored,
				'expiry run: duplicates': analysis.duplicates,
			});

			expect(expired).toBeGreaterThan(0);
			expect(rejected.length).toBeGreaterThan(0);
			expect(auth.map((call) => call.status)).toEqual([200, 200]);
			expect({
				deliveredOnce: analysis.deliveredOnce,
				errored: analysis.errored,
				duplicates: analysis.duplicates,
				outOfOrder: analysis.outOfOrder,
			}).toEqual({
				deliveredOnce: messages.length,
				errored: 0,
				duplicates: 0,
				outOfOrder: 0,
			});
		});

		test('a revoked key fails every item with a clear error and does not hammer Selarti', async () => {
			const { sandbox } = context().deployment;
			const since = (await sandbox.control.calls()).at(-1)?.seq ?? 0;
			expect(await sandbox.control.revokeApiKey(apiKey)).toBe(true);
			const messages = messagesFor(taskId, 'revoked', 100, 10);
			await httpOk(workflow.url, { body: { messages }, timeoutMs: 60_000 });
			const items = await runAndReadItems(context(), workflow, 1);
			const calls = await sandbox.control.calls({ since });
			const analysis = analyseSend(messages, items, calls);
			const auth = calls.filter((call) => call.workflow === 'auth');
			const sends = calls.filter((call) => call.workflow === 'send_message_external');
			Object.assign(figures, {
				'revoked run: messages': messages.length,
				'revoked run: items errored': analysis.errored,
				'revoked run: /wf/auth calls': auth.length,
				'revoked run: send_message_external calls': sends.length,
				'revoked run: error of item 1': String(items[0]?.json.error),
				'revoked run: error of item 100': String(items[99]?.json.error),
			});

			expect(analysis.errored).toBe(messages.length);
			for (const item of items)
				expect(String(item.json.error)).toMatch(
					/did not accept the API key \(HTTP 401: Invalid API key\)/,
				);
			// Each call of the first window is refused, then sent once more so that n8n renews the token (transport/index.ts).
			expect(sends.length).toBeLessThanOrEqual(2 * INITIAL_CONCURRENCY);
			expect(auth.length).toBeLessThanOrEqual(INITIAL_CONCURRENCY);
			expect(calls.filter((call) => call.accepted)).toEqual([]);
		});
	});
}
