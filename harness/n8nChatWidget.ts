import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { n8nCacheFolder } from './n8nInstall';
import { runCommand } from './runCommand';

/**
 * n8n's hosted chat page loads its widget, @n8n/chat, and normalize.css from cdn.jsdelivr.net. Without internet (this
 * machine, CI), the editor suite serves the widget from the same package fetched from the npm registry, so the page a
 * user opens runs exactly as on a connected n8n.
 */
export const CHAT_WIDGET_VERSION = '1.37.0';

export const CHAT_WIDGET_CDN = 'https://cdn.jsdelivr.net/npm/@n8n/chat';

/** The widget's dist folder in the cache (npm pack, then unpacked once). */
export async function chatWidgetFolder(): Promise<string> {
	const folder = join(n8nCacheFolder, `n8n-chat-${CHAT_WIDGET_VERSION}`);
	const dist = join(folder, 'package', 'dist');
	if (existsSync(join(dist, 'chat.bundle.es.js'))) return dist;
	const staging = `${folder}.partial`;
	await rm(staging, { recursive: true, force: true });
	await mkdir(staging, { recursive: true });
	const tarball = (
		await runCommand('npm', ['pack', `@n8n/chat@${CHAT_WIDGET_VERSION}`, '--silent'], {
			cwd: staging,
			timeoutMs: 5 * 60_000,
		})
	).trim();
	await runCommand('tar', ['xzf', tarball], { cwd: staging });
	await rm(folder, { recursive: true, force: true });
	await rename(staging, folder);
	return dist;
}

/** The body of a CDN asset the hosted chat page asks for, or undefined when the widget does not have it. */
export async function chatWidgetAsset(
	dist: string,
	url: string,
): Promise<{ body: Buffer; contentType: string } | undefined> {
	const { pathname } = new URL(url);
	const file = pathname.replace(/^\/npm\/@n8n\/chat(@[^/]+)?\/dist\//, '');
	if (file === pathname || file.includes('..')) return undefined;
	const path = join(dist, file);
	if (!existsSync(path)) return undefined;
	const contentType = file.endsWith('.css') ? 'text/css' : 'text/javascript';
	return { body: await readFile(path), contentType };
}
