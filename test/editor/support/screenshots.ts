import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { repoRoot } from '../../e2e/harness/paths';
import type { E2eState } from '../../e2e/harness/state';
import type { N8nEditor, Theme } from './editor';

/** The n8n version whose screenshots are published in docs/images (and the README); other versions keep theirs in the run folder. */
export const documentedVersion = '2.40.7';

export function screenshotFolder(state: E2eState): string {
	return state.version === documentedVersion ? join(repoRoot, 'docs', 'images') : join(state.workFolder, 'screenshots', `n8n-${state.version}`);
}

/**
 * Saves the visible window as `<folder>/<name>-<theme>.png`. Names are stable, so a re-run replaces the pictures.
 * Notifications are closed first, and the caret and animations frozen, so an unchanged editor gives the same picture.
 */
export async function saveScreenshot(editor: N8nEditor, state: E2eState, name: string, theme: Theme): Promise<string> {
	const folder = screenshotFolder(state);
	await mkdir(folder, { recursive: true });
	const path = join(folder, `${name}-${theme}.png`);
	await editor.dismissToasts();
	await editor.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
	return path;
}
