import { http, httpOk, type HttpRequest, type HttpResponse } from './http';
import { waitFor, type WaitOptions } from './wait';

/**
 * The owner account every throwaway n8n gets; for an n8n the suites did not start, the owner login given in
 * SELARTI_E2E_N8N_OWNER_EMAIL and SELARTI_E2E_N8N_OWNER_PASSWORD (a new instance is set up with it).
 */
export const owner = {
	email: process.env.SELARTI_E2E_N8N_OWNER_EMAIL ?? 'owner@selarti-e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: process.env.SELARTI_E2E_N8N_OWNER_PASSWORD ?? 'Selarti-e2e-1',
};

// The session cookie is bound to the browser id sent when it was issued; the editor sends one on every call.
const browserId = 'selarti-e2e-browser';

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	startedAt: string;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
					error?: unknown;
					hints?: Array<{ message: string }>;
				}>
			>;
			error?: unknown;
		};
	};
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface Workflow {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Talks to one n8n the two ways a user's tools do: the editor's REST API (/rest, session cookie) and the
 * public API (/api/v1, API key). Endpoints verified against the sources of n8n 1.123.81 and 2.40.7.
 */
export class N8nClient {
	constructor(
		readonly baseUrl: string,
		private cookie = '',
		private apiKey = '',
	) {}

	get session(): { cookie: string; apiKey: string } {
		return { cookie: this.cookie, apiKey: this.apiKey };
	}

	/** A new n8n's first steps: the owner account, a session, and a public API key named `apiKeyLabel`. */
	async setUpAsOwner(apiKeyLabel?: string): Promise<void> {
		await this.setupOwner();
		await this.login();
		await this.createApiKey(apiKeyLabel);
	}

	/**
	 * An n8n someone else started: signs in as its owner (setting the owner up when the instance is new), then uses
	 * `apiKey` or creates one.
	 */
	async signInAsOwner(apiKey?: string): Promise<void> {
		const settings = await http<{ data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } }>(
			`${this.baseUrl}/rest/settings`,
		);
		if (settings.body?.data?.userManagement?.showSetupOnFirstLoad === true) await this.setupOwner();
		await this.login();
		if (apiKey) this.apiKey = apiKey;
		// n8n refuses a second key with the same label: each run against the same instance names its own.
		else await this.createApiKey(`selarti-e2e-external ${new Date().toISOString()}`);
	}

	/** POST /rest/owner/setup (first start only); the answer carries the session cookie. */
	async setupOwner(): Promise<void> {
		const response = await httpOk(`${this.baseUrl}/rest/owner/setup`, {
			body: owner,
			headers: { 'browser-id': browserId },
		});
		this.keepCookie(response);
	}

	/** POST /rest/login; the field is `emailOrLdapLoginId` in 1.123 and 2.40 (older n8n used `email`). */
	async login(): Promise<void> {
		const response = await httpOk(`${this.baseUrl}/rest/login`, {
			body: { emailOrLdapLoginId: owner.email, password: owner.password },
			headers: { 'browser-id': browserId },
		});
		this.keepCookie(response);
	}

	/** GET /rest/api-keys/scopes then POST /rest/api-keys {label, scopes, expiresAt}; the raw key is only in this answer. */
	async createApiKey(label = 'selarti-e2e'): Promise<string> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const created = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label,
			scopes,
			expiresAt: null,
		});
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	/** The editor's API: answers are wrapped in {data}. */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await httpOk<{ data: T }>(`${this.baseUrl}/rest${path}`, {
			method,
			body,
			headers: this.restHeaders(),
		});
		return response.body.data;
	}

	async restRaw<T = unknown>(path: string, request: HttpRequest = {}): Promise<HttpResponse<T>> {
		return await http<T>(`${this.baseUrl}${path}`, {
			...request,
			headers: { ...this.restHeaders(), ...request.headers },
		});
	}

	async publicApi<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await httpOk<T>(`${this.baseUrl}/api/v1${path}`, {
			method,
			body,
			headers: { 'x-n8n-api-key': this.apiKey },
		});
		return response.body;
	}

	/** Saved through the editor's endpoint, as the credential dialog does. */
	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string }> {
		const created = await this.rest<{ id: string; name: string }>('POST', '/credentials', {
			name,
			type,
			data,
		});
		return { id: created.id, name: created.name };
	}

	/**
	 * The form data the credential dialog holds for a saved credential: GET /rest/credentials/{id}?includeData=true,
	 * secrets (hidden fields included) redacted by n8n, which puts the stored values back when the form is tested or saved.
	 */
	async credentialFormData(id: string): Promise<Record<string, unknown>> {
		const credential = await this.rest<{ data: Record<string, unknown> }>(
			'GET',
			`/credentials/${id}?includeData=true`,
		);
		return credential.data;
	}

	/** What the editor's "Test" button calls: POST /rest/credentials/test with the saved credential's id and the form data. */
	async testCredential(
		credential: { id: string; name: string },
		type: string,
		data: Record<string, unknown>,
	): Promise<CredentialTestResult> {
		return await this.rest<CredentialTestResult>('POST', '/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type, data },
		});
	}

	async createWorkflow(workflow: Workflow): Promise<Workflow & { id: string }> {
		const { name, nodes, connections, settings } = workflow;
		return await this.publicApi('POST', '/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? { executionOrder: 'v1' },
		});
	}

	/**
	 * POST /api/v1/workflows/{id}/activate: "activate" in 1.x, a deprecated alias of "publish" in 2.x. In 2.40 the
	 * production webhooks are registered a moment after the call answers, so callers wait with waitForWebhook().
	 */
	async activateWorkflow(id: string): Promise<void> {
		await this.publicApi('POST', `/workflows/${id}/activate`);
	}

	async deactivateWorkflow(id: string): Promise<void> {
		await this.publicApi('POST', `/workflows/${id}/deactivate`);
	}

	async deleteWorkflow(id: string): Promise<void> {
		await this.publicApi('DELETE', `/workflows/${id}`);
	}

	/** All executions of a workflow with their data, newest first (GET /api/v1/executions?includeData=true). */
	async executions(workflowId: string): Promise<Execution[]> {
		return await this.executionPages(workflowId, { includeData: 'true', limit: '100' });
	}

	/** One execution by id; undefined when n8n has none with that id. */
	async execution(id: string, includeData = false): Promise<Execution | undefined> {
		const answer = await http<Execution>(
			`${this.baseUrl}/api/v1/executions/${id}${includeData ? '?includeData=true' : ''}`,
			{ method: 'GET', headers: { 'x-n8n-api-key': this.apiKey } },
		);
		return answer.status === 200 ? answer.body : undefined;
	}

	/** All executions of a workflow without their data (cheap to poll), newest first. */
	async executionSummaries(workflowId: string): Promise<Array<Omit<Execution, 'data'>>> {
		return await this.executionPages(workflowId, { limit: '250' });
	}

	private async executionPages<T>(
		workflowId: string,
		parameters: Record<string, string>,
	): Promise<T[]> {
		const all: T[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ workflowId, ...parameters });
			if (cursor) query.set('cursor', cursor);
			const page = await this.publicApi<{ data: T[]; nextCursor: string | null }>(
				'GET',
				`/executions?${query}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/**
	 * True once n8n routes `path` for `method`. Asks with another method: an unregistered path answers
	 * "is not registered", a registered one "is not registered for GET requests. Did you mean POST" — nothing runs.
	 */
	async isWebhookRegistered(path: string, method = 'POST'): Promise<boolean> {
		const probeMethod = method === 'GET' ? 'HEAD' : 'GET';
		const response = await http(`${this.baseUrl}/webhook/${path}`, { method: probeMethod });
		if (probeMethod === 'HEAD') return response.status !== 404;
		return response.status !== 404 || response.text.includes(`make a ${method} request`);
	}

	/**
	 * Creates and activates a workflow, then waits until n8n routes each of its webhook paths (n8n 2.40 registers them
	 * a moment after activation answers); resolves with the workflow's id.
	 */
	async deployWorkflow(
		workflow: Workflow,
		webhookPaths: string[],
		options: WaitOptions = {},
	): Promise<string> {
		const { id } = await this.createWorkflow(workflow);
		await this.activateWorkflow(id);
		for (const path of webhookPaths) {
			await waitFor(
				`webhook ${path} of workflow "${workflow.name}" to be registered`,
				async () => await this.isWebhookRegistered(path),
				{ timeoutMs: 60_000, ...options },
			);
		}
		return id;
	}

	private restHeaders(): Record<string, string> {
		return { cookie: this.cookie, 'browser-id': browserId };
	}

	private keepCookie(response: HttpResponse): void {
		const cookies = response.setCookies.map((line) => line.split(';')[0]);
		const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
		if (!auth) throw new Error('n8n answered without a session cookie');
		this.cookie = auth;
	}
}
