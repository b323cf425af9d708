import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { staleDependencies } from '../../../scripts/ensure-dependencies';

type Packages = Record<string, { version?: string; optional?: boolean }>;

let root = '';
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'selarti-deps-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(locked: Packages, installed?: Packages): string {
	writeFileSync(
		join(root, 'package-lock.json'),
		JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'p' }, ...locked } }),
	);
	if (installed !== undefined) {
		mkdirSync(join(root, 'node_modules'), { recursive: true });
		writeFileSync(
			join(root, 'node_modules', '.package-lock.json'),
			JSON.stringify({ lockfileVersion: 3, packages: installed }),
		);
	}
	return root;
}

const jest29 = { 'node_modules/jest': { version: '29.7.0' } };

describe('npm test and npm run dev install the dev dependencies first when', () => {
	test('node_modules is missing (a fresh clone)', () => {
		expect(staleDependencies(project(jest29))).toBe('node_modules is missing');
	});

	test('a locked package is missing or has another version (after a pull that changed package-lock.json)', () => {
		expect(
			staleDependencies(project({ ...jest29, 'node_modules/tsx': { version: '4.23.15' } }, jest29)),
		).toBe('tsx 4.23.15 is not installed');
		expect(staleDependencies(project(jest29, { 'node_modules/jest': { version: '29.6.0' } }))).toBe(
			'jest 29.7.0 is not installed',
		);
	});

	test('a package is installed that the lock file no longer has', () => {
		expect(
			staleDependencies(
				project(jest29, { ...jest29, 'node_modules/left-over': { version: '1.0.0' } }),
			),
		).toBe('left-over is installed but not in package-lock.json');
	});
});

describe('and not when', () => {
	test('node_modules matches, except optional packages for other platforms that npm skipped', () => {
		const locked = {
			...jest29,
			'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', optional: true },
		};
		expect(staleDependencies(project(locked, jest29))).toBeUndefined();
	});

	test('it is this repository right after npm ci', () => {
		expect(staleDependencies(join(__dirname, '..', '..', '..'))).toBeUndefined();
	});
});
