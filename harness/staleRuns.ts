import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every process the harness starts carries this variable, so a later run can find what an aborted run left behind. */
export const runMarker = 'SELARTI_E2E_RUN_FOLDER';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Pids whose environment holds `<runMarker>=<folder>`: processes of that run that are still alive. */
async function processesOfRun(folder: string): Promise<number[]> {
	const marker = `${runMarker}=${folder}\0`;
	const pids: number[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if ((await readFile(`/proc/${entry}/environ`, 'latin1')).includes(marker))
				pids.push(Number(entry));
		} catch {
			// Gone meanwhile, or not ours to read.
		}
	}
	return pids;
}

/**
 * Runs whose jest process is gone (killed hard, so it could not clean up): stop the processes they left, then keep
 * only the newest `keep` folders for their logs. A run whose owner is alive (another terminal) is left alone.
 */
export async function removeStaleRuns(root: string, keep = 3): Promise<void> {
	const finished: Array<{ folder: string; mtime: number }> = [];
	for (const name of await readdir(root)) {
		if (!name.startsWith('run-')) continue;
		const folder = join(root, name);
		const owner = Number(await readFile(join(folder, 'owner.pid'), 'utf8').catch(() => '0'));
		if (owner && isAlive(owner)) continue;
		for (const pid of await processesOfRun(folder)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already exited.
			}
		}
		finished.push({ folder, mtime: (await stat(folder)).mtimeMs });
	}
	finished.sort((a, b) => b.mtime - a.mtime);
	for (const { folder } of finished.slice(keep)) await rm(folder, { recursive: true, force: true });
}

/**
 * A fresh `run-…` folder under `root` that names this process as its owner, after pruning the runs a killed
 * process left behind (keeping the newest `keep` of them for their logs).
 */
export async function newRunFolder(root: string, keep = 3): Promise<string> {
	await mkdir(root, { recursive: true });
	await removeStaleRuns(root, keep);
	const folder = await mkdtemp(join(root, 'run-'));
	await writeFile(join(folder, 'owner.pid'), String(process.pid));
	return folder;
}
