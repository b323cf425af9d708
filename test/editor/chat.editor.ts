import { loadExample, nodeNamed, selartiTriggerPathOf } from '../../harness/examples';
import { chatWidgetAsset, chatWidgetFolder } from '../../harness/n8nChatWidget';
import { e2eSuite } from '../e2e/support/suite';
import { launchEditorBrowser, type EditorBrowser } from './support/browser';
import { N8nEditor, themes } from './support/editor';
import { saveScreenshot } from './support/screenshots';

const e2e = e2eSuite();

describe(`n8n ${e2e.version}, browser: n8n's hosted chat answered by Selarti (examples/website-chat-selarti.json)`, () => {
	let browser: EditorBrowser;
	let chatUrl: string;

	beforeAll(async () => {
		const task = await e2e.sandbox.addTask({});
		const workflow = loadExample('website-chat-selarti.json', {
			taskId: task.id,
			credentials: { selartiApi: await e2e.createSelartiCredential() },
		});
		const chatPath = `${nodeNamed(workflow, 'When chat message received').webhookId}/chat`;
		const triggerPath = selartiTriggerPathOf(workflow);
		await e2e.deploy(workflow, [chatPath, triggerPath]);
		await e2e.sandbox.addWebhook(task.id, `${e2e.state.n8n.baseUrl}/webhook/${triggerPath}`);
		chatUrl = `${e2e.state.n8n.baseUrl}/webhook/${chatPath}`;

		const dist = await chatWidgetFolder();
		browser = await launchEditorBrowser();
		await browser.page.route('https://cdn.jsdelivr.net/**', async (route) => {
			const asset = await chatWidgetAsset(dist, route.request().url());
			// normalize.css only resets browser defaults; the page works without it.
			if (asset === undefined)
				await route.fulfill({ status: 200, contentType: 'text/css', body: '' });
			else await route.fulfill({ status: 200, contentType: asset.contentType, body: asset.body });
		});
	});

	afterAll(async () => {
		await browser?.close();
	});

	it.each(themes)(
		'%s: a message typed into the chat page comes back answered by the Selarti AI',
		async (theme) => {
			const page = browser.page;
			await page.emulateMedia({ colorScheme: theme });
			await page.goto(chatUrl);
			const input = page.locator('textarea');
			await input.waitFor();
			// Each visit is a new chat session (the page keeps none), so the same words make the same picture every run.
			const text = 'Do you deliver on Sundays?';
			await input.fill(text);
			await input.press('Enter');
			await page.getByText(`AI: ${text}`).waitFor({ timeout: 60_000 });
			const editor = new N8nEditor(page, e2e.state.n8n.baseUrl);
			await saveScreenshot(editor, e2e.state, 'website-chat', theme);
		},
	);
});
