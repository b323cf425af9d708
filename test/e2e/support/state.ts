import { readFileSync } from 'node:fs';

/** What the global setup started for one n8n version; written to a file that the test files and the reporter read. */
export interface E2eState {
	version: string;
	workFolder: string;
	tarball: string;
	n8n: { baseUrl: string; logFile: string; userFolder: string };
	session: { cookie: string; apiKey: string };
	sandbox: { baseUrl: string; logFile: string };
	telegram: { baseUrl: string; logFile: string };
}

/** Environment variable that points at the state file of one version (set by the global setup in jest's main process). */
export function stateVariable(version: string): string {
	return `SELARTI_E2E_STATE_${version.replace(/\W/g, '_')}`;
}

export function readState(version: string): E2eState {
	const file = process.env[stateVariable(version)];
	if (!file)
		throw new Error(
			`no e2e state for n8n ${version}: run through test/e2e/jest.config.js (its global setup starts n8n)`,
		);
	return JSON.parse(readFileSync(file, 'utf8')) as E2eState;
}
