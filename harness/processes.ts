import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/**
 * Every process the harness starts runs in its own process group (detached), so stopping it also stops the children
 * it starts (n8n's task runner). All groups are recorded here and killed on teardown, on failure, on Ctrl-C and on exit.
 */
export interface StartedProcess {
	name: string;
	pid: number;
	logFile: string;
	exited: Promise<number | null>;
	hasExited: () => boolean;
}

const running = new Map<number, StartedProcess>();
/** Process groups of short-lived commands (runCommand): killed with the rest on Ctrl-C or exit. */
const commandGroups = new Set<number>();

export function trackCommandGroup(pid: number): void {
	commandGroups.add(pid);
	installSignalHandlers();
}

export function untrackCommandGroup(pid: number): void {
	commandGroups.delete(pid);
}

export function killCommandGroup(pid: number): void {
	signalGroup(pid, 'SIGKILL');
}

export function startProcess(
	name: string,
	command: string,
	args: string[],
	options: { cwd?: string; env: NodeJS.ProcessEnv; logFile: string },
): StartedProcess {
	const log = openSync(options.logFile, 'a');
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', log, log],
	});
	closeSync(log);
	if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
	let done = false;
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code) => {
			done = true;
			running.delete(pid);
			resolve(code);
		});
		child.on('error', () => {
			done = true;
			running.delete(pid);
			resolve(null);
		});
	});
	const pid = child.pid;
	const started: StartedProcess = {
		name,
		pid,
		logFile: options.logFile,
		exited,
		hasExited: () => done,
	};
	running.set(pid, started);
	installSignalHandlers();
	return started;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// The group is already gone.
	}
}

/** SIGTERM to the process group, then SIGKILL if it has not exited within the grace period. */
export async function stopProcess(started: StartedProcess, graceMs = 10_000): Promise<void> {
	if (started.hasExited()) {
		signalGroup(started.pid, 'SIGKILL');
		return;
	}
	signalGroup(started.pid, 'SIGTERM');
	const timer = new Promise<'timeout'>((resolve) =>
		setTimeout(() => resolve('timeout'), graceMs).unref(),
	);
	const outcome = await Promise.race([started.exited.then(() => 'exited' as const), timer]);
	// Kill what is left of the group either way: a child may outlive its parent.
	signalGroup(started.pid, 'SIGKILL');
	if (outcome === 'timeout') await started.exited;
}

export async function stopAllProcesses(): Promise<void> {
	await Promise.all([...running.values()].map(async (started) => await stopProcess(started)));
}

function killAllNow(): void {
	for (const started of running.values()) signalGroup(started.pid, 'SIGKILL');
	for (const pid of commandGroups) signalGroup(pid, 'SIGKILL');
	running.clear();
	commandGroups.clear();
}

let handlersInstalled = false;
let stopSignalHandler: (() => number) | undefined;

/** What to do after Ctrl-C has killed every started process; returns the exit code (default 128 + signal number). */
export function onStopSignal(handler: () => number): void {
	stopSignalHandler = handler;
}

function installSignalHandlers(): void {
	if (handlersInstalled) return;
	handlersInstalled = true;
	// Detached groups do not receive the terminal's Ctrl-C, so forward the end of this process to them.
	process.on('exit', killAllNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			killAllNow();
			process.exit(
				stopSignalHandler?.() ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1),
			);
		});
	}
}
