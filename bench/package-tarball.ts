import { mkdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { requiredPackageFiles } from '../harness/packageTarball';
import { repoRoot } from '../harness/paths';
import { runCommand } from '../harness/runCommand';

export interface PackedPackage {
	tarball: string;
	/** What was packed: a commit of the repository, or the tarball given. */
	source: string;
	/** Bytes of the .tgz. */
	packedBytes: number;
	/** Sum of the file sizes inside it. */
	unpackedBytes: number;
	files: string[];
}

/** What must be in the tarball for n8n to load the package and for the bench to measure it (npm packs into package/). */
const requiredFiles = (): string[] =>
	[...requiredPackageFiles(), 'dist/nodes/SelartiTrigger/payload/normalise.js'].map(
		(file) => `package/${file}`,
	);

export async function describeTarball(tarball: string, source: string): Promise<PackedPackage> {
	const listing = await runCommand('tar', ['-tvzf', tarball], { cwd: process.cwd() });
	let unpackedBytes = 0;
	const files: string[] = [];
	for (const line of listing.split('\n').filter(Boolean)) {
		// -rw-r--r-- 0/0  1234 1985-10-26 08:15 package/dist/…
		const fields = line.trim().split(/\s+/);
		if (!fields[0].startsWith('-')) continue;
		unpackedBytes += Number(fields[2]);
		files.push(fields.slice(5).join(' '));
	}
	return { tarball, source, packedBytes: (await stat(tarball)).size, unpackedBytes, files };
}

/**
 * Builds and packs a commit (HEAD unless given), not the working folder: several people edit and rebuild in the
 * repository at once, so a copy of the commit (git archive) is built beside the bench's other files and packed the
 * way it is published. `npm run build` and `npm pack` are the package's own; node_modules is the repository's, linked.
 */
async function packCommit(
	workFolder: string,
	ref = 'HEAD',
): Promise<{ tarball: string; commit: string }> {
	const commit = (await runCommand('git', ['rev-parse', '--short', ref], { cwd: repoRoot })).trim();
	const source = join(workFolder, `source-${commit}`);
	await mkdir(source, { recursive: true });
	await runCommand('bash', ['-c', `git archive ${commit} | tar -x -C "${source}"`], {
		cwd: repoRoot,
	});
	await symlink(join(repoRoot, 'node_modules'), join(source, 'node_modules'));
	await runCommand('npm', ['run', 'build'], { cwd: source });
	const output = await runCommand('npm', ['pack', '--json', '--pack-destination', workFolder], {
		cwd: source,
	});
	const [packed] = JSON.parse(output) as Array<{ filename: string }>;
	return { tarball: join(workFolder, packed.filename), commit };
}

export async function packPackage(workFolder: string, given?: string): Promise<PackedPackage> {
	const packed = given ? await describeTarball(given, given) : await packHeadDescribed(workFolder);
	const missing = requiredFiles().filter((file) => !packed.files.includes(file));
	if (missing.length > 0) throw new Error(`${packed.tarball} lacks ${missing.join(', ')}`);
	return packed;
}

async function packHeadDescribed(workFolder: string): Promise<PackedPackage> {
	const { tarball, commit } = await packCommit(workFolder);
	return await describeTarball(tarball, `commit ${commit}`);
}

/** The package as it was at an earlier commit, for a measurement side by side with HEAD's. */
export async function packEarlierCommit(workFolder: string, ref: string): Promise<PackedPackage> {
	const { tarball, commit } = await packCommit(join(workFolder, 'earlier'), ref);
	return await describeTarball(tarball, `commit ${commit}`);
}
