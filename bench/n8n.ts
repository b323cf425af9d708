import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { installCommunityPackage } from '../harness/communityPackage';
import { http } from '../harness/http';
import { N8nClient } from '../harness/n8nClient';
import { ensureN8n, type N8nInstall } from '../harness/n8nInstall';
import { logTail, n8nEnvironment } from '../harness/n8nProcess';
import { findFreePorts } from '../harness/ports';
import { startProcess, stopProcess, type StartedProcess } from '../harness/processes';
import { StopWaiting, waitFor } from '../harness/wait';

export interface BenchN8n {
	version: string;
	install: N8nInstall;
	baseUrl: string;
	userFolder: string;
	logFile: string;
	/** The n8n main process (executions, webhooks); the task runner for Code nodes is a child of it. */
	pid: number;
	client: N8nClient;
	/** Folder of the .cpuprofile files when started with profiling (written when n8n exits). */
	profileFolder?: string;
	stop(): Promise<void>;
}

export interface BenchN8nOptions {
	/** A tested n8n version; the packed package is installed in it as users install it. */
	version: string;
	profile: boolean;
	env: Record<string, string>;
}

export async function startBenchN8n(
	workFolder: string,
	tarball: string,
	options: BenchN8nOptions,
): Promise<BenchN8n> {
	const install = await ensureN8n(options.version);
	const userFolder = join(workFolder, `n8n-${install.version}`);
	await mkdir(userFolder, { recursive: true });
	const [port, brokerPort] = await findFreePorts(2);
	const env = n8nEnvironment(install, workFolder, userFolder, port, brokerPort);
	// Keep n8n's log short: the benchmark runs tens of thousands of executions.
	env.N8N_LOG_LEVEL = 'warn';
	Object.assign(env, options.env);
	await installCommunityPackage(userFolder, tarball, env);

	const profileFolder = options.profile ? join(workFolder, 'cpu-profiles') : undefined;
	if (profileFolder) await mkdir(profileFolder, { recursive: true });
	const nodeArguments = profileFolder ? ['--cpu-prof', `--cpu-prof-dir=${profileFolder}`] : [];
	const logFile = join(workFolder, `n8n-${install.version}.log`);
	const started = startProcess(
		`n8n ${install.version}`,
		join(install.nodeBinDir, 'node'),
		[...nodeArguments, install.n8nBin, 'start'],
		{
			cwd: userFolder,
			env,
			logFile,
		},
	);
	const baseUrl = `http://127.0.0.1:${port}`;
	try {
		await waitUntilServing(baseUrl, started, logFile);
		const client = new N8nClient(baseUrl);
		await client.setUpAsOwner('selarti-bench');
		return {
			version: install.version,
			install,
			baseUrl,
			userFolder,
			logFile,
			pid: started.pid,
			client,
			profileFolder,
			stop: async () => await stopProcess(started, 30_000),
		};
	} catch (error) {
		await stopProcess(started);
		throw error;
	}
}

/** As in the e2e harness: readiness (database migrated) and the REST routes (settings) must both answer. */
async function waitUntilServing(
	baseUrl: string,
	started: StartedProcess,
	logFile: string,
): Promise<void> {
	await waitFor(
		`n8n to serve its REST API at ${baseUrl}`,
		async () => {
			if (started.hasExited()) throw new StopWaiting('n8n exited during start');
			const readiness = await http(`${baseUrl}/healthz/readiness`, { timeoutMs: 5_000 });
			if (readiness.status !== 200) return false;
			const settings = await http(`${baseUrl}/rest/settings`, { timeoutMs: 5_000 });
			return settings.status === 200;
		},
		{ timeoutMs: 240_000, intervalMs: 500, diagnostics: async () => await logTail(logFile) },
	);
}
