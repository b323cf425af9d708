import { join } from 'node:path';

import { repoRoot } from './paths';
import { runCommand } from './runCommand';

/**
 * Builds the package and packs it the way it is published: what the tests install is exactly what users install.
 * SELARTI_E2E_TARBALL reuses a tarball packed earlier (e.g. by a CI step).
 */
export async function buildAndPack(destination: string): Promise<string> {
	const given = process.env.SELARTI_E2E_TARBALL;
	if (given) return given;
	await runCommand('npm', ['run', 'build'], { cwd: repoRoot });
	const output = await runCommand('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: repoRoot,
	});
	const [packed] = JSON.parse(output) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}
