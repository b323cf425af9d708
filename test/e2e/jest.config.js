/** End-to-end tests in a real n8n, every pinned version (N8N_VERSIONS chooses): see test/e2e/README.md. */
const realN8nJestConfig = require('./support/realN8nJestConfig');

module.exports = realN8nJestConfig({
	versionsVariable: 'N8N_VERSIONS',
	folder: 'test/e2e',
	testMatch: ['**/*.e2e.ts'],
	testTimeout: 5 * 60_000,
});
