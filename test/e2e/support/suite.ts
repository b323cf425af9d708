import { randomUUID } from 'node:crypto';

import {
	createFakeTelegramControlClient,
	createSelartiControlClient,
	type FakeTelegramControl,
	type SelartiControl,
} from '../../../sandbox';
import {
	selartiCredentialData,
	telegramCredentialData,
	type SelartiCredentialData,
} from './credentials';
import { MESSENGER_KEY } from '../../../harness/examples';
import { N8nClient, type Execution, type Workflow } from '../../../harness/n8nClient';
import { logTails } from '../../../harness/n8nProcess';
import { readState, type E2eState } from './state';
import { waitFor, type WaitOptions } from '../../../harness/wait';

declare const n8nVersion: string;

export interface E2e {
	version: string;
	state: E2eState;
	n8n: N8nClient;
	sandbox: SelartiControl;
	telegram: FakeTelegramControl;
	/** Saves a Selarti API credential pointing at the sandbox (API key mode unless overridden). */
	createSelartiCredential(
		overrides?: Partial<SelartiCredentialData>,
	): Promise<{ id: string; name: string }>;
	/** n8n's Header Auth credential with the webhook example's MESSENGER_KEY. */
	createMessengerKeyCredential(): Promise<{ id: string; name: string }>;
	/** One Selarti API credential (API key mode) for the file's Selarti Triggers, saved on first use. */
	triggerCredential(): Promise<{ id: string; name: string }>;
	/** Saves n8n's Telegram credential with its Base URL at the fake Telegram. */
	createTelegramCredential(accessToken?: string): Promise<{ id: string; name: string }>;
	/** waitFor() whose timeout message carries the tails of n8n's and the fakes' logs. */
	waitFor<T>(
		description: string,
		probe: () => Promise<T | undefined | false>,
		options?: WaitOptions,
	): Promise<T>;
	/** Creates and activates a workflow, waits until its production webhooks answer; deactivated after the file. */
	deploy(workflow: Workflow, webhookPaths: string[]): Promise<string>;
	/** Waits until the workflow has at least `count` finished executions and returns all of them, oldest first. */
	waitForExecutions(workflowId: string, count: number, options?: WaitOptions): Promise<Execution[]>;
	/** Finished executions of a workflow, oldest first. */
	finishedExecutions(workflowId: string): Promise<Execution[]>;
}

/**
 * What a test file uses: the version its jest project runs, clients for that version's n8n and sandbox, and
 * helpers that wait on real conditions. Call once at the top of a test file.
 */
export function e2eSuite(): E2e {
	const version = n8nVersion;
	const state = readState(version);
	const n8n = new N8nClient(state.n8n.baseUrl, state.session.cookie, state.session.apiKey);
	const sandbox = createSelartiControlClient(state.sandbox.baseUrl);
	const telegram = createFakeTelegramControlClient(state.telegram.baseUrl);
	const deployed: string[] = [];
	let triggerCredential: Promise<{ id: string; name: string }> | undefined;

	const diagnostics = async () =>
		await logTails(
			[state.n8n, state.sandbox, state.telegram]
				.filter((service) => service !== undefined)
				.map((service) => service.logFile),
		);

	const waitForWithLogs = async <T>(
		description: string,
		probe: () => Promise<T | undefined | false>,
		options: WaitOptions = {},
	) => await waitFor(description, probe, { diagnostics, ...options });

	const finishedExecutions = async (workflowId: string) =>
		(await n8n.executions(workflowId))
			.filter(
				(execution) =>
					execution.finished || execution.status === 'error' || execution.status === 'crashed',
			)
			.reverse();

	afterAll(async () => {
		for (const id of deployed.splice(0)) await n8n.deactivateWorkflow(id);
	});

	return {
		version,
		state,
		n8n,
		sandbox,
		telegram,
		createSelartiCredential: async (overrides) =>
			await n8n.createCredential(
				`Selarti ${randomUUID()}`,
				'selartiApi',
				selartiCredentialData(state, overrides),
			),
		createMessengerKeyCredential: async () =>
			await n8n.createCredential(`Messenger key ${randomUUID()}`, 'httpHeaderAuth', MESSENGER_KEY),
		triggerCredential: async () =>
			await (triggerCredential ??= n8n.createCredential(
				`Selarti triggers ${randomUUID()}`,
				'selartiApi',
				selartiCredentialData(state),
			)),
		createTelegramCredential: async (accessToken) =>
			await n8n.createCredential(
				`Telegram ${randomUUID()}`,
				'telegramApi',
				telegramCredentialData(state, accessToken),
			),
		waitFor: waitForWithLogs,
		finishedExecutions,
		async deploy(workflow, webhookPaths) {
			const id = await n8n.deployWorkflow(workflow, webhookPaths, { diagnostics });
			deployed.push(id);
			return id;
		},
		async waitForExecutions(workflowId, count, options) {
			return await waitForWithLogs(
				`${count} finished execution(s) of workflow ${workflowId}`,
				async () => {
					const executions = await finishedExecutions(workflowId);
					return executions.length >= count ? executions : false;
				},
				options,
			);
		},
	};
}
