import { randomUUID } from 'node:crypto';

import { selartiTriggerWorkflow } from '../../harness/workflows';
import { e2eSuite } from '../e2e/support/suite';
import type { EditorBrowser } from './support/browser';
import { openSignedInEditor } from './support/session';
import { type N8nEditor, themes } from './support/editor';
import { saveScreenshot } from './support/screenshots';

const e2e = e2eSuite();

const NO_REPLY_TEXT = 'Sorry, there is no answer yet. Please write again in a moment.';

describe(`n8n ${e2e.version}, editor: Chat Trigger → Send and Wait for Reply, built by hand from the node panel`, () => {
	let browser: EditorBrowser;
	let editor: N8nEditor;
	let credential: { id: string; name: string };
	let taskId: string;

	beforeAll(async () => {
		// What the user set up before: the Selarti Trigger whose URL is in Selarti, active, with their credential.
		credential = await e2e.createSelartiCredential();
		const replies = selartiTriggerWorkflow(
			'Replies for the chat',
			{ messageTypes: ['bot', 'operator'], options: {} },
			credential,
		);
		await e2e.deploy(replies.workflow, [replies.webhookPath]);
		taskId = (
			await e2e.sandbox.addTask({
				webhookUrls: [`${e2e.state.n8n.baseUrl}/webhook/${replies.webhookPath}`],
			})
		).id;

		({ browser, editor } = await openSignedInEditor(e2e.state.n8n.baseUrl));
	});

	afterEach(async () => await e2e.sandbox.setOptions({ replyParts: 1 }));
	afterAll(async () => await browser?.close());

	/** On chat message (Chat Trigger, its defaults) → Selarti: Send a message and wait for the reply, fields mapped. */
	async function buildChatWorkflow(theme: (typeof themes)[number]): Promise<void> {
		await editor.openNewWorkflow(theme);
		await editor.addFirstTrigger('On chat message');
		await editor.closeNdv();
		await editor.openNodeCreatorAfter('When chat message received');
		await editor.addNode('Selarti', 'Selarti', 'Actions', 'Send a message and wait for the reply');
		await editor.chooseCredential(credential.name);
		await editor.parameterInput('taskId').locator('input').fill(taskId);
		await editor.setExpression('chatId', '$json.sessionId');
		await editor.setExpression('message', '$json.chatInput');
	}

	it.each(themes)(
		"%s theme: a message typed into n8n's chat comes back as the AI's reply",
		async (theme) => {
			await buildChatWorkflow(theme);
			await saveScreenshot(editor, e2e.state, 'chat-by-hand-node', theme);
			await editor.closeNdv();
			expect((await editor.saveWorkflow())['Send a message and wait for the reply']).toEqual(
				expect.objectContaining({
					operation: 'sendAndWait',
					taskId,
					chatId: '={{ $json.sessionId }}',
					message: '={{ $json.chatInput }}',
				}),
			);

			const text = `Do you deliver on Sundays? ${randomUUID().slice(0, 8)}`;
			await editor.sendInChatPanel(text);
			await editor.page.getByText(`AI: ${text}`).first().waitFor({ timeout: 60_000 });
			await saveScreenshot(editor, e2e.state, 'chat-by-hand-answer', theme);
		},
	);

	it('without a reply within Wait Limit, the chat shows the No Reply Text', async () => {
		await buildChatWorkflow('light');
		await editor.chooseInDropdown(editor.collectionAdd(), 'Wait Limit');
		await editor.parameterInput('waitLimit').locator('input').fill('2');
		await editor.closeNdv();
		await editor.saveWorkflow();
		await e2e.sandbox.setOptions({ replyParts: 0 });

		await editor.sendInChatPanel('Is anybody there?');
		await editor.page.getByText(NO_REPLY_TEXT).first().waitFor({ timeout: 60_000 });
		await saveScreenshot(editor, e2e.state, 'chat-by-hand-no-reply', 'light');
	});
});
