import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packPackage } from '../../bench/package-tarball';
import { requiredPackageFiles } from '../../harness/packageTarball';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface PackResult {
	filename: string;
	size: number;
	unpackedSize: number;
	files: Array<{ path: string }>;
}

function packDryRun(): PackResult {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
	});
	return JSON.parse(out)[0];
}

describe('package.json follows the community-node conventions', () => {
	it('is named and tagged so the Community Nodes screen finds it', () => {
		expect(pkg.name).toBe('n8n-nodes-selarti');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.files).toEqual(['dist']);
	});

	it('has no runtime dependencies and only n8n-workflow as peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.devDependencies.zod).toMatch(/^3\.25\./);
	});

	it('lists exactly the three compiled files in its n8n block', () => {
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/SelartiApi.credentials.js'],
			nodes: [
				'dist/nodes/Selarti/Selarti.node.js',
				'dist/nodes/SelartiTrigger/SelartiTrigger.node.js',
			],
		});
	});
});

describe('documentation', () => {
	it("the README's compatibility table names exactly the n8n versions the suites run on", () => {
		const pinned = JSON.parse(readFileSync(join(root, 'scripts', 'n8n-versions.json'), 'utf8'));
		const row = readFileSync(join(root, 'README.md'), 'utf8')
			.split('\n')
			.find((line) => line.startsWith('| n8n |'));
		const named = [...(row ?? '').matchAll(/\b(\d+\.\d+\.\d+)\b/g)].map((match) => match[1]);
		expect(named).toEqual(expect.arrayContaining([...pinned.tested, pinned.reliability]));
		expect(
			named.filter(
				(version) => !pinned.tested.includes(version) && !(version in pinned.notInstallable),
			),
		).toEqual([]);
	});
});

describe('the packed tarball', () => {
	const packed = packDryRun();
	const files = packed.files.map((f) => f.path).sort();

	it('holds every file the n8n block names, with their icons, codex files and output schema', () => {
		expect(requiredPackageFiles()).toEqual(
			expect.arrayContaining([
				...pkg.n8n.credentials,
				...pkg.n8n.nodes,
				'dist/nodes/Selarti/Selarti.node.json',
				'dist/nodes/SelartiTrigger/SelartiTrigger.node.json',
			]),
		);
		expect(files).toEqual(expect.arrayContaining(requiredPackageFiles()));
	});

	it("is accepted by the bench's check of the tarball it measures", async () => {
		const folder = mkdtempSync(join(tmpdir(), 'selarti-pack-'));
		try {
			const [packed] = JSON.parse(
				execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', folder], {
					cwd: root,
					encoding: 'utf8',
				}),
			) as Array<{ filename: string }>;
			const tarball = join(folder, packed.filename);
			expect((await packPackage(folder, tarball)).files).toContain('package/package.json');
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('holds nothing n8n does not need: no sources, tests, maps or tooling', () => {
		const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|svg|json))$/;
		expect(files.filter((f) => !allowed.test(f))).toEqual([]);
		expect(files.filter((f) => /(^|\/)(test|sandbox|scripts|examples)\//.test(f))).toEqual([]);
	});

	it('resolves every icon a node or credential points at', () => {
		for (const compiled of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			const source = readFileSync(join(root, compiled), 'utf8');
			const icons = [...source.matchAll(/file:([\w./-]+\.svg)/g)].map(([, icon]) => icon);
			expect([compiled, icons.length]).toEqual([compiled, 2]);
			for (const icon of icons) {
				const iconPath = join(root, compiled, '..', icon).replace(root + '/', '');
				expect(files).toContain(iconPath);
			}
		}
	});

	it('loads in a fresh process with only n8n-workflow and zod from the host', () => {
		const dir = mkdtempSync(join(tmpdir(), 'selarti-pack-'));
		try {
			execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
				cwd: root,
				stdio: 'ignore',
			});
			execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', dir]);
			const script = `
				const p = require(${JSON.stringify(join(dir, 'package'))} + '/package.json');
				for (const f of [...p.n8n.credentials, ...p.n8n.nodes]) {
					const mod = require(${JSON.stringify(join(dir, 'package'))} + '/' + f);
					const name = f.split('/').pop().split('.')[0];
					const instance = new mod[name]();
					if (!(instance.description || instance.name)) throw new Error('no description in ' + f);
				}`;
			// NODE_PATH plays the role of the host n8n's node_modules, which n8n puts on community packages' module path.
			execFileSync(process.execPath, ['-e', script], {
				env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
			});
			expect(existsSync(join(dir, 'package', pkg.n8n.nodes[0]))).toBe(true);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
