import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TRIGGER_VERSIONS } from '../nodes/SelartiTrigger/versions';
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

/**
 * The files n8n needs from the published package, as paths inside it: package.json, what its n8n block names, each
 * node's codex file, the icons and the trigger's output schema.
 */
export function requiredPackageFiles(): string[] {
	const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	return [
		'package.json',
		...pkg.n8n.credentials,
		...pkg.n8n.nodes,
		...pkg.n8n.nodes.map((node) => node.replace(/\.js$/, '.json')),
		'dist/icons/selarti.svg',
		'dist/icons/selarti.dark.svg',
		// n8n's editor reads a trigger's output schema from __schema__/v<major.minor.patch>.json beside the node.
		...TRIGGER_VERSIONS.map(
			(version) => `dist/nodes/SelartiTrigger/__schema__/v${version}.0.0.json`,
		),
	];
}
