import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { logTail } from './n8nProcess';
import { repoRoot } from './paths';
import { startProcess, stopProcess, type StartedProcess } from './processes';
import { runMarker } from './staleRuns';
import { StopWaiting, waitFor } from './wait';

export interface RunningFake {
	baseUrl: string;
	logFile: string;
}

export interface StartedFakes {
	sandbox: RunningFake;
	telegram: RunningFake;
	stop: () => Promise<void>;
}

/**
 * Starts one of the repo's fakes (sandbox/) as its own process on a free port, the way `npm run sandbox` does, and
 * reads its URL from the JSON ready line it prints. Tests then drive it only through its HTTP control API.
 */
async function startFake(
	name: string,
	script: string,
	workFolder: string,
	version: string,
	port = 0,
): Promise<{ fake: RunningFake; process: StartedProcess }> {
	const logFile = join(workFolder, `${name}-${version}.log`);
	const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
	const started = startProcess(
		name,
		process.execPath,
		[tsxCli, join(repoRoot, script), '--port', String(port)],
		{
			cwd: repoRoot,
			env: { ...process.env, [runMarker]: workFolder },
			logFile,
		},
	);
	try {
		const baseUrl = await waitFor(
			`${name} to announce its URL`,
			async () => {
				if (started.hasExited()) throw new StopWaiting(`${name} exited`);
				const ready = (await readFile(logFile, 'utf8'))
					.split('\n')
					.filter((line) => line.startsWith('{'))
					.map((line) => JSON.parse(line) as { ready?: boolean; url?: string })
					.find((line) => line.ready);
				return ready?.url;
			},
			{ timeoutMs: 60_000, diagnostics: async () => await logTail(logFile) },
		);
		return { fake: { baseUrl, logFile }, process: started };
	} catch (error) {
		await stopProcess(started);
		throw error;
	}
}

/** The Selarti sandbox and the fake Telegram; ports default to any free one (npm run dev prefers 8787 and 8081). */
export async function startFakes(
	workFolder: string,
	version: string,
	ports: { sandbox?: number; telegram?: number } = {},
): Promise<StartedFakes> {
	const [sandbox, telegram] = await Promise.all([
		startFake('selarti-sandbox', 'sandbox/cli.ts', workFolder, version, ports.sandbox),
		startFake('fake-telegram', 'sandbox/fake-telegram-cli.ts', workFolder, version, ports.telegram),
	]);
	return {
		sandbox: sandbox.fake,
		telegram: telegram.fake,
		stop: async () => {
			await Promise.all([stopProcess(sandbox.process), stopProcess(telegram.process)]);
		},
	};
}
