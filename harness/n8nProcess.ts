import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { installCommunityPackage } from './communityPackage';
import { http } from './http';
import type { N8nInstall } from './n8nInstall';
import { findFreePort, findFreePorts, preferredOrFreePort } from './ports';
import { startProcess, stopProcess, type StartedProcess } from './processes';
import { runMarker } from './staleRuns';
import { StopWaiting, waitFor } from './wait';

export interface N8nInstance {
	version: string;
	baseUrl: string;
	userFolder: string;
	/** Where the package was installed: <user folder>/.n8n/nodes/node_modules/n8n-nodes-selarti */
	packageFolder: string;
	logFile: string;
	process: StartedProcess;
}

/** The environment a throwaway n8n runs with: nothing inherited that could change its behaviour, nothing phoning home. */
export function n8nEnvironment(
	install: N8nInstall,
	workFolder: string,
	userFolder: string,
	port: number,
	brokerPort: number,
): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([name]) =>
				!/^(N8N_|DB_|WEBHOOK_URL$|EXECUTIONS_|QUEUE_|NODE_OPTIONS$|NODE_ENV$|JEST_|npm_)/.test(
					name,
				),
		),
	);
	return {
		...inherited,
		[runMarker]: workFolder,
		PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}`,
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_ENABLED: 'true',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: process.env.SELARTI_E2E_N8N_LOG_LEVEL ?? 'info',
	};
}

export interface StartN8nOptions {
	/** Port for the editor and webhooks when it is free (npm run dev: 5678); default any free port. */
	preferredPort?: number;
	/** Extra environment, e.g. N8N_DEV_RELOAD for npm run dev. */
	env?: Record<string, string>;
}

/** Installs the packed package into a fresh user folder and starts n8n on free ports; resolves once its REST API answers. */
export async function startN8n(
	install: N8nInstall,
	workFolder: string,
	tarball: string,
	options: StartN8nOptions = {},
): Promise<N8nInstance> {
	const userFolder = join(workFolder, `n8n-${install.version}`);
	await mkdir(userFolder, { recursive: true });
	const port = options.preferredPort
		? await preferredOrFreePort(options.preferredPort)
		: await findFreePort();
	const [brokerPort] = (await findFreePorts(2)).filter((candidate) => candidate !== port);
	const env = {
		...n8nEnvironment(install, workFolder, userFolder, port, brokerPort),
		...options.env,
	};
	const packageFolder = await installCommunityPackage(userFolder, tarball, env);

	const logFile = join(workFolder, `n8n-${install.version}.log`);
	const started = startProcess(
		`n8n ${install.version}`,
		join(install.nodeBinDir, 'node'),
		[install.n8nBin, 'start'],
		{
			cwd: userFolder,
			env,
			logFile,
		},
	);
	const instance: N8nInstance = {
		version: install.version,
		baseUrl: `http://127.0.0.1:${port}`,
		userFolder,
		packageFolder,
		logFile,
		process: started,
	};
	try {
		await waitUntilReady(instance);
	} catch (error) {
		await stopProcess(started);
		throw error;
	}
	return instance;
}

async function waitUntilReady(instance: N8nInstance): Promise<void> {
	// /healthz answers before the migrations run, and /healthz/readiness (1.x) before the REST routes exist,
	// so wait for the public settings endpoint the editor loads first.
	await waitFor(
		`n8n ${instance.version} to serve its REST API at ${instance.baseUrl}`,
		async () => {
			if (instance.process.hasExited()) throw new StopWaiting('n8n exited during start');
			const readiness = await http(`${instance.baseUrl}/healthz/readiness`, { timeoutMs: 5_000 });
			if (readiness.status !== 200) return false;
			const settings = await http(`${instance.baseUrl}/rest/settings`, { timeoutMs: 5_000 });
			return settings.status === 200;
		},
		{
			timeoutMs: 180_000,
			intervalMs: 500,
			diagnostics: async () => await logTail(instance.logFile),
		},
	);
}

export async function stopN8n(instance: N8nInstance): Promise<void> {
	await stopProcess(instance.process, 20_000);
}

/** The last lines of a log file, for failure messages. */
export async function logTail(logFile: string, lines = 60): Promise<string> {
	try {
		const text = await readFile(logFile, 'utf8');
		return `--- last ${lines} lines of ${logFile} ---\n${text.split('\n').slice(-lines).join('\n')}`;
	} catch {
		return `(no log at ${logFile})`;
	}
}

/** The last lines of several log files, one after another. */
export async function logTails(logFiles: string[], lines = 30): Promise<string> {
	return (await Promise.all(logFiles.map(async (file) => await logTail(file, lines)))).join('\n');
}
