import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { startProcess, type StartedProcess } from '../../../../harness/processes';
import { runMarker } from '../../../../harness/staleRuns';
import { StopWaiting, waitFor } from '../../../../harness/wait';

/*
 * A private PostgreSQL for n8n's queue mode, which n8n supports only on PostgreSQL (on SQLite its processes share one
 * file and a busy database answers webhooks with errors). Debian's server binaries, a cluster in the run's folder on a
 * free port of 127.0.0.1, trust authentication, no durability (a test database). PostgreSQL refuses to run as root,
 * so as root it runs as Debian's `postgres` user.
 */

const run = promisify(execFile);
export const POSTGRES_USER = 'n8n';
export const POSTGRES_DATABASE = 'postgres';

export interface PostgresServer {
	port: number;
	logFile: string;
	process: StartedProcess;
}

/** The server binaries: RELIABILITY_POSTGRES_BIN, else the newest of Debian's /usr/lib/postgresql/<major>/bin. */
async function binaryFolder(): Promise<string> {
	if (process.env.RELIABILITY_POSTGRES_BIN) return process.env.RELIABILITY_POSTGRES_BIN;
	const majors = (await readdir('/usr/lib/postgresql').catch(() => []))
		.filter((name) => /^\d+$/.test(name))
		.sort((a, b) => Number(b) - Number(a));
	if (majors.length === 0)
		throw new Error(
			'PostgreSQL is not installed: apt-get install postgresql (or set RELIABILITY_POSTGRES_BIN)',
		);
	return join('/usr/lib/postgresql', majors[0], 'bin');
}

/** The command prefix and owner that run PostgreSQL: as root, Debian's postgres user; otherwise this user. */
async function runAs(): Promise<{ prefix: string[]; uid?: number; gid?: number }> {
	if (process.getuid?.() !== 0) return { prefix: [] };
	const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
	return { prefix: ['runuser', '-u', 'postgres', '--'], uid: await id('-u'), gid: await id('-g') };
}

export async function startPostgres(workFolder: string, port: number): Promise<PostgresServer> {
	const bin = await binaryFolder();
	const owner = await runAs();
	const dataFolder = join(workFolder, 'postgres');
	await mkdir(dataFolder, { recursive: true });
	if (owner.uid !== undefined) {
		// The postgres user passes through the run's folder to reach its own.
		await chmod(workFolder, 0o711);
		await chown(dataFolder, owner.uid, owner.gid!);
	}
	const command = (program: string, args: string[]) => {
		const [first, ...rest] = [...owner.prefix, join(bin, program), ...args];
		return { first, rest };
	};
	const initdb = command('initdb', [
		'-D',
		dataFolder,
		'-U',
		POSTGRES_USER,
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	await run(initdb.first, initdb.rest, { cwd: dataFolder });
	const logFile = join(workFolder, 'postgres.log');
	const server = command('postgres', [
		'-D',
		dataFolder,
		'-p',
		String(port),
		'-k',
		dataFolder,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'max_connections=200',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	]);
	const started = startProcess('postgres', server.first, server.rest, {
		cwd: dataFolder,
		env: { PATH: process.env.PATH ?? '', [runMarker]: workFolder },
		logFile,
	});
	await waitFor(
		'PostgreSQL to accept connections',
		async () => {
			if (started.hasExited()) throw new StopWaiting('postgres exited');
			return (await readFile(logFile, 'utf8').catch(() => '')).includes(
				'database system is ready to accept connections',
			);
		},
		{
			timeoutMs: 60_000,
			intervalMs: 250,
			diagnostics: async () => await readFile(logFile, 'utf8').catch(() => ''),
		},
	);
	return { port, logFile, process: started };
}

/** n8n's settings for this database. */
export const postgresEnvironment = (server: PostgresServer): NodeJS.ProcessEnv => ({
	DB_TYPE: 'postgresdb',
	DB_POSTGRESDB_HOST: '127.0.0.1',
	DB_POSTGRESDB_PORT: String(server.port),
	DB_POSTGRESDB_USER: POSTGRES_USER,
	DB_POSTGRESDB_PASSWORD: '',
	DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
});
