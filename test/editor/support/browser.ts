import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium): Playwright's own browser download does not work on this machine. */
export const chromiumPath = process.env.SELARTI_EDITOR_CHROMIUM ?? '/usr/bin/chromium';

/** A laptop-sized window: the screenshots stay readable in a README and small on disk. */
export const viewport = { width: 1280, height: 800 };

const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface EditorBrowser {
	page: Page;
	/** Every HTTP response the page received so far, for assertions on what the editor loaded. */
	responses: Response[];
	close(): Promise<void>;
}

/** Starts a headless Chromium with a fresh profile (no cookies, no cached editor) and one page. */
export async function launchEditorBrowser(): Promise<EditorBrowser> {
	const profile = await mkdtemp(join(tmpdir(), 'selarti-editor-profile-'));
	let context: BrowserContext | undefined;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: chromiumPath,
			headless: true,
			args: chromiumArgs,
			viewport,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
		});
	} catch (error) {
		await rm(profile, { recursive: true, force: true });
		throw error;
	}
	const page = context.pages()[0] ?? (await context.newPage());
	// Generous deadlines, not delays: on a loaded machine n8n's editor can take over a minute to load its bundles.
	page.setDefaultTimeout(120_000);
	page.setDefaultNavigationTimeout(180_000);
	const responses: Response[] = [];
	context.on('response', (response) => responses.push(response));
	const openedContext = context;
	return {
		page,
		responses,
		close: async () => {
			await openedContext.close();
			await rm(profile, { recursive: true, force: true });
		},
	};
}
