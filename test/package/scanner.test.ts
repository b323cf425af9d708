import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const scan = join(root, 'scripts', 'scan-package.mjs');

/** Runs `npm run scan`'s script on a folder; its exit code and output. */
function runScan(folder: string): { code: number; output: string } {
	try {
		const output = execFileSync(process.execPath, [scan, folder], {
			encoding: 'utf8',
			stdio: 'pipe',
		});
		return { code: 0, output };
	} catch (error) {
		const failed = error as { status: number; stdout: string; stderr: string };
		return { code: failed.status, output: `${failed.stdout}${failed.stderr}` };
	}
}

/** A copy of what the scanner reads: package.json, nodes/, credentials/ and the build in dist/. */
function copyOfPackage(): string {
	const folder = mkdtempSync(join(tmpdir(), 'selarti-scan-test-'));
	for (const entry of [
		'package.json',
		'README.md',
		'LICENSE',
		'icons',
		'nodes',
		'credentials',
		'dist',
	]) {
		cpSync(join(root, entry), join(folder, entry), { recursive: true });
	}
	return folder;
}

// A violation hidden behind a disable comment: n8n's scanner ignores such comments, so it must still fail. The
// directive is put together here so that this file itself carries none.
const disableNextLine = ['eslint', 'disable-next-line'].join('-');
const hiddenViolation = `\n// ${disableNextLine}\nconsole.log("from a node");\n`;

describe("n8n's verification scanner (npm run scan)", () => {
	it('passes this package on both legs: the source tree and the packed tarball', () => {
		const { code, output } = runScan(root);
		expect(output).toContain('passed: source tree');
		expect(output).toContain('passed: packed tarball');
		expect(code).toBe(0);
	});

	it('fails a source file that hides a console call behind a disable comment', () => {
		const folder = copyOfPackage();
		try {
			appendFileSync(join(folder, 'nodes', 'Selarti', 'Selarti.node.ts'), hiddenViolation);
			const { code, output } = runScan(folder);
			expect(output).toContain('FAILED: source tree');
			expect(output).toContain('no-console');
			expect(code).toBe(1);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('fails compiled JS in the tarball that the source does not show', () => {
		const folder = copyOfPackage();
		try {
			appendFileSync(join(folder, 'dist', 'nodes', 'Selarti', 'Selarti.node.js'), hiddenViolation);
			const { code, output } = runScan(folder);
			expect(output).toContain('passed: source tree');
			expect(output).toContain('FAILED: packed tarball');
			expect(code).toBe(1);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});
});
