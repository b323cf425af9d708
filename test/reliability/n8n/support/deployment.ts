import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createSelartiSandbox, type SelartiSandbox } from '../../../../sandbox';
import pinnedN8nVersions from '../../../../scripts/n8n-versions.json';
import { N8nClient } from '../../../../harness/n8nClient';
import { ensureN8n } from '../../../../harness/n8nInstall';
import { logTail, startN8n, stopN8n } from '../../../../harness/n8nProcess';
import { buildAndPack } from '../../../../harness/packageTarball';
import { newRunFolder } from '../../../../harness/staleRuns';

/*
 * What the n8n parts of the suite run against: one n8n started by the e2e harness from the packed package (exactly
 * what users install), and the Selarti sandbox in this process, so tests read its logs directly. Work folders live
 * under <tmp>/n8n-selarti-reliability (apart from the e2e runs, whose clean-up must not touch ours); a run that was
 * killed hard is cleaned up by the next one, like the e2e harness does.
 */

export const N8N_VERSION = process.env.RELIABILITY_N8N_VERSION ?? pinnedN8nVersions.reliability;

export interface Deployment {
	version: string;
	workFolder: string;
	n8n: N8nClient;
	baseUrl: string;
	logFile: string;
	sandbox: SelartiSandbox;
	stop(): Promise<void>;
}

export async function reliabilityWorkFolder(): Promise<string> {
	return await newRunFolder(join(tmpdir(), 'n8n-selarti-reliability'));
}

/** The package tarball: SELARTI_E2E_TARBALL when CI packed it already, else built and packed now. */
export async function packageTarball(workFolder: string): Promise<string> {
	return process.env.SELARTI_E2E_TARBALL ?? (await buildAndPack(workFolder));
}

/** Owner account and API key, as the e2e global setup makes them. */
export async function signedInClient(baseUrl: string, logFile: string): Promise<N8nClient> {
	const client = new N8nClient(baseUrl);
	try {
		await client.setUpAsOwner();
	} catch (error) {
		throw new Error(`${(error as Error).message}\n${await logTail(logFile)}`);
	}
	return new N8nClient(baseUrl, client.session.cookie, client.session.apiKey);
}

/**
 * n8n's environment for the suite. Log level debug, so the leak search reads everything n8n can log. The legacy
 * expression engine: 2.40.7's default engine ("vm", a pool of one isolate, built and disposed per execution) handles
 * webhooks one at a time, about 1.5 per second on a 2-core machine, which would hide every concurrency question
 * the bursts ask (and take 11 minutes for 1,000 webhooks); 1.x has no other engine.
 */
export const N8N_SUITE_ENV = { N8N_LOG_LEVEL: 'debug', N8N_EXPRESSION_ENGINE: 'legacy' };

/** One n8n (the suite's version and settings unless given) and the sandbox. */
export async function startDeployment(
	version = N8N_VERSION,
	env: Record<string, string> = N8N_SUITE_ENV,
): Promise<Deployment> {
	const workFolder = await reliabilityWorkFolder();
	const [install, tarball, sandbox] = await Promise.all([
		ensureN8n(version),
		packageTarball(workFolder),
		createSelartiSandbox({ port: 0 }),
	]);
	const instance = await startN8n(install, workFolder, tarball, { env }).catch(
		async (error: unknown) => {
			await sandbox.close();
			throw error;
		},
	);
	try {
		const n8n = await signedInClient(instance.baseUrl, instance.logFile);
		return {
			version,
			workFolder,
			n8n,
			baseUrl: instance.baseUrl,
			logFile: instance.logFile,
			sandbox,
			async stop() {
				await stopN8n(instance);
				await sandbox.close();
			},
		};
	} catch (error) {
		await stopN8n(instance);
		await sandbox.close();
		throw error;
	}
}
