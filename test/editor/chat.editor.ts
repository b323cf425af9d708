import { loadExample, nodeNamed, selartiTriggerPathOf } from '../../harness/examples';
import { chatWidgetAsset, chatWidgetFolder } from '../../harness/n8nChatWidget';
import { chatSendAndWaitWorkflow, type ChatResponseMode } from '../../harness/workflows';
import { e2eSuite } from '../e2e/support/suite';
import { launchEditorBrowser, type EditorBrowser } from './support/browser';
import { N8nEditor, themes } from './support/editor';
import { saveScreenshot } from './support/screenshots';

const e2e = e2eSuite();
const n8nMajor = Number(e2e.version.split('.')[0]);

describe(`n8n ${e2e.version}, browser: n8n's hosted chat answered by Selarti`, () => {
	let browser: EditorBrowser;
	let exampleChatUrl: string;
	let taskId: string;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		taskId = (await e2e.sandbox.addTask({})).id;
		credential = await e2e.createSelartiCredential();
		const workflow = loadExample('website-chat-selarti.json', {
			taskId,
			credentials: { selartiApi: credential },
		});
		const chatPath = `${nodeNamed(workflow, 'When chat message received').webhookId}/chat`;
		const triggerPath = selartiTriggerPathOf(workflow);
		await e2e.deploy(workflow, [chatPath, triggerPath]);
		await e2e.sandbox.addWebhook(taskId, `${e2e.state.n8n.baseUrl}/webhook/${triggerPath}`);
		exampleChatUrl = `${e2e.state.n8n.baseUrl}/webhook/${chatPath}`;

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

	/** Opens the chat page, types `text` as a customer does and waits for the AI's answer below it. */
	async function ask(chatUrl: string, text: string): Promise<void> {
		const page = browser.page;
		await page.goto(chatUrl);
		const input = page.locator('textarea');
		await input.waitFor();
		await input.fill(text);
		await input.press('Enter');
		await page.getByText(`AI: ${text}`).waitFor({ timeout: 60_000 });
	}

	it.each(themes)(
		'examples/website-chat-selarti.json, %s: a message typed into the chat page comes back answered by the Selarti AI',
		async (theme) => {
			await browser.page.emulateMedia({ colorScheme: theme });
			// Each visit is a new chat session (the page keeps none), so the same words make the same picture every run.
			await ask(exampleChatUrl, 'Do you deliver on Sundays?');
			const editor = new N8nEditor(browser.page, e2e.state.n8n.baseUrl);
			await saveScreenshot(editor, e2e.state, 'website-chat', theme);
		},
	);

	// The example shows the default (When Last Node Finishes); the README names the other two modes as working.
	it.each<ChatResponseMode>(['streaming', 'responseNodes'])(
		'Chat Trigger with Response Mode %s: the chat page shows the reply',
		async (responseMode) => {
			await browser.page.emulateMedia({ colorScheme: 'light' });
			const { workflow, chatPath } = chatSendAndWaitWorkflow(
				taskId,
				credential,
				responseMode,
				n8nMajor,
			);
			const id = await e2e.deploy(workflow, [chatPath]);
			try {
				await ask(
					`${e2e.state.n8n.baseUrl}/webhook/${chatPath}`,
					`Open on Sundays? (${responseMode})`,
				);
			} finally {
				await e2e.n8n.deactivateWorkflow(id);
			}
		},
	);
});
