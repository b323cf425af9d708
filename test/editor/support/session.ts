import { launchEditorBrowser, type EditorBrowser } from './browser';
import { N8nEditor } from './editor';

/** A fresh Chromium (no cookies, no cached editor) with the suite's n8n open and its owner signed in. */
export async function openSignedInEditor(baseUrl: string): Promise<{
	browser: EditorBrowser;
	editor: N8nEditor;
}> {
	const browser = await launchEditorBrowser();
	const editor = new N8nEditor(browser.page, baseUrl);
	await editor.logIn();
	return { browser, editor };
}
