import { readFile } from 'node:fs/promises';

/** CPU time (user + system) a process has used, in seconds, from /proc/<pid>/stat (Linux, 100 ticks per second). */
async function cpuSeconds(pid: number): Promise<number> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may contain spaces) start after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until a process uses less than `maxShare` of one core over a whole second, so a run does not start while
 * n8n is still saving, collecting garbage or answering for the run before (a 20,000-item execution takes a while to
 * save). Gives up after `timeoutMs` and says so; returns how long it waited.
 */
export async function waitUntilQuiet(
	pid: number,
	log: (line: string) => void,
	maxShare = 0.15,
	timeoutMs = 120_000,
): Promise<number> {
	const started = performance.now();
	for (;;) {
		const before = await cpuSeconds(pid);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const share = (await cpuSeconds(pid)) - before;
		const waited = performance.now() - started;
		if (share < maxShare) return waited;
		if (waited > timeoutMs) {
			log(
				`n8n still busy (${(share * 100).toFixed(0)} % of a core) after ${(waited / 1000).toFixed(0)} s; going on`,
			);
			return waited;
		}
	}
}
