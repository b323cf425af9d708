import { e2eSuite } from '../e2e/support/suite';
import type { EditorBrowser } from './support/browser';
import { openSignedInEditor } from './support/session';
import { isClipped, type N8nEditor, schemaFields, themes } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { triggerSchemaFieldTypes, triggerSchemaPath } from './support/trigger-fields';

const e2e = e2eSuite();

/** n8n 2.x refuses schema previews of trigger nodes in the editor ("Trigger nodes do not have schema previews"). */
const showsTriggerSchemaPreview = Number(e2e.version.split('.')[0]) < 2;

describe(`n8n ${e2e.version}, editor: adding the Selarti Trigger`, () => {
	let browser: EditorBrowser;
	let editor: N8nEditor;

	beforeAll(async () => ({ browser, editor } = await openSignedInEditor(e2e.state.n8n.baseUrl)));

	afterAll(async () => await browser?.close());

	it.each(themes)(
		'%s theme: the setup notice and the test and production webhook URLs are visible',
		async (theme) => {
			await editor.openNewWorkflow(theme);
			await editor.addNode('Selarti', 'Selarti', 'Triggers', 'On new Selarti event');

			const notice = editor.ndv().getByRole('alert').filter({ hasText: 'Production URL' });
			await notice.waitFor();
			const noticeText = await notice.innerText();
			for (const words of [
				'Webhook Secret',
				'Production URL',
				'Test URL',
				'Page messenger',
				'All messages',
				'?secret=',
			]) {
				expect([words, noticeText.includes(words)]).toEqual([words, true]);
			}
			expect(await isClipped(notice)).toBe(false);

			await editor.ndv().getByTitle('Click to display webhook URLs').click();
			const url = editor
				.ndv()
				.getByText(/^http:\/\/127\.0\.0\.1:\d+\/webhook(-test)?\/[0-9a-f-]{36}\/webhook$/);
			await url.first().waitFor();
			expect(new URL(await url.first().innerText()).pathname).toMatch(
				/^\/webhook-test\/[0-9a-f-]{36}\/webhook$/,
			);
			await editor.testId('radio-button-production', editor.ndv()).click();
			await editor
				.ndv()
				.getByText(/\/webhook\/[0-9a-f-]{36}\/webhook$/)
				.waitFor();

			for (const chosen of ['Bot', 'Operator'])
				await editor.parameterInput('messageTypes').getByText(chosen, { exact: true }).waitFor();
			await saveScreenshot(editor, e2e.state, 'selarti-trigger-setup', theme);
		},
	);

	it.each(themes)(
		"%s theme: before any event, the editor has the trigger's typed output fields",
		async (theme) => {
			await editor.openNewWorkflow(theme);
			await editor.addNode('Selarti', 'Selarti', 'Triggers', 'On new Selarti event');
			await editor.closeNdv();

			// The fields appear where a user maps them: in the input panel of the node after the trigger.
			const served = await editor.responseTo(triggerSchemaPath, async () => {
				await editor.openNodeCreatorAfter('Selarti Trigger');
				await editor.addNode('Selarti', 'Selarti', 'Actions', 'Send a message');
			});
			expect(served.status()).toBe(200);
			const properties = ((await served.json()) as { properties: Record<string, unknown> })
				.properties;
			expect(Object.keys(properties).sort()).toEqual(Object.keys(triggerSchemaFieldTypes).sort());

			const inputPanel = editor.testId('ndv-input-panel');
			await editor.testId('radio-button-schema', inputPanel).click();
			if (showsTriggerSchemaPreview) {
				await inputPanel.getByText('Preview', { exact: true }).waitFor();
				// contacts is text or an object; n8n draws a field of several types with the icon of an unknown type.
				const { contacts, ...singleTyped } = await schemaFields(inputPanel);
				expect(contacts).toEqual(expect.any(String));
				expect(singleTyped).toEqual(
					Object.fromEntries(
						Object.entries(triggerSchemaFieldTypes).filter(([name]) => name !== 'contacts'),
					),
				);
			} else {
				await inputPanel.getByText('Execute previous nodes').waitFor();
				const shownFields = await editor
					.testId('run-data-schema-node-name', inputPanel)
					.evaluateAll((pills) => pills.map((pill) => pill.getAttribute('data-name')));
				expect(
					shownFields.filter((name) => name !== null && name in triggerSchemaFieldTypes),
				).toEqual([]);
			}
			// Only n8n 1.x shows these fields before an event, so its picture is published too.
			await saveScreenshot(editor, e2e.state, 'selarti-trigger-fields-before-event', theme, {
				publishForEveryVersion: true,
			});
		},
	);
});
