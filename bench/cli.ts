import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { repoRoot } from '../harness/paths';
import {
	BENCH_N8N_VERSION,
	MEASUREMENTS,
	parseArgs,
	settingsLabel,
	type BenchArgs,
	type Measurement,
} from './args';
import { sectionKey, writeSections } from './document';
import {
	benchWorkFolder,
	packEarlierCommit,
	packPackage,
	startEnvironment,
	type BenchEnvironment,
} from './environment';
import { measureFootprint } from './footprint';
import { measureGrowth } from './growth';
import { describeMachine, describeSection, startSection, type SectionContext } from './machine';
import { measureNormaliser, unpackedPackage, type NormaliserRun } from './normaliser';
import { summariseProfiles } from './profile';
import { measureReceive, type ReceiveCase } from './receive';
import { footprintSection } from './report/footprint';
import { growthSection } from './report/growth';
import { normaliserSection } from './report/normaliser';
import { isolateAcquisition, receiveSection } from './report/receive';
import { sendSection } from './report/send';
import { measureSend } from './send';
import type { PackedPackage } from './package-tarball';
import { measureWait } from './wait';
import { measureRegistryMemory, measureRegistryTiming } from './wait/registryMemory';
import { waitSection } from './report/wait';
import { defaultsSection } from './report/defaults';
import { measureDefaults } from './wait/defaults';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

let packedSource = '';

const benchmarksFile = join(repoRoot, 'BENCHMARKS.md');

/** Keeps a finished section and writes it to BENCHMARKS.md at once, so a long run that fails later keeps what it measured. */
async function publish(
	sections: Record<string, string>,
	args: BenchArgs,
	name: string,
	text: string,
): Promise<void> {
	sections[name] = text;
	if (args.write)
		await writeSections(benchmarksFile, {
			[sectionKey(name, args.n8nVersion, settingsLabel(args.n8nEnv))]: text,
		});
}

/** Whether a run measures the n8n the environment block describes: the main version at its default settings. */
const isMainRun = (args: BenchArgs) =>
	args.n8nVersion === BENCH_N8N_VERSION && Object.keys(args.n8nEnv).length === 0;

/**
 * A measured section: its text plus the line that says when and under what load it was measured. Tables of another
 * n8n version or other n8n settings name them in their heading and say which package they measured (they have no
 * environment block of their own).
 */
function withContext(context: SectionContext, text: string, args: BenchArgs): string {
	if (isMainRun(args)) return `${text}\n\n${describeSection(context)}`;
	const n8n = [`n8n ${args.n8nVersion}`, settingsLabel(args.n8nEnv)].filter(Boolean).join(', ');
	const [heading, ...rest] = text.split('\n');
	return [
		`${heading} (${n8n})`,
		...rest,
		'',
		`${describeSection(context)} ${n8n}, package ${packedSource}, otherwise as in the environment above.`,
	].join('\n');
}

/**
 * HEAD's package measured in `env`, and with --compare first the earlier commit's package (packed once per run) in an
 * n8n of its own of the same version and settings: one bench run, so the machine's load is alike for both.
 */
async function sideBySide<Run>(
	name: string,
	env: BenchEnvironment,
	args: BenchArgs,
	earlierPackage: (() => Promise<PackedPackage>) | undefined,
	measure: (env: BenchEnvironment, args: BenchArgs, log: (line: string) => void) => Promise<Run[]>,
): Promise<Array<{ label: string; runs: Run[] }>> {
	const measured: Array<{ label: string; runs: Run[] }> = [];
	if (earlierPackage !== undefined) {
		const earlier = await earlierPackage();
		log(`measuring ${name} with the package of ${earlier.source} in its own n8n`);
		const earlierEnv = await startEnvironment(join(env.workFolder, `earlier-${name}`), earlier, {
			version: args.n8nVersion,
			profile: false,
			env: args.n8nEnv,
		});
		try {
			measured.push({ label: earlier.source, runs: await measure(earlierEnv, args, log) });
		} finally {
			await earlierEnv.stop();
		}
	}
	measured.push({ label: env.packed.source, runs: await measure(env, args, log) });
	return measured;
}

async function runMeasurements(args: BenchArgs): Promise<Record<string, string>> {
	const wants = (measurement: Measurement) => args.only.includes(measurement);
	const sections: Record<string, string> = {};
	const work = await benchWorkFolder();
	log(`work folder ${work}`);
	const packed = await packPackage(work, args.tarball);
	packedSource = packed.source;
	log(`packed ${packed.source}: ${packed.tarball}`);
	const packageFolder = await unpackedPackage(work, packed.tarball);
	let earlier: Promise<PackedPackage> | undefined;
	const { compare } = args;
	const earlierPackage =
		compare === undefined ? undefined : () => (earlier ??= packEarlierCommit(work, compare));

	// The in-process measurements first, while no n8n runs beside them.
	if (wants('footprint')) {
		const finish = startSection(args.reps);
		const footprint = await measureFootprint(packed, packageFolder, args, log);
		await publish(
			sections,
			args,
			'footprint',
			withContext(finish(), footprintSection(footprint), args),
		);
	}
	// The normaliser's share of a webhook's cost needs the receive results: its section is written once they are in.
	let normaliser: { runs: NormaliserRun[]; context: SectionContext } | undefined;
	if (wants('normaliser')) {
		const finish = startSection(args.reps);
		const runs = await measureNormaliser(packageFolder, args, log);
		normaliser = { runs, context: finish() };
	}

	let receiveCases: ReceiveCase[] | undefined;
	let env: BenchEnvironment | undefined;
	if (
		['send', 'receive', 'growth', 'wait', 'defaults'].some((name) => wants(name as Measurement))
	) {
		log(`starting n8n ${args.n8nVersion} with the packed package and the Selarti sandbox`);
		env = await startEnvironment(work, packed, {
			version: args.n8nVersion,
			profile: args.profile,
			env: args.n8nEnv,
		});
		try {
			if (wants('send')) {
				const finish = startSection(args.reps);
				const cases = await measureSend(env, args, log);
				await publish(sections, args, 'send', withContext(finish(), sendSection(cases), args));
			}
			if (wants('receive')) {
				const finish = startSection(args.reps);
				receiveCases = await measureReceive(env, args, log);
				await publish(
					sections,
					args,
					'receive',
					withContext(
						finish(),
						receiveSection(receiveCases, isolateAcquisition(args.n8nVersion, args.n8nEnv)),
						args,
					),
				);
				if (normaliser)
					await publish(
						sections,
						args,
						'normaliser',
						withContext(normaliser.context, normaliserSection(normaliser.runs, receiveCases), args),
					);
			}
			if (wants('growth')) {
				const finish = startSection(args.reps);
				const cases = await measureGrowth(env, args, log);
				await publish(sections, args, 'growth', withContext(finish(), growthSection(cases), args));
			}
			if (wants('wait')) {
				const finish = startSection(args.reps);
				const measured = await sideBySide('wait', env, args, earlierPackage, measureWait);
				const registry = measureRegistryMemory();
				const timing = measureRegistryTiming();
				await publish(
					sections,
					args,
					'wait',
					withContext(finish(), waitSection(measured, registry, timing), args),
				);
			}
			if (wants('defaults')) {
				const finish = startSection(args.reps);
				const measured = await sideBySide('defaults', env, args, earlierPackage, measureDefaults);
				await publish(
					sections,
					args,
					'defaults',
					withContext(finish(), defaultsSection(measured), args),
				);
			}
		} finally {
			await env.stop();
		}
		if (env.n8n.profileFolder) {
			const summary = await summariseProfiles(env.n8n.profileFolder);
			await writeFile(join(work, 'cpu-profile-summary.md'), summary);
			process.stdout.write(`\n${summary}\n`);
		}
	}
	if (normaliser && !sections.normaliser)
		await publish(
			sections,
			args,
			'normaliser',
			withContext(normaliser.context, normaliserSection(normaliser.runs, undefined), args),
		);
	return sections;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const started = performance.now();
	const sections = await runMeasurements(args);
	const minutes = (performance.now() - started) / 60_000;
	sections.environment = [
		'### Environment of the last run',
		'',
		`- Machine: ${describeMachine()}, shared with other work (see the load averages under each table).`,
		`- n8n ${args.n8nVersion} (SQLite, default settings, task runners on) on its own Node, with the package (${packedSource}) installed ` +
			'from the tarball `npm pack` made, the way the Community Nodes screen installs it; the Selarti sandbox (sandbox/) on loopback.',
		`- Command: \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ` +
			`measurements: ${args.only.join(', ')}; run time ${minutes.toFixed(1)} min.`,
	].join('\n');
	const ordered = ['environment', ...MEASUREMENTS].map((name) => sections[name]).filter(Boolean);
	process.stdout.write(`\n${ordered.join('\n\n')}\n`);
	// The environment block describes the main tables' n8n; the others say theirs under each table.
	if (args.write) {
		if (isMainRun(args)) await writeSections(benchmarksFile, { environment: sections.environment });
		log(`BENCHMARKS.md updated (${Object.keys(sections).join(', ')})`);
	} else {
		log(`BENCHMARKS.md not written (${args.reps} repetitions; 5 or more, or --write, write it)`);
	}
	log(`done in ${minutes.toFixed(1)} min`);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
