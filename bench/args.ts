import pinnedN8nVersions from '../scripts/n8n-versions.json';

/** Command line of `npm run bench -- [flags]`. */

export const MEASUREMENTS = [
	'send',
	'receive',
	'normaliser',
	'footprint',
	'growth',
	'wait',
	'defaults',
] as const;
export type Measurement = (typeof MEASUREMENTS)[number];

export interface BenchArgs {
	only: Measurement[];
	reps: number;
	/** Only the send/growth configurations and receive scenarios whose id contains one of these. */
	filters: string[];
	/** Start n8n with --cpu-prof and summarise where its CPU time went. */
	profile: boolean;
	/** Write BENCHMARKS.md (default: only when reps ≥ 5, the minimum). */
	write: boolean;
	/** Reuse a tarball packed earlier instead of building and packing. */
	tarball?: string;
	/**
	 * Extra environment for n8n (KEY=VALUE): an n8n setting whose effect is measured, e.g.
	 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true. Such a run's tables are kept apart from those at n8n's defaults.
	 */
	n8nEnv: Record<string, string>;
	/** The n8n the measurements run in: one of the tested versions, the pinned bench version by default. */
	n8nVersion: string;
	/** An earlier commit whose package the wait measurement also runs, side by side with HEAD's. */
	compare?: string;
}

/** The n8n version BENCHMARKS.md's main tables describe; other tested versions get tables of their own. */
export const BENCH_N8N_VERSION = pinnedN8nVersions.bench;

export const USAGE = `npm run bench -- [--only send,receive,normaliser,footprint,growth,wait,defaults] [--reps N] [--filter ID]
       [--profile] [--write | --no-write] [--tarball file.tgz] [--n8n-env KEY=VALUE] [--n8n VERSION]
       [--compare COMMIT]
  --only      measurements to run (default all; may repeat)
  --reps      repetitions per configuration (default 5; BENCHMARKS.md is written only with 5 or more)
  --filter    run only configurations whose id contains this text, e.g. selarti-c10 or b/ (may repeat)
  --profile   start n8n with --cpu-prof; prints where n8n spent its CPU (per package) after the run
  --write     write BENCHMARKS.md even with fewer than 5 repetitions; --no-write never writes it
  --n8n-env   start n8n with this extra setting (may repeat); its tables get blocks of their own, named by the setting
  --n8n       measure in this tested n8n version (default ${BENCH_N8N_VERSION}: ${pinnedN8nVersions.tested.join(', ')})
  --compare   also measure Send and Wait for Reply (wait, defaults) with the package of this earlier commit, in its own
              n8n, in the same run
  Diagnostic configurations (diag-…) run only when a --filter names them.`;

export function parseArgs(argv: readonly string[]): BenchArgs {
	const only: Measurement[] = [];
	const filters: string[] = [];
	let reps = 5;
	let profile = false;
	let write: boolean | undefined;
	let tarball: string | undefined;
	let compare: string | undefined;
	let n8nVersion = BENCH_N8N_VERSION;
	const n8nEnv: Record<string, string> = {};
	for (let index = 0; index < argv.length; index++) {
		const flag = argv[index];
		const value = () => {
			const next = argv[++index];
			if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
			return next;
		};
		if (flag === '--only') {
			for (const name of value().split(',').filter(Boolean)) {
				if (!(MEASUREMENTS as readonly string[]).includes(name))
					throw new Error(`unknown measurement ${name}\n${USAGE}`);
				only.push(name as Measurement);
			}
		} else if (flag === '--reps') {
			reps = Number(value());
			if (!Number.isInteger(reps) || reps < 1)
				throw new Error(`--reps must be a whole number ≥ 1\n${USAGE}`);
		} else if (flag === '--filter') filters.push(value());
		else if (flag === '--profile') profile = true;
		else if (flag === '--write') write = true;
		else if (flag === '--no-write') write = false;
		else if (flag === '--tarball') tarball = value();
		else if (flag === '--compare') compare = value();
		else if (flag === '--n8n-env') {
			const [key, ...rest] = value().split('=');
			if (!key || rest.length === 0) throw new Error(`--n8n-env needs KEY=VALUE\n${USAGE}`);
			n8nEnv[key] = rest.join('=');
		} else if (flag === '--n8n') {
			n8nVersion = value();
			if (!pinnedN8nVersions.tested.includes(n8nVersion))
				throw new Error(
					`--n8n must be a tested version (${pinnedN8nVersions.tested.join(', ')})\n${USAGE}`,
				);
		} else if (flag === '--help' || flag === '-h') throw new Error(USAGE);
		else throw new Error(`unknown flag ${flag}\n${USAGE}`);
	}
	return {
		only: only.length > 0 ? [...new Set(only)] : [...MEASUREMENTS],
		reps,
		filters,
		profile,
		write: write ?? reps >= 5,
		tarball,
		n8nEnv,
		n8nVersion,
		compare,
	};
}

/** Whether a configuration runs: all by default, else those a filter names; diagnostic ones only when named. */
export function selected(args: BenchArgs, id: string): boolean {
	if (id.includes('diag-'))
		return args.filters.some((filter) => filter.includes('diag-') && id.includes(filter));
	return args.filters.length === 0 || args.filters.some((filter) => id.includes(filter));
}

/** The n8n settings a run adds to n8n's defaults, as one label (empty at the defaults): `KEY=VALUE, …`. */
export function settingsLabel(n8nEnv: Record<string, string>): string {
	return Object.entries(n8nEnv)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, value]) => `${key}=${value}`)
		.join(', ');
}
