import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { loadExample } from '../../harness/examples';
import type { Workflow } from '../../harness/n8nClient';
import { repoRoot } from '../../harness/paths';
import { e2eSuite } from '../e2e/support/suite';
import { saveScreenshot } from './support/screenshots';
import type { EditorBrowser } from './support/browser';
import { openSignedInEditor } from './support/session';
import { isClipped, N8nEditor } from './support/editor';

const e2e = e2eSuite();

/** Whether a text appears in any file of this repository (what a shipped example would publish). */
function publishedHere(text: string): boolean {
	try {
		execFileSync('git', ['grep', '--quiet', '--fixed-strings', text], { cwd: repoRoot });
		return true;
	} catch {
		return false;
	}
}

describe(`n8n ${e2e.version}, editor: the shipped examples as a user opens them`, () => {
	let browser: EditorBrowser;
	let editor: N8nEditor;
	let credentials: Record<string, { id: string; name: string }>;

	beforeAll(async () => {
		credentials = {
			selartiApi: await e2e.createSelartiCredential(),
			telegramApi: await e2e.n8n.createCredential('Telegram for the examples', 'telegramApi', {
				accessToken: '424242:examples',
			}),
			httpHeaderAuth: await e2e.createMessengerKeyCredential(),
		};
		({ browser, editor } = await openSignedInEditor(e2e.state.n8n.baseUrl));
	});

	afterAll(async () => {
		await browser?.close();
	});

	// The examples that send to Selarti carry a task id placeholder; the leads example only receives.
	it.each([
		['telegram-selarti.json', 'a-task-id'],
		['webhook-selarti.json', 'a-task-id'],
		['selarti-leads-crm.json', undefined],
		['website-chat-selarti.json', 'a-task-id'],
	])('%s: the sticky note shows every setup step, the last one included', async (file, taskId) => {
		const workflow = loadExample(file, { taskId, credentials });
		const { id } = await e2e.n8n.createWorkflow(workflow);
		await editor.openWithTheme('light', `/workflow/${id}`);
		const sticky = browser.page
			.locator('.n8n-sticky')
			.filter({ hasText: 'Activate (publish) the workflow' });
		await sticky.waitFor();
		expect(await isClipped(sticky)).toBe(false);
		// The README's picture of each recipe: the example as a user opens it.
		await saveScreenshot(editor, e2e.state, `example-${file.replace(/\.json$/, '')}`, 'light');
	});

	it.each([
		'telegram-selarti.json',
		'webhook-selarti.json',
		'selarti-leads-crm.json',
		'website-chat-selarti.json',
	])(
		'%s imported from file as a user does: n8n gives each webhook a path of its own, none published here',
		async (file) => {
			await editor.openNewWorkflow('light');
			// The workflow menu's "Import from File…" (2.41: ⋯ → Import → From file) reads this input.
			await browser.page
				.locator('input[type="file"]')
				.first()
				.setInputFiles(join(repoRoot, 'examples', file));
			await editor.page.locator('[data-test-id="canvas-node"]').first().waitFor();
			await editor.saveWorkflow();
			const id = new URL(browser.page.url()).pathname.split('/').at(-1) ?? '';
			const saved = await e2e.n8n.publicApi<Workflow>('GET', `/workflows/${id}`);
			const webhookNodes = saved.nodes.filter((node) => node.webhookId !== undefined);
			expect(webhookNodes.length).toBeGreaterThan(0);
			for (const node of webhookNodes) {
				const paths = [node.webhookId ?? '', String(node.parameters.path ?? '')].filter(Boolean);
				expect([node.name, paths.filter(publishedHere)]).toEqual([node.name, []]);
			}
			await e2e.n8n.deleteWorkflow(id);
		},
	);
});
