import { sandboxApiKey, sandboxToken } from '../e2e/support/credentials';
import { e2eSuite } from '../e2e/support/suite';
import type { EditorBrowser } from './support/browser';
import { openSignedInEditor } from './support/session';
import { CredentialDialog } from './support/credential-dialog';
import { type N8nEditor, themes } from './support/editor';
import { saveScreenshot } from './support/screenshots';

const e2e = e2eSuite();

const summariseCalls = (calls: Array<{ workflow: string; status: number }>) =>
	calls.map((call) => `${call.workflow} ${call.status}`);

describe(`n8n ${e2e.version}, editor: adding the Selarti node and its credential`, () => {
	let browser: EditorBrowser;
	let editor: N8nEditor;

	beforeAll(async () => ({ browser, editor } = await openSignedInEditor(e2e.state.n8n.baseUrl)));

	afterAll(async () => await browser?.close());

	it.each(themes)(
		'%s theme: "Send a message" shows its resource, operation, fields and options',
		async (theme) => {
			await editor.openNewWorkflow(theme);
			await editor.addNode('Selarti', 'Selarti', 'Actions', 'Send a message');

			// n8n adds "Custom API Call" to nodes whose credential can authenticate the HTTP Request node.
			expect(await editor.dropdownChoices(editor.parameterInput('resource'))).toEqual([
				'Message',
				'Task',
				'Custom API Call',
			]);
			expect(await editor.dropdownChoices(editor.parameterInput('operation'))).toEqual([
				'Send',
				'Send and Wait for Reply',
				'Custom API Call',
			]);
			for (const [name, label, placeholder] of [
				['taskId', 'Task ID', 'e.g. 1721129985149x478019552540622850'],
				['chatId', 'Chat ID', 'e.g. 123456789'],
				['message', 'Message', 'e.g. Hello! Do you deliver on Sundays?'],
			]) {
				const field = editor.parameterInput(name).locator('input, textarea').first();
				await field.waitFor();
				expect([name, await field.getAttribute('placeholder')]).toEqual([name, placeholder]);
				await editor.ndv().getByText(label, { exact: true }).first().waitFor();
			}
			await saveScreenshot(editor, e2e.state, 'selarti-node-send-message', theme);

			const addOption = editor.collectionAdd();
			expect(await editor.dropdownChoices(addOption, { keepOpen: true })).toEqual([
				'Max Attempts',
				'Max Concurrent Requests',
				'Timeout',
			]);
			await saveScreenshot(editor, e2e.state, 'selarti-node-options', theme);
			await editor.closeDropdown(addOption);

			await editor.chooseInDropdown(editor.parameterInput('operation'), 'Send and Wait for Reply');
			for (const name of ['taskId', 'chatId', 'message']) {
				await editor.parameterInput(name).waitFor();
			}
			// Waiting's own settings are optional: in Options, sorted with the send's, shown for this operation only.
			expect(await editor.dropdownChoices(editor.collectionAdd())).toEqual([
				'Combine Replies Within',
				'Max Attempts',
				'Max Concurrent Requests',
				'No Reply Text',
				'On No Reply',
				'Timeout',
				'Wait Limit',
			]);
			await editor.chooseInDropdown(editor.collectionAdd(), 'On No Reply');
			expect(await editor.dropdownChoices(editor.parameterInput('onNoReply'))).toEqual([
				'Output It',
				'Stop With an Error',
			]);
			await editor
				.ndv()
				.getByText(/select the same Selarti API credential as this node/)
				.first()
				.waitFor();
			await saveScreenshot(editor, e2e.state, 'selarti-node-send-and-wait', theme);
			await editor.chooseInDropdown(editor.parameterInput('operation'), 'Send');

			await editor.chooseInDropdown(editor.parameterInput('resource'), 'Task');
			expect(await editor.dropdownChoices(editor.parameterInput('operation'))).toEqual([
				'Add Target',
				'Custom API Call',
			]);
			await editor.parameterInput('target').waitFor();
			await editor.parameterInput('taskId').waitFor();
			expect(await editor.parameterInput('chatId').count()).toBe(0);
			await saveScreenshot(editor, e2e.state, 'selarti-node-add-target', theme);
		},
	);

	it.each(themes)(
		'%s theme: the credential offers API Key or Bearer Token and a server choice, and both test green against the sandbox',
		async (theme) => {
			await editor.openNewWorkflow(theme);
			await editor.addNode('Selarti', 'Selarti', 'Actions', 'Send a message');
			const dialog = new CredentialDialog(editor);
			await dialog.openNew();

			expect(
				await editor.dropdownChoices(dialog.input('authentication'), { keepOpen: true }),
			).toEqual(['API Key', 'Bearer Token']);
			await saveScreenshot(editor, e2e.state, 'credential-authentication', theme);
			await editor.closeDropdown(dialog.input('authentication'));
			expect(await editor.dropdownChoices(dialog.input('server'))).toEqual([
				'Custom URL',
				'Selarti.com',
				'Selarti.ru',
			]);
			expect(await dialog.input('customBaseUrl').count()).toBe(0);

			const lastCall = async () => (await e2e.sandbox.calls()).at(-1)?.seq ?? 0;
			let since = await lastCall();
			await editor.chooseInDropdown(dialog.input('server'), 'Custom URL');
			await dialog.fill('customBaseUrl', e2e.state.sandbox.baseUrl);
			await dialog.fill('apiKey', sandboxApiKey);
			expect(await dialog.save()).toEqual({ status: 'OK', message: expect.any(String) });
			await dialog.successBanner().waitFor();
			expect(await dialog.test()).toEqual({ status: 'OK', message: expect.any(String) });
			await dialog.successBanner().getByText('Connection tested successfully').waitFor();
			await dialog.successBanner().getByRole('button', { name: 'Retry' }).waitFor();
			await saveScreenshot(editor, e2e.state, 'credential-tested', theme);
			// The tests really went to the sandbox: in API Key mode each one exchanges the key in the form, and sends no
			// message.
			const apiKeyCalls = new Set(summariseCalls(await e2e.sandbox.calls({ since })));
			expect(apiKeyCalls).toEqual(new Set(['auth 200']));
			since = await lastCall();

			await editor.chooseInDropdown(dialog.input('authentication'), 'Bearer Token');
			await dialog.fill('accessToken', sandboxToken);
			expect(await dialog.save()).toEqual({ status: 'OK', message: expect.any(String) });
			expect(await dialog.test()).toEqual({ status: 'OK', message: expect.any(String) });
			await dialog.successBanner().getByText('Connection tested successfully').waitFor();
			expect(new Set(summariseCalls(await e2e.sandbox.calls({ since })))).toEqual(
				new Set(['send_message_external 400']),
			);
			await dialog.close();
		},
	);
});
