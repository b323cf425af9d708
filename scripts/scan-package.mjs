// npm run scan: n8n's verification scanner (@n8n/scan-community-package), run offline the way n8n runs it on a
// published version, minus the provenance and download steps: its lint over the source tree (the files it lints at the
// attested commit) and over the packed tarball (compiled JS and package.json). Inline eslint-disable comments do not
// count there, exactly as in n8n's gate. Needs a build (`npm run build`) for the tarball leg.
// Usage: node scripts/scan-package.mjs [source folder]   (default: this repository)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

// eslint-plugin-n8n-nodes-base reads file names differently under NODE_ENV=test (its own tests' mode), which makes
// rules fail on correct files; n8n's gate never runs with it. The plugin is loaded by the scanner only when it lints.
delete process.env.NODE_ENV;

const source = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const say = (line) => process.stdout.write(`${line}\n`);

function packInto(folder) {
	if (!existsSync(join(source, 'dist')))
		throw new Error(`${source} has no dist/: run npm run build first`);
	const output = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', folder],
		{
			cwd: source,
			encoding: 'utf8',
		},
	);
	const [{ filename }] = JSON.parse(output);
	const unpacked = join(folder, 'package');
	execFileSync('tar', ['xzf', join(folder, filename), '-C', folder]);
	return unpacked;
}

async function leg(name, folder, patterns) {
	const result = await analyzePackage(folder, patterns);
	say(
		`${result.passed ? 'passed' : 'FAILED'}: ${name} (${patterns.join(', ')})${result.message ? ` — ${result.message}` : ''}`,
	);
	if (result.details) say(result.details);
	return result.passed;
}

const work = mkdtempSync(join(tmpdir(), 'selarti-scan-'));
try {
	const sourcePassed = await leg('source tree', source, SOURCE_FILE_PATTERNS);
	const tarballPassed = await leg('packed tarball', packInto(work), TARBALL_FILE_PATTERNS);
	process.exitCode = sourcePassed && tarballPassed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
