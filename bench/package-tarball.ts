import { stat } from 'node:fs/promises';

import { buildAndPack } from '../test/e2e/harness/package-tarball';
import { runCommand } from '../test/e2e/harness/run-command';

export interface PackedPackage {
	tarball: string;
	/** Bytes of the .tgz. */
	packedBytes: number;
	/** Sum of the file sizes inside it. */
	unpackedBytes: number;
	files: string[];
}

/** What must be in the tarball for n8n to load the package; a concurrent `npm run build` (clean) can leave it incomplete. */
const REQUIRED_FILES = [
	'package/package.json',
	'package/dist/credentials/SelartiApi.credentials.js',
	'package/dist/nodes/Selarti/Selarti.node.js',
	'package/dist/nodes/SelartiTrigger/SelartiTrigger.node.js',
	'package/dist/nodes/SelartiTrigger/payload/normalise.js',
	'package/dist/nodes/Selarti/selarti.svg',
	'package/dist/nodes/SelartiTrigger/selarti.svg',
];

export async function describeTarball(tarball: string): Promise<PackedPackage> {
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
	return { tarball, packedBytes: (await stat(tarball)).size, unpackedBytes, files };
}

/**
 * Builds and packs the package exactly as the e2e harness does (what users install), or takes a given tarball.
 * Other helpers rebuild in the same folder, so an incomplete tarball is packed again (up to three times).
 */
export async function packPackage(workFolder: string, given?: string): Promise<PackedPackage> {
	for (let attempt = 1; ; attempt++) {
		const packed = await describeTarball(given ?? (await buildAndPack(workFolder)));
		const missing = REQUIRED_FILES.filter((file) => !packed.files.includes(file));
		if (missing.length === 0) return packed;
		if (given !== undefined || attempt >= 3) throw new Error(`${packed.tarball} lacks ${missing.join(', ')}`);
		process.stderr.write(`[bench] the tarball lacks ${missing.join(', ')} (a concurrent build?); packing again\n`);
	}
}
