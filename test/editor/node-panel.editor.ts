import { e2eSuite } from '../e2e/support/suite';
import type { PageImage } from './support/dom';
import type { EditorBrowser } from './support/browser';
import { openSignedInEditor } from './support/session';
import { drawnWidths, type N8nEditor, themes, type Theme } from './support/editor';
import { saveScreenshot } from './support/screenshots';

const e2e = e2eSuite();

/** The icon files n8n serves for our nodes: the light file, or the dark one in the dark theme. */
function iconPath(theme: Theme): string {
	// Both nodes share the package's icons (icons/, copied to dist/icons by the build).
	return `/icons/n8n-nodes-selarti/dist/icons/selarti${theme === 'dark' ? '.dark' : ''}.svg`;
}

describe(`n8n ${e2e.version}, editor: finding the Selarti nodes in the node panel`, () => {
	let browser: EditorBrowser;
	let editor: N8nEditor;

	beforeAll(async () => ({ browser, editor } = await openSignedInEditor(e2e.state.n8n.baseUrl)));

	afterAll(async () => await browser?.close());

	it.each(themes)(
		'%s theme: typing "Selarti" finds one entry with both nodes, drawn with their own icons',
		async (theme) => {
			await editor.openNewWorkflow(theme);
			await editor.searchNodes('Selarti');

			const entry = editor.nodeCreatorEntry('Selarti');
			await entry.waitFor();
			const icon = entry.locator('img').first();
			await icon.waitFor();
			expect(
				new URL(await icon.evaluate((image) => (image as unknown as PageImage).src)).pathname,
			).toBe(iconPath(theme));
			await saveScreenshot(editor, e2e.state, 'node-panel-search', theme);

			// n8n lists a trigger and an action node of one service as one entry; its detail view shows both.
			await entry.click();
			await editor.revealNodeCreatorAction('Triggers', 'On new Selarti event');
			await editor.revealNodeCreatorAction('Actions', 'Send a message');
			await editor.nodeCreatorAction('Add a target to a task').waitFor();

			// The icon was served as SVG and drawn: a broken image has no natural size, and n8n's fallback is no image at all.
			const path = iconPath(theme);
			const served = browser.responses.filter(
				(response) => new URL(response.url()).pathname === path,
			);
			expect(served.length).toBeGreaterThan(0);
			for (const response of served) {
				expect([path, response.status(), response.headers()['content-type']]).toEqual([
					path,
					200,
					expect.stringContaining('image/svg+xml'),
				]);
			}
			const drawn = editor.nodeCreator().locator(`img[src$="${path}"]`);
			await drawn.first().waitFor();
			expect([path, (await drawnWidths(drawn)).every((width) => width > 0)]).toEqual([path, true]);
			await saveScreenshot(editor, e2e.state, 'node-panel-actions', theme);
		},
	);
});
