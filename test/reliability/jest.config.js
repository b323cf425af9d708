/**
 * Reliability and security suite (see RELIABILITY.md, which it writes). Two projects:
 * - "fast": fuzzing, secrets and regressions against the real node code in n8n-core's contexts (about a minute);
 * - "n8n": real n8n processes started by the test files themselves, one deployment at a time (several minutes).
 * One worker: the files run one after another in the order of sequencer.js, so only one n8n deployment runs at once.
 * `npm run test:reliability -- --selectProjects fast` runs only the fast part.
 */
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..', '..');
// Transpile only (this folder's tsconfig sets isolatedModules; `npm run typecheck` type-checks), comments kept so that
// failure code frames point at the right lines.
const transform = {
	'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/reliability/tsconfig.json' }],
};

module.exports = {
	rootDir,
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
	testSequencer: '<rootDir>/test/reliability/sequencer.js',
	projects: [
		{
			displayName: 'fast',
			rootDir,
			roots: ['<rootDir>/test/reliability'],
			testMatch: ['**/*.test.ts'],
			testEnvironment: 'node',
			transform,
		},
		{
			displayName: 'n8n',
			rootDir,
			roots: ['<rootDir>/test/reliability'],
			testMatch: ['**/*.rel.ts'],
			testEnvironment: 'node',
			transform,
		},
	],
};
