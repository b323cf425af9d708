import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a user gets by importing a shipped example must be safe without extra knowledge: no webhook path published in
 * this repository, and no webhook that takes calls from anyone (but n8n's public chat, which is public by design).
 */

const folder = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(folder).filter((file) => file.endsWith('.json'));

interface Node {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}
const nodesOf = (file: string) =>
	(JSON.parse(readFileSync(join(folder, file), 'utf8')) as { nodes: Node[] }).nodes;

describe.each(examples)('examples/%s', (file) => {
	const nodes = nodesOf(file);

	it('pins no webhook id: n8n gives each imported copy its own paths', () => {
		expect(nodes.filter((node) => node.webhookId !== undefined).map((node) => node.name)).toEqual(
			[],
		);
		const webhooks = nodes.filter((node) => node.type === 'n8n-nodes-base.webhook');
		expect(webhooks.filter((node) => node.parameters.path !== '').map((node) => node.name)).toEqual(
			[],
		);
	});

	it('leaves no webhook open: each takes only authenticated calls', () => {
		const open = nodes.filter((node) => {
			if (node.type === 'n8n-nodes-base.webhook')
				return (node.parameters.authentication ?? 'none') === 'none';
			// The Webhook Secret of its credential guards it; without the credential it does not activate.
			if (node.type === 'n8n-nodes-selarti.selartiTrigger')
				return node.credentials?.selartiApi === undefined;
			// Telegram's own secret token guards it (n8n sets it when it registers the webhook).
			if (node.type === 'n8n-nodes-base.telegramTrigger')
				return node.credentials?.telegramApi === undefined;
			// Anything else, such as a website chat, is public by design (the chat's ids are prefixed: see the example's
			// Ask Selarti node).
			return false;
		});
		expect(open.map((node) => node.name)).toEqual([]);
	});
});
