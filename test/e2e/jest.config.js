/**
 * End-to-end tests in a real n8n: one jest project per n8n version (N8N_VERSIONS, default both pinned versions).
 * Each project's global setup starts one n8n with the packed package installed, plus the Selarti sandbox and the
 * fake Telegram, for all its test files. Tests run serially (they share those processes).
 */
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..', '..');
const versions = (process.env.N8N_VERSIONS ?? '2.40.7 1.123.81').split(/[\s,]+/).filter(Boolean);

module.exports = {
	rootDir,
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	reporters: ['default', '<rootDir>/test/e2e/harness/failure-log-reporter.js'],
	projects: versions.map((version) => ({
		displayName: `n8n ${version}`,
		rootDir,
		roots: ['<rootDir>/test/e2e'],
		testMatch: ['**/*.e2e.ts'],
		testEnvironment: 'node',
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }] },
		globals: { n8nVersion: version },
		globalSetup: '<rootDir>/test/e2e/harness/global-setup.ts',
		globalTeardown: '<rootDir>/test/e2e/harness/global-teardown.ts',
	})),
};
