import type { N8nClient, Workflow } from '../harness/n8nClient';
import { waitFor } from '../harness/wait';

/** n8n 2.40 registers production webhooks a moment after activation answers: wait until the path is routed. */
export async function waitForWebhook(client: N8nClient, webhookPath: string): Promise<void> {
	await waitFor(
		`webhook ${webhookPath} to be registered`,
		async () => await client.isWebhookRegistered(webhookPath),
		{ timeoutMs: 60_000 },
	);
}

/** Creates and activates a workflow and waits until its webhook is routed; resolves with its id. */
export async function deployWorkflow(
	client: N8nClient,
	workflow: Workflow,
	webhookPath: string,
): Promise<string> {
	const { id } = await client.createWorkflow(workflow);
	await client.activateWorkflow(id);
	await waitForWebhook(client, webhookPath);
	return id;
}
