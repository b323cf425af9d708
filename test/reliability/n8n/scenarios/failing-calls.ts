import type { FaultRuleInput } from '../../../../sandbox';
import { findFreePort } from '../../../../harness/ports';
import { renderTable } from '../../support/report';
import type { ScenarioContext } from '../support/context';
import { deploySendWorkflow, runSend, type Credential } from '../support/workflows';

/*
 * Calls that fail for good in a real n8n (401, 403, 404, 500, timeout, connection refused), three items each with
 * Continue On Fail: every item names the cause. Their execution data and n8n's log are searched for the secrets at
 * the end of the run (see leak-search-at-end.ts).
 */

interface FailingCase {
	name: string;
	credential: (ctx: ScenarioContext, token: string) => Promise<Credential>;
	fault?: FaultRuleInput;
	options?: Record<string, unknown>;
	cause: RegExp;
}

/** A loopback URL nobody listens on: the connection is refused. */
const closedPortUrl = async (): Promise<string> => `http://127.0.0.1:${await findFreePort()}`;

const cases: FailingCase[] = [
	{
		name: '401 unknown bearer token',
		credential: async (ctx) => await ctx.tokenCredential(ctx.secret('unknown bearer token')),
		cause: /rejected the token or API key \(HTTP 401/,
	},
	{
		name: '403',
		credential: async (ctx, token) => await ctx.tokenCredential(token),
		fault: { status: 403 },
		cause: /refused this request for the credential \(HTTP 403/,
	},
	{
		name: '404 wrong base URL',
		credential: async (ctx, token) =>
			await ctx.tokenCredential(token, `${ctx.deployment.sandbox.url}/not-selarti`),
		cause: /No Selarti API at .*\(HTTP 404/,
	},
	{
		name: '500',
		credential: async (ctx) => await ctx.apiKeyCredential(await keyFor(ctx)),
		fault: { status: 500, workflow: 'send_message_external' },
		cause: /internal error \(HTTP 500/,
	},
	{
		name: 'timeout',
		credential: async (ctx) => await ctx.apiKeyCredential(await keyFor(ctx)),
		fault: { action: 'slow', delayMs: 2500, workflow: 'send_message_external' },
		options: { timeout: 1000 },
		cause: /did not answer within 1 s/,
	},
	{
		name: 'connection refused',
		credential: async (ctx, token) => await ctx.tokenCredential(token, await closedPortUrl()),
		cause: /connection was refused/,
	},
	{
		name: 'connection refused at the key exchange',
		credential: async (ctx) => await ctx.apiKeyCredential(await keyFor(ctx), await closedPortUrl()),
		cause: /connection was refused/,
	},
];

async function keyFor(ctx: ScenarioContext): Promise<string> {
	const key = ctx.secret('API key (failing calls)');
	await ctx.deployment.sandbox.control.addApiKey(key);
	return key;
}

export const failingCallRows: string[][] = [];

export function failingCalls(context: () => ScenarioContext): void {
	describe('failing calls in n8n', () => {
		let token: string;
		let taskId: string;

		beforeAll(async () => {
			const ctx = context();
			await ctx.deployment.sandbox.control.reset();
			token = ctx.secret('bearer token (failing calls)');
			await ctx.deployment.sandbox.control.addToken(token);
			taskId = (await ctx.deployment.sandbox.control.addTask({})).id;
		});

		afterAll(async () => {
			await context().searchSandboxLog('failing calls');
		});

		test.each(cases)('$name: every item is an error naming the cause', async (failing) => {
			const ctx = context();
			const { sandbox, n8n, baseUrl } = ctx.deployment;
			await sandbox.control.clearFaults();
			if (failing.fault) await sandbox.control.addFault(failing.fault);
			const workflow = await deploySendWorkflow(
				n8n,
				baseUrl,
				`Failing: ${failing.name}`,
				await failing.credential(ctx, token),
				failing.options,
			);
			ctx.workflowIds.push(workflow.id);
			const messages = ['a', 'b', 'c'].map((text, index) => ({
				taskId,
				chatId: `failing-${index % 2}`,
				text: `${failing.name} ${text}`,
			}));
			const { items } = await runSend(n8n, workflow, messages);
			failingCallRows.push([failing.name, String(items[0]?.json.error)]);
			expect(items.map((item) => item.pairedItem?.item)).toEqual([0, 1, 2]);
			for (const item of items) expect(String(item.json.error)).toMatch(failing.cause);
		});
	});
}

export const failingCallsTable = (): string =>
	renderTable(['failing call (real n8n)', 'error item 1'], failingCallRows);
