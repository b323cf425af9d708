/** Checks the built package as n8n will install it: run after `npm run build` (see README, Development). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: '../..',
	roots: ['<rootDir>/test/package'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 120000,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
