/**
 * Runs the fast files first, then the single-n8n file, then queue mode, so a failure shows up early and the
 * n8n deployments never overlap (with maxWorkers 1 jest runs the files in this order).
 */
const Sequencer = require('@jest/test-sequencer').default;

const rank = (testPath) => {
	if (testPath.endsWith('.test.ts')) return 0;
	if (testPath.includes('queue')) return 2;
	return 1;
};

class ReliabilitySequencer extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
	}
}

module.exports = ReliabilitySequencer;
