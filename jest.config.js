/** Unit tests only; the real-n8n suites have their own configs (see README, Development).
 * ts-jest only transpiles (tsconfig.json sets isolatedModules): `npm run typecheck` type-checks the whole project once. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/unit'],
	testMatch: ['**/*.test.ts'],
	// Deadlines, not expectations: a loaded 2-core machine can take several times a quiet one's time (no test asserts
	// on wall time; speed is measured by npm run bench).
	testTimeout: 60_000,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
