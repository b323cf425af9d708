import { randomBytes } from 'node:crypto';

import { LeakSearch } from '../../support/leak-search';
import type { Deployment } from './deployment';
import type { Credential } from './workflows';
import { TEST_WEBHOOK_SECRET } from '../../../../harness/workflows';

/*
 * What the scenarios of one n8n deployment share: the deployment, the secrets they used (searched for at the end in
 * everything n8n stored and logged) and the workflows they ran (whose executions are searched).
 */

/** Tokens the sandbox issues for an API key look like Bubble session tokens: "bus|<id>|<id>". */
export const ISSUED_TOKEN_PATTERN = /bus\|\d{13}x\d{15,18}\|\d{13}x\d{15,18}/;

export class ScenarioContext {
	readonly leaks = new LeakSearch();
	readonly workflowIds: string[] = [];

	constructor(readonly deployment: Deployment) {
		this.leaks.addPattern('a session token issued by the sandbox', ISSUED_TOKEN_PATTERN);
	}

	/** A fresh random secret, registered for the leak search. */
	secret(label: string): string {
		const value = `${label.replace(/\W+/g, '-')}-${randomBytes(16).toString('hex')}`;
		this.leaks.addSecret(label, value);
		return value;
	}

	/** A Selarti API credential pointing at the sandbox (or `baseUrl`), saved through the editor's API. */
	async apiKeyCredential(
		apiKey: string,
		baseUrl = this.deployment.sandbox.url,
	): Promise<Credential> {
		return await this.deployment.n8n.createCredential(
			`Selarti key ${apiKey.slice(0, 8)}`,
			'selartiApi',
			{
				authentication: 'apiKey',
				apiKey,
				server: 'custom',
				customBaseUrl: baseUrl,
				webhookSecret: TEST_WEBHOOK_SECRET,
			},
		);
	}

	async tokenCredential(
		accessToken: string,
		baseUrl = this.deployment.sandbox.url,
	): Promise<Credential> {
		return await this.deployment.n8n.createCredential(
			`Selarti token ${accessToken.slice(0, 8)}`,
			'selartiApi',
			{
				authentication: 'accessToken',
				accessToken,
				server: 'custom',
				customBaseUrl: baseUrl,
				webhookSecret: TEST_WEBHOOK_SECRET,
			},
		);
	}

	/** Searches the sandbox's log of received calls (cleared by the next scenario's reset). */
	async searchSandboxLog(scenario: string): Promise<void> {
		const { control } = this.deployment.sandbox;
		this.leaks.search(`${scenario}: sandbox call log`, JSON.stringify(await control.calls()));
		this.leaks.search(
			`${scenario}: sandbox webhook log`,
			JSON.stringify(await control.deliveries()),
		);
	}
}
