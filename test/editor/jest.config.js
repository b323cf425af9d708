/**
 * The editor as a user sees it: Chromium drives a real n8n with the packed package installed, every pinned version
 * (SELARTI_EDITOR_VERSIONS chooses). The n8n instances come from the same global setup as the e2e suite's, so this suite
 * sees exactly what the e2e suite tests: see test/editor/README.md.
 */
const realN8nJestConfig = require('../e2e/support/realN8nJestConfig');

module.exports = realN8nJestConfig({
	versionsVariable: 'SELARTI_EDITOR_VERSIONS',
	folder: 'test/editor',
	testMatch: ['**/*.editor.ts'],
	testTimeout: 8 * 60_000,
});
