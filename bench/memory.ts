import { readFile } from 'node:fs/promises';

/** Resident set size of a process in bytes, from /proc (Linux). */
export async function residentBytes(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	if (!match) throw new Error(`no VmRSS for process ${pid}`);
	return Number(match[1]) * 1024;
}

export interface MemoryTrace {
	/** RSS when sampling started. */
	beforeBytes: number;
	/** Highest RSS seen while sampling. */
	peakBytes: number;
}

/** Samples a process's RSS every `intervalMs` until stopped; the peak is what a run cost in memory at most. */
export function sampleMemory(pid: number, intervalMs = 100): { stop: () => Promise<MemoryTrace> } {
	let beforeBytes = 0;
	let peakBytes = 0;
	let stopped = false;
	const loop = (async () => {
		beforeBytes = await residentBytes(pid);
		peakBytes = beforeBytes;
		while (!stopped) {
			await new Promise((resolve) => setTimeout(resolve, intervalMs));
			peakBytes = Math.max(peakBytes, await residentBytes(pid));
		}
	})();
	return {
		stop: async () => {
			stopped = true;
			await loop;
			return { beforeBytes, peakBytes };
		},
	};
}
