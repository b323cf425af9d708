import { readdir, readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';

import { runCommand } from '../harness/runCommand';
import type { BenchArgs } from './args';
import { hostRuntime } from './normaliser';
import type { PackedPackage } from './package-tarball';

export interface Footprint {
	packedBytes: number;
	unpackedBytes: number;
	files: number;
	/** `dependencies` of the published package.json. */
	runtimeDependencies: string[];
	/** Bare modules the compiled code requires; they must all come from the host n8n. */
	hostModules: string[];
	/** Node.js built-in modules the compiled code requires. */
	builtinModules: string[];
	/** Per fresh process: n8n-workflow + zod (already loaded in n8n), then the three compiled files. */
	requireRuns: Array<{ hostMs: number; packageMs: number }>;
}

/** The three files n8n loads from the package (package.json → n8n.credentials, n8n.nodes). */
async function entryFiles(packageFolder: string): Promise<string[]> {
	const manifest = JSON.parse(await readFile(join(packageFolder, 'package.json'), 'utf8')) as {
		n8n: { credentials: string[]; nodes: string[] };
	};
	return [...manifest.n8n.credentials, ...manifest.n8n.nodes].map((file) =>
		join(packageFolder, file),
	);
}

async function javascriptFiles(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
		.map((entry) => join(entry.parentPath, entry.name));
}

async function bareRequires(packageFolder: string): Promise<string[]> {
	const modules = new Set<string>();
	for (const file of await javascriptFiles(join(packageFolder, 'dist'))) {
		for (const match of (await readFile(file, 'utf8')).matchAll(/require\("([^".][^"]*)"\)/g))
			modules.add(match[1]);
	}
	return [...modules].sort();
}

// Plain JavaScript for `node -e`: no TypeScript loader in the process whose require time is measured.
const REQUIRE_TIMER = `
const files = JSON.parse(process.argv[1]);
const t0 = performance.now();
require('n8n-workflow');
require('zod');
const t1 = performance.now();
for (const file of files) require(file);
const t2 = performance.now();
console.log(JSON.stringify({ hostMs: t1 - t0, packageMs: t2 - t1 }));
`;

/** Measurement 4: sizes from the tarball itself, dependencies from its package.json, require time in fresh processes. */
export async function measureFootprint(
	packed: PackedPackage,
	packageFolder: string,
	args: BenchArgs,
	log: (line: string) => void,
): Promise<Footprint> {
	const manifest = JSON.parse(await readFile(join(packageFolder, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const runtime = await hostRuntime(args.n8nVersion);
	const files = await entryFiles(packageFolder);
	const required = await bareRequires(packageFolder);
	const requireRuns: Footprint['requireRuns'] = [];
	// From inside the unpacked package nothing resolves but NODE_PATH: the host n8n's modules, as in n8n.
	const timeRequire = async () =>
		JSON.parse(
			(
				await runCommand(runtime.node, ['-e', REQUIRE_TIMER, JSON.stringify(files)], {
					cwd: packageFolder,
					env: { ...process.env, NODE_PATH: runtime.nodePath, NODE_OPTIONS: '' },
				})
			).trim(),
		) as { hostMs: number; packageMs: number };
	// One discarded process first: the first one reads everything from disk, as no n8n start after the first does.
	await timeRequire();
	for (let rep = 0; rep < args.reps; rep++) {
		const run = await timeRequire();
		requireRuns.push(run);
		log(
			`footprint require rep ${rep + 1}/${args.reps}: package ${run.packageMs.toFixed(1)} ms (n8n-workflow + zod ${run.hostMs.toFixed(0)} ms)`,
		);
	}
	return {
		packedBytes: packed.packedBytes,
		unpackedBytes: packed.unpackedBytes,
		files: packed.files.length,
		runtimeDependencies: Object.keys(manifest.dependencies ?? {}),
		hostModules: required.filter((name) => !isBuiltin(name)),
		builtinModules: required.filter((name) => isBuiltin(name)),
		requireRuns,
	};
}
