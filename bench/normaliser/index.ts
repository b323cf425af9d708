import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { ensureN8n } from '../../harness/n8nInstall';
import { repoRoot } from '../../harness/paths';
import { runCommand } from '../../harness/runCommand';
import type { BenchArgs } from '../args';

export interface NormaliserRun {
	medianNs: number;
	p99Ns: number;
	jsonParseMedianNs: number;
	bodyBytes: number;
	node: string;
}

export const NORMALISER_CALLS = 100_000;

/** Unpacks the tarball once per bench run: the compiled files exactly as n8n installs them. */
export async function unpackedPackage(workFolder: string, tarball: string): Promise<string> {
	const folder = join(workFolder, 'unpacked');
	await mkdir(folder, { recursive: true });
	await runCommand('tar', ['-xzf', tarball, '-C', folder], { cwd: folder });
	return join(folder, 'package');
}

/** What a fresh process needs to load the compiled package as n8n does: n8n's Node, n8n's node_modules for zod. */
export async function hostRuntime(version: string): Promise<{ node: string; nodePath: string }> {
	const install = await ensureN8n(version);
	return { node: join(install.nodeBinDir, 'node'), nodePath: join(install.folder, 'node_modules') };
}

/** Measurement 3: one fresh process per repetition, each timing NORMALISER_CALLS deliveries after a warm-up. */
export async function measureNormaliser(
	packageFolder: string,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<NormaliserRun[]> {
	const runtime = await hostRuntime(args.n8nVersion);
	const runs: NormaliserRun[] = [];
	for (let rep = 0; rep < args.reps; rep++) {
		const output = await runCommand(
			runtime.node,
			['--import', 'tsx', join(__dirname, 'worker.ts'), packageFolder, String(NORMALISER_CALLS)],
			{ cwd: repoRoot, env: { ...process.env, NODE_PATH: runtime.nodePath, NODE_OPTIONS: '' } },
		);
		const run = JSON.parse(output.trim().split('\n').pop() ?? '{}') as NormaliserRun;
		runs.push(run);
		log(
			`normaliser rep ${rep + 1}/${args.reps}: median ${(run.medianNs / 1000).toFixed(2)} µs, p99 ${(run.p99Ns / 1000).toFixed(2)} µs`,
		);
	}
	return runs;
}
