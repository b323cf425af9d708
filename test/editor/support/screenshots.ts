import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import pinnedN8nVersions from '../../../scripts/n8n-versions.json';
import { repoRoot } from '../../../harness/paths';
import type { E2eState } from '../../e2e/support/state';
import { viewport } from './browser';
import type { N8nEditor, Theme } from './editor';

/** The n8n version whose screenshots are published in docs/images (and the README); other versions keep theirs in the run folder. */
export const documentedVersion = pinnedN8nVersions.newest;

export function screenshotFolder(state: E2eState): string {
	return state.version === documentedVersion
		? join(repoRoot, 'docs', 'images')
		: join(state.workFolder, 'screenshots', `n8n-${state.version}`);
}

/**
 * Saves the visible window as `<folder>/<name>-<theme>.png`. Names are stable, so a re-run replaces the pictures.
 * Notifications are closed first, and the caret and animations frozen, so an unchanged editor gives the same picture.
 */
export async function saveScreenshot(
	editor: N8nEditor,
	state: E2eState,
	name: string,
	theme: Theme,
	{ publishForEveryVersion = false } = {},
): Promise<string> {
	// A picture of something only another version shows is published too, named after that version.
	const published = publishForEveryVersion && state.version !== documentedVersion;
	const folder = published ? join(repoRoot, 'docs', 'images') : screenshotFolder(state);
	await mkdir(folder, { recursive: true });
	const path = join(
		folder,
		`${published ? `n8n-${state.version.split('.')[0]}.x-` : ''}${name}-${theme}.png`,
	);
	await editor.dismissToasts();
	// The pointer rests where the last click left it; parked in a corner, it leaves no hover style in the picture.
	await editor.page.mouse.move(viewport.width - 1, viewport.height - 1);
	await editor.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
	return path;
}
