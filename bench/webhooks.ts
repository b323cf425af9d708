import type { N8nClient } from '../harness/n8nClient';
import { waitFor } from '../harness/wait';

/** n8n 2.40 registers production webhooks a moment after activation answers: wait until the path is routed. */
export async function waitForWebhook(client: N8nClient, webhookPath: string): Promise<void> {
	await waitFor(
		`webhook ${webhookPath} to be registered`,
		async () => await client.isWebhookRegistered(webhookPath),
		{ timeoutMs: 60_000 },
	);
}
