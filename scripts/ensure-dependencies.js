// Runs before `npm test` and `npm run dev`: installs the dev dependencies (npm ci) when node_modules is missing or does
// not match package-lock.json, so both commands work as the README's first lines say on a fresh clone.
// Plain Node (CommonJS) on purpose: it runs before anything is installed.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** Why node_modules does not match the lock file (the first difference found), or undefined when it does. */
function staleDependencies(root) {
	// npm writes this copy of the lock file into node_modules after every install, listing what it installed.
	const installedFile = join(root, 'node_modules', '.package-lock.json');
	if (!existsSync(installedFile)) return 'node_modules is missing';
	const locked = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
	const installed = JSON.parse(readFileSync(installedFile, 'utf8')).packages;
	const name = (path) => path.replace(/^.*node_modules\//, '');
	for (const [path, entry] of Object.entries(locked)) {
		// The project itself, and optional packages npm skips on this platform (other systems' binaries).
		if (path === '' || (entry.optional && !(path in installed))) continue;
		if (installed[path]?.version !== entry.version)
			return `${name(path)} ${entry.version} is not installed`;
	}
	const extra = Object.keys(installed).find((path) => !(path in locked));
	return extra === undefined
		? undefined
		: `${name(extra)} is installed but not in package-lock.json`;
}

function ensureDependencies(root) {
	const stale = staleDependencies(root);
	if (stale === undefined) return;
	const started = Date.now();
	process.stderr.write(
		`Installing the dev dependencies first (${stale}): npm ci, about 1–2 minutes…\n`,
	);
	// --loglevel=error: on Node 20 npm warns that isolated-vm (from n8n-core, whose real execution contexts the unit
	// tests use) wants Node 24; no test loads it, and the real n8n of the other suites runs on its own Node.
	const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: root,
		stdio: 'inherit',
	});
	if (install.status !== 0) {
		process.stderr.write(
			'npm ci failed (see above). Fix what it says, then run the command again.\n',
		);
		process.exit(install.status ?? 1);
	}
	process.stderr.write(
		`Dev dependencies installed in ${Math.round((Date.now() - started) / 1000)} s.\n`,
	);
}

if (require.main === module) ensureDependencies(join(__dirname, '..'));

module.exports = { staleDependencies };
