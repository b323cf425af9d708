import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { createSelartiSandbox, type SelartiSandbox } from '../../../../sandbox';
import { installCommunityPackage } from '../../../../harness/communityPackage';
import type { N8nClient } from '../../../../harness/n8nClient';
import { ensureN8n, type N8nInstall } from '../../../../harness/n8nInstall';
import { logTail, logTails, n8nEnvironment } from '../../../../harness/n8nProcess';
import { http } from '../../../../harness/http';
import { findFreePorts } from '../../../../harness/ports';
import { startProcess, stopProcess, type StartedProcess } from '../../../../harness/processes';
import { runMarker } from '../../../../harness/staleRuns';
import { StopWaiting, waitFor } from '../../../../harness/wait';
import { postgresEnvironment, startPostgres } from './postgres';
import {
	N8N_SUITE_ENV,
	N8N_VERSION,
	packageTarball,
	reliabilityWorkFolder,
	signedInClient,
} from './deployment';

/*
 * n8n in queue mode, the way users scale it out: Redis (Debian's redis-server, on a free port of 127.0.0.1, no
 * persistence), one main process (`n8n start`: editor, API, triggers; also answers webhooks), one webhook process
 * (`n8n webhook`) and two workers (`n8n worker`), all with EXECUTIONS_MODE=queue and QUEUE_BULL_REDIS_HOST/PORT,
 * one PostgreSQL database (support/postgres.ts), and one user folder (one encryption key, the installed package).
 * Each process runs in its own process group and writes its own log; all are stopped at the end, by their ids.
 */

export const REDIS_SERVER = process.env.RELIABILITY_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface QueueProcess {
	role: string;
	baseUrl?: string;
	logFile: string;
	process: StartedProcess;
}

export interface QueueDeployment {
	version: string;
	n8n: N8nClient;
	/** The main process's URL (editor, API, and it answers webhooks too). */
	mainUrl: string;
	/** The webhook process's URL. */
	webhookUrl: string;
	processes: QueueProcess[];
	sandbox: SelartiSandbox;
	/** The last lines of every process's log, for a failure message. */
	logTails(): Promise<string>;
	stop(): Promise<void>;
}

async function waitForLogLine(
	started: QueueProcess,
	line: string,
	timeoutMs = 240_000,
): Promise<void> {
	await waitFor(
		`${started.role} to log "${line}"`,
		async () => {
			if (started.process.hasExited()) throw new StopWaiting(`${started.role} exited`);
			return (await readFile(started.logFile, 'utf8').catch(() => '')).includes(line);
		},
		{ timeoutMs, intervalMs: 500, diagnostics: async () => await logTail(started.logFile) },
	);
}

function startRole(
	role: string,
	install: N8nInstall,
	args: string[],
	env: NodeJS.ProcessEnv,
	workFolder: string,
	port?: number,
): QueueProcess {
	const logFile = join(workFolder, `n8n-${role}.log`);
	const started = startProcess(
		`n8n ${role}`,
		join(install.nodeBinDir, 'node'),
		[install.n8nBin, ...args],
		{ cwd: env.N8N_USER_FOLDER, env, logFile },
	);
	return {
		role,
		baseUrl: port === undefined ? undefined : `http://127.0.0.1:${port}`,
		logFile,
		process: started,
	};
}

export async function startQueueDeployment(): Promise<QueueDeployment> {
	const workFolder = await reliabilityWorkFolder();
	const [install, tarball, sandbox] = await Promise.all([
		ensureN8n(N8N_VERSION),
		packageTarball(workFolder),
		createSelartiSandbox({ port: 0 }),
	]);
	const processes: QueueProcess[] = [];
	const stop = async () => {
		for (const started of [...processes].reverse()) await stopProcess(started.process, 20_000);
		await sandbox.close();
	};
	try {
		const [redisPort, postgresPort, mainPort, webhookPort, ...brokerPorts] = await findFreePorts(8);
		const redis: QueueProcess = {
			role: 'redis',
			logFile: join(workFolder, 'redis.log'),
			process: startProcess(
				'redis',
				REDIS_SERVER,
				[
					'--port',
					String(redisPort),
					'--bind',
					'127.0.0.1',
					'--save',
					'',
					'--appendonly',
					'no',
					'--dir',
					workFolder,
				],
				{
					env: { PATH: process.env.PATH ?? '', [runMarker]: workFolder },
					logFile: join(workFolder, 'redis.log'),
				},
			),
		};
		processes.push(redis);
		const postgresStarted = startPostgres(workFolder, postgresPort);
		await waitForLogLine(redis, 'Ready to accept connections', 30_000);
		const postgres = await postgresStarted;
		processes.push({ role: 'postgres', logFile: postgres.logFile, process: postgres.process });

		const userFolder = join(workFolder, 'n8n-queue');
		await mkdir(userFolder, { recursive: true });
		const environment = (port: number, brokerPort: number): NodeJS.ProcessEnv => ({
			...n8nEnvironment(install, workFolder, userFolder, port, brokerPort),
			...N8N_SUITE_ENV,
			...postgresEnvironment(postgres),
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		});
		await installCommunityPackage(userFolder, tarball, environment(mainPort, brokerPorts[0]));

		// The main process first: it creates the database; the others start once it serves its API.
		const main = startRole(
			'main',
			install,
			['start'],
			environment(mainPort, brokerPorts[0]),
			workFolder,
			mainPort,
		);
		processes.push(main);
		await waitFor(
			'the main process to serve its REST API',
			async () => {
				if (main.process.hasExited()) throw new StopWaiting('main exited');
				// Until it is ready, n8n answers every /rest call 200 "n8n is starting up"; readiness says when it is.
				if ((await http(`${main.baseUrl}/healthz/readiness`, { timeoutMs: 5_000 })).status !== 200)
					return false;
				return (await http(`${main.baseUrl}/rest/settings`, { timeoutMs: 5_000 })).status === 200;
			},
			{ timeoutMs: 240_000, intervalMs: 500, diagnostics: async () => await logTail(main.logFile) },
		);
		const n8n = await signedInClient(main.baseUrl!, main.logFile);

		const webhook = startRole(
			'webhook',
			install,
			['webhook'],
			environment(webhookPort, brokerPorts[1]),
			workFolder,
			webhookPort,
		);
		const workers = [1, 2].map((number) =>
			startRole(
				`worker-${number}`,
				install,
				['worker', '--concurrency=5'],
				environment(mainPort, brokerPorts[1 + number]),
				workFolder,
			),
		);
		processes.push(webhook, ...workers);
		await Promise.all([
			waitForLogLine(webhook, 'Webhook listener waiting for requests'),
			...workers.map(async (worker) => await waitForLogLine(worker, 'n8n worker is now ready')),
		]);

		return {
			version: N8N_VERSION,
			n8n,
			mainUrl: main.baseUrl!,
			webhookUrl: webhook.baseUrl!,
			processes,
			sandbox,
			logTails: async () => await logTails(processes.map((p) => p.logFile)),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
