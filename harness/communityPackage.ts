import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { runCommand } from './runCommand';

/**
 * Installs a packed community package into `<user folder>/.n8n/nodes` with the same steps n8n's Community Nodes
 * screen runs (CommunityPackagesService.downloadPackage in 1.123 and 2.40): the tarball is unpacked into
 * node_modules/<name>, its dev, peer and optional dependencies are stripped, `npm install` runs there with n8n's flags,
 * and the package is recorded in the folder's package.json. Only the registry download is replaced by our `npm pack`.
 */
export async function installCommunityPackage(
	userFolder: string,
	tarball: string,
	env: NodeJS.ProcessEnv,
): Promise<string> {
	const nodesFolder = join(userFolder, '.n8n', 'nodes');
	await mkdir(nodesFolder, { recursive: true });
	const folderManifest = join(nodesFolder, 'package.json');
	await writeFile(
		folderManifest,
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);

	const localTarball = join(nodesFolder, basename(tarball));
	await copyFile(tarball, localTarball);
	const manifest = JSON.parse(
		await runCommand('tar', ['-xzOf', localTarball, 'package/package.json'], { cwd: nodesFolder }),
	) as {
		name: string;
		version: string;
	};
	const packageFolder = join(nodesFolder, 'node_modules', manifest.name);
	await mkdir(packageFolder, { recursive: true });
	await runCommand('tar', ['-xzf', localTarball, '-C', packageFolder, '--strip-components=1'], {
		cwd: nodesFolder,
	});

	const packageManifest = join(packageFolder, 'package.json');
	const packageJson = JSON.parse(await readFile(packageManifest, 'utf8')) as Record<
		string,
		unknown
	>;
	for (const stripped of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete packageJson[stripped];
	await writeFile(packageManifest, JSON.stringify(packageJson, null, 2));
	await runCommand(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageFolder, env },
	);

	const folder = JSON.parse(await readFile(folderManifest, 'utf8')) as {
		dependencies: Record<string, string>;
	};
	folder.dependencies[manifest.name] = manifest.version;
	await writeFile(folderManifest, JSON.stringify(folder, null, 2));
	return packageFolder;
}

/**
 * Replaces the files of an installed package with a newer tarball (npm run dev after a rebuild). Its compiled folder
 * is removed first so nothing stale survives; n8n's hot reload (N8N_DEV_RELOAD) picks the new files up.
 */
export async function refreshInstalledPackage(
	packageFolder: string,
	tarball: string,
): Promise<void> {
	await rm(join(packageFolder, 'dist'), { recursive: true, force: true });
	await runCommand(
		'tar',
		['-xzf', tarball, '-C', packageFolder, '--strip-components=1', 'package/dist'],
		{ cwd: packageFolder },
	);
}
