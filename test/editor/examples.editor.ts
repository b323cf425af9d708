import { loadExample } from '../../harness/examples';
import { e2eSuite } from '../e2e/support/suite';
import { launchEditorBrowser, type EditorBrowser } from './support/browser';
import { isClipped, N8nEditor } from './support/editor';

const e2e = e2eSuite();

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
		};
		browser = await launchEditorBrowser();
		editor = new N8nEditor(browser.page, e2e.state.n8n.baseUrl);
		await editor.logIn();
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
	});
});
