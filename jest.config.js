/** Unit tests only; the real-n8n suites have their own configs (see README, Development).
 * ts-jest only transpiles (isolatedModules): `npm run typecheck` type-checks the whole project once, much faster. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/unit'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
};
