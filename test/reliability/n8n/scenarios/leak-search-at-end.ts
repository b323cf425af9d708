import { readFile } from 'node:fs/promises';

import { writeSection } from '../../support/report';
import type { ScenarioContext } from '../support/context';
import { failingCallsTable } from './failing-calls';

/*
 * Last: every execution the scenarios started (with its data, as n8n stored it) and n8n's whole log at debug level
 * are searched for every secret the scenarios used (the sandbox's logs were searched after each scenario).
 */
export function leakSearchAtEnd(context: () => ScenarioContext): void {
	describe('secrets in what n8n stored and logged', () => {
		test("no API key or token in execution data, in n8n's log or in the sandbox's logs", async () => {
			const startedAt = Date.now();
			const ctx = context();
			const { n8n, logFile } = ctx.deployment;
			let executions = 0;
			for (const workflowId of ctx.workflowIds) {
				for (const execution of await n8n.executions(workflowId)) {
					executions++;
					ctx.leaks.search(
						`execution ${execution.id} of workflow ${workflowId}`,
						JSON.stringify(execution),
					);
				}
			}
			const log = await readFile(logFile, 'utf8');
			ctx.leaks.search("n8n's log (debug level)", log);
			writeSection('n8n-leaks', {
				title: 'Secrets in what n8n stored and logged (real n8n)',
				summary: `After all the scenarios above in n8n ${ctx.deployment.version} (log level debug), the API keys and bearer tokens they used, and every session token the sandbox issued (found by its shape, "bus|…|…"), were searched for in all their executions with data, in n8n's whole log and in the sandbox's logs of received calls and sent webhooks. Any 12-character piece of a secret counts as a leak.`,
				figures: {
					'secrets and token shapes searched for': ctx.leaks.secretCount,
					'executions searched': executions,
					'n8n log searched (bytes)': log.length,
					'places searched': ctx.leaks.places,
					'bytes searched': ctx.leaks.bytesSearched,
					'leaks found': ctx.leaks.leaks.length,
				},
				details: failingCallsTable(),
				durationMs: Date.now() - startedAt,
			});
			expect(executions).toBeGreaterThan(0);
			expect(ctx.leaks.describe()).toBe('');
		});
	});
}
