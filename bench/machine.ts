import { cpus, loadavg, release, totalmem } from 'node:os';

/** Where and when a section was measured: absolute numbers mean little on a shared machine, this says how shared. */
export interface SectionContext {
	date: string;
	reps: number;
	loadBefore: number;
	loadAfter: number;
}

export function startSection(reps: number): () => SectionContext {
	const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const loadBefore = loadavg()[0];
	return () => ({ date, reps, loadBefore, loadAfter: loadavg()[0] });
}

export function describeMachine(): string {
	const processors = cpus();
	return `${processors.length} × ${processors[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Linux ${release()}`;
}

export function describeSection(context: SectionContext): string {
	return (
		`Measured ${context.date}, ${context.reps} repetition${context.reps === 1 ? '' : 's'}` +
		` (1-minute load average ${context.loadBefore.toFixed(1)} before, ${context.loadAfter.toFixed(1)} after, on ${cpus().length} cores).` +
		(context.reps < 5 ? ' **Quick look: fewer than the 5 repetitions the issue asks for.**' : '')
	);
}
