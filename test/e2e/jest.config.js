/**
 * End-to-end tests in a real n8n: one jest project per n8n version (N8N_VERSIONS, default every
 * version in scripts/n8n-versions.json).
 * The global setup starts, per version, one n8n with the packed package installed, plus the Selarti sandbox and the
 * fake Telegram, for all test files of that version. Tests run serially (they share those processes).
 */
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..', '..');
const pinned = require('../../scripts/n8n-versions.json');

const versions = (process.env.N8N_VERSIONS ?? pinned.tested.join(' ')).split(/[\s,]+/).filter(Boolean);
// Read by the global setup, which runs once for all projects (jest runs a setup file shared by projects only once).
process.env.SELARTI_E2E_VERSIONS = versions.join(' ');
const stateVariable = (version) => `SELARTI_E2E_STATE_${version.replace(/\W/g, '_')}`;
const attached = versions.every((version) => process.env[stateVariable(version)]);

module.exports = {
	rootDir,
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	reporters: ['default', '<rootDir>/test/e2e/harness/failure-log-reporter.js'],
	// SELARTI_E2E_STATE_<version> set for every version (state files of a harness already running, e.g. `npm run dev`
	// or an earlier run kept alive) attaches the tests to those n8n instances instead of starting new ones.
	...(attached
		? {}
		: {
				globalSetup: '<rootDir>/test/e2e/harness/global-setup.ts',
				globalTeardown: '<rootDir>/test/e2e/harness/global-teardown.ts',
			}),
	projects: versions.map((version) => ({
		displayName: `n8n ${version}`,
		rootDir,
		roots: ['<rootDir>/test/e2e'],
		testMatch: ['**/*.e2e.ts'],
		testEnvironment: 'node',
		// This folder's tsconfig: transpile only (isolatedModules; type checking is `npx tsc -p tsconfig.json --noEmit`),
		// and comments kept so that failure code frames point at the right lines.
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/e2e/tsconfig.json' }] },
		globals: { n8nVersion: version },
	})),
};
