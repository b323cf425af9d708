import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakes } from '../../../harness/fakes';
import { N8nClient } from '../../../harness/n8nClient';
import { ensureN8n } from '../../../harness/n8nInstall';
import { logTail, startN8n } from '../../../harness/n8nProcess';
import { buildAndPack } from '../../../harness/packageTarball';
import { stopProcess } from '../../../harness/processes';
import { registerStop } from './running';
import { newRunFolder } from '../../../harness/staleRuns';
import { stateVariable, type E2eState } from './state';

/**
 * Jest global setup, once per run: per n8n version, one n8n, one Selarti sandbox and one fake Telegram that serve
 * every test file of that version. The package is built and packed once. Versions start in parallel.
 */
export default async function globalSetup(globalConfig: {
	selectProjects?: string[];
}): Promise<void> {
	const versions = (process.env.SELARTI_E2E_VERSIONS ?? '')
		.split(' ')
		.filter(
			(version) =>
				version &&
				(!globalConfig.selectProjects || globalConfig.selectProjects.includes(`n8n ${version}`)),
		);
	const workFolder = await sharedWorkFolder();
	if (process.env.SELARTI_E2E_N8N_URL) {
		await attachTo(process.env.SELARTI_E2E_N8N_URL, versions[0], workFolder);
		return;
	}
	const tarball = await sharedTarball(workFolder);
	await Promise.all(
		versions.map(async (version) => await startVersion(version, workFolder, tarball)),
	);
}

/**
 * An n8n the suite did not start, with the package installed already (n8n 3.x and the newest 2.x run in Docker only):
 * the suite signs in as its owner (setting it up on a new instance), or uses the API key given, and starts the fakes
 * here. That n8n must reach them on 127.0.0.1 (Docker: --network host), as the suite must reach it.
 */
async function attachTo(baseUrl: string, version: string, workFolder: string): Promise<void> {
	const fakes = await startFakes(workFolder, version);
	registerStop(version, fakes.stop);
	const client = new N8nClient(baseUrl.replace(/\/+$/, ''));
	await client.signInAsOwner(process.env.SELARTI_E2E_N8N_API_KEY);
	const state: E2eState = {
		version,
		workFolder,
		tarball: '',
		n8n: {
			baseUrl: client.baseUrl,
			logFile: process.env.SELARTI_E2E_N8N_LOG ?? '',
			userFolder: '',
		},
		session: client.session,
		sandbox: fakes.sandbox,
		telegram: fakes.telegram,
	};
	await publishState(state, `attached to n8n ${version} at ${client.baseUrl}`);
}

/** Writes a version's state where the test files read it (the file its variable names), and says where n8n is. */
async function publishState(state: E2eState, line: string): Promise<void> {
	const stateFile = join(state.workFolder, `state-${state.version}.json`);
	await writeFile(stateFile, JSON.stringify(state, null, 2));
	process.env[stateVariable(state.version)] = stateFile;
	process.stderr.write(`\n[e2e] ${line}\n`);
}

async function startVersion(version: string, workFolder: string, tarball: string): Promise<void> {
	const install = await ensureN8n(version);
	const fakes = await startFakes(workFolder, version);
	registerStop(version, fakes.stop);
	const n8n = await startN8n(install, workFolder, tarball);
	registerStop(version, async () => await stopProcess(n8n.process, 20_000));

	const client = new N8nClient(n8n.baseUrl);
	try {
		await client.setUpAsOwner();
	} catch (error) {
		throw new Error(`${(error as Error).message}\n${await logTail(n8n.logFile)}`);
	}

	const state: E2eState = {
		version,
		workFolder,
		tarball,
		n8n: { baseUrl: n8n.baseUrl, logFile: n8n.logFile, userFolder: n8n.userFolder },
		session: client.session,
		sandbox: fakes.sandbox,
		telegram: fakes.telegram,
	};
	await publishState(state, `n8n ${version} at ${n8n.baseUrl} (log ${n8n.logFile})`);
}

/** One folder per jest run, shared by both versions; old runs are pruned (and their orphaned processes stopped). */
async function sharedWorkFolder(): Promise<string> {
	if (process.env.SELARTI_E2E_WORK_FOLDER) return process.env.SELARTI_E2E_WORK_FOLDER;
	const folder = await newRunFolder(join(tmpdir(), 'n8n-selarti-e2e'));
	process.env.SELARTI_E2E_WORK_FOLDER = folder;
	return folder;
}

async function sharedTarball(workFolder: string): Promise<string> {
	if (!process.env.SELARTI_E2E_PACKED)
		process.env.SELARTI_E2E_PACKED = await buildAndPack(workFolder);
	return process.env.SELARTI_E2E_PACKED;
}
