/**
 * The jest config of a suite that runs in real n8n (e2e, editor): one jest project per n8n version (`versionsVariable`,
 * default every tested version in scripts/n8n-versions.json), and one global setup that starts, per version, one n8n
 * with the packed package installed, the Selarti sandbox and the fake Telegram, shared by all test files of that version.
 * Tests run serially (they share those processes).
 *
 * SELARTI_E2E_STATE_<version> set for every version (the state files of a harness already running, e.g. another run
 * kept alive) attaches the tests to those n8n instances instead of starting new ones (see test/e2e/README.md).
 */
const path = require('node:path');

const pinned = require('../../../scripts/n8n-versions.json');

const rootDir = path.resolve(__dirname, '..', '..', '..');
const stateVariable = (version) => `SELARTI_E2E_STATE_${version.replace(/\W/g, '_')}`;

module.exports = function realN8nJestConfig({ versionsVariable, folder, testMatch, testTimeout }) {
	// An n8n the suite did not start (SELARTI_E2E_N8N_URL, see test/e2e/README.md) is the one version it runs against.
	const external = process.env.SELARTI_E2E_N8N_URL;
	if (external && !process.env.SELARTI_E2E_N8N_VERSION)
		throw new Error(
			'SELARTI_E2E_N8N_URL needs SELARTI_E2E_N8N_VERSION (the n8n version running there)',
		);
	const versions = (
		external
			? process.env.SELARTI_E2E_N8N_VERSION
			: (process.env[versionsVariable] ?? pinned.tested.join(' '))
	)
		.split(/[\s,]+/)
		.filter(Boolean);
	// Read by the global setup, which runs once for all projects (jest runs a setup file shared by projects only once).
	process.env.SELARTI_E2E_VERSIONS = versions.join(' ');
	const attached = versions.every((version) => process.env[stateVariable(version)]);
	return {
		rootDir,
		maxWorkers: 1,
		testTimeout,
		reporters: ['default', '<rootDir>/test/e2e/support/failureLogReporter.js'],
		...(attached
			? {}
			: {
					globalSetup: '<rootDir>/test/e2e/support/globalSetup.ts',
					globalTeardown: '<rootDir>/test/e2e/support/globalTeardown.ts',
				}),
		projects: versions.map((version) => ({
			// The global setup selects versions by this name (jest --selectProjects "n8n 2.41.1").
			displayName: `n8n ${version}`,
			rootDir,
			roots: [`<rootDir>/${folder}`],
			testMatch,
			testEnvironment: 'node',
			// The folder's tsconfig: transpile only (isolatedModules; `npm run typecheck` type-checks), comments kept so
			// that failure code frames point at the right lines.
			transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: `<rootDir>/${folder}/tsconfig.json` }] },
			globals: { n8nVersion: version },
		})),
	};
};
