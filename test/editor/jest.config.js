/**
 * The editor as a user sees it: Chromium drives a real n8n with the packed package installed.
 * One jest project per n8n version (SELARTI_EDITOR_VERSIONS, default every
 * version in scripts/n8n-versions.json). n8n, the Selarti sandbox
 * and the package install come from the e2e harness's global setup (test/e2e/harness), so this suite sees exactly
 * what the e2e suite tests. Serial: the files of a version share one n8n.
 */
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..', '..');
const pinned = require('../../scripts/n8n-versions.json');

const versions = (process.env.SELARTI_EDITOR_VERSIONS ?? pinned.tested.join(' ')).split(/[\s,]+/).filter(Boolean);
// Read by the harness's global setup, which runs once for all projects.
process.env.SELARTI_E2E_VERSIONS = versions.join(' ');
// While working on these tests: point SELARTI_E2E_STATE_<version> at the state file of an n8n the harness already
// started (e.g. from another run) for every version, and the suite reuses it instead of starting its own.
const stateVariable = (version) => `SELARTI_E2E_STATE_${version.replace(/\W/g, '_')}`;
const attached = versions.every((version) => process.env[stateVariable(version)]);

module.exports = {
	rootDir,
	maxWorkers: 1,
	testTimeout: 8 * 60_000,
	reporters: ['default', '<rootDir>/test/e2e/harness/failure-log-reporter.js'],
	...(attached
		? {}
		: {
				globalSetup: '<rootDir>/test/e2e/harness/global-setup.ts',
				globalTeardown: '<rootDir>/test/e2e/harness/global-teardown.ts',
			}),
	projects: versions.map((version) => ({
		// The harness selects projects by this name (jest --selectProjects "n8n 2.41.1").
		displayName: `n8n ${version}`,
		rootDir,
		roots: ['<rootDir>/test/editor'],
		testMatch: ['**/*.editor.ts'],
		testEnvironment: 'node',
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/editor/tsconfig.json' }] },
		globals: { n8nVersion: version },
	})),
};
