import { spawn } from 'node:child_process';

import { killCommandGroup, trackCommandGroup, untrackCommandGroup } from './processes';

/**
 * Runs a command to completion (build, pack, npm install, the n8n install script); its output is returned and shown
 * in the error when it fails. It runs in its own process group, so a timeout, Ctrl-C or the end of this process also
 * stops what it started (npm, node-gyp, make), not only the command itself.
 */
export async function runCommand(
	command: string,
	args: string[],
	options: {
		cwd: string;
		env?: NodeJS.ProcessEnv;
		timeoutMs?: number;
		onStderr?: (chunk: string) => void;
	},
): Promise<string> {
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		const pid = child.pid;
		if (pid !== undefined) trackCommandGroup(pid);
		let output = '';
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			output += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			options.onStderr?.(chunk.toString());
		});
		const timeoutMs = options.timeoutMs ?? 20 * 60_000;
		const timer = setTimeout(() => {
			if (pid !== undefined) killCommandGroup(pid);
		}, timeoutMs);
		const finish = () => {
			clearTimeout(timer);
			if (pid !== undefined) untrackCommandGroup(pid);
		};
		child.on('error', (error) => {
			finish();
			reject(error);
		});
		child.on('close', (code, signal) => {
			finish();
			if (code === 0) resolve(stdout);
			else {
				const reason =
					signal === 'SIGKILL' ? `killed after ${timeoutMs} ms` : (signal ?? `exit ${code}`);
				reject(
					new Error(
						`${command} ${args.join(' ')} failed (${reason}) in ${options.cwd}:\n${output.slice(-4000)}`,
					),
				);
			}
		});
	});
}
