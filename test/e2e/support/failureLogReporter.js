/**
 * When a test file fails, prints the tail of the logs of that version's n8n and fakes, so the failure shows what n8n
 * said (webhook errors, node errors) next to the assertion. Plain JS: jest loads reporters without transforming them.
 */
const { readFileSync } = require('node:fs');

function tail(file, lines) {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

class FailureLogReporter {
	onTestResult(test, testResult) {
		if (testResult.numFailingTests === 0 && !testResult.testExecError) return;
		const version = test.context.config.globals.n8nVersion;
		const stateFile = process.env[`SELARTI_E2E_STATE_${String(version).replace(/\W/g, '_')}`];
		if (!stateFile) return;
		const state = JSON.parse(readFileSync(stateFile, 'utf8'));
		const logs = [state.n8n, state.sandbox, state.telegram]
			.filter(Boolean)
			.map((service) => service.logFile);
		for (const logFile of logs) {
			process.stderr.write(
				`\n--- ${test.path} failed on n8n ${version}: last 40 lines of ${logFile} ---\n${tail(logFile, 40)}\n`,
			);
		}
	}
}

module.exports = FailureLogReporter;
