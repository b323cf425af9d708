import type { Footprint } from '../footprint';
import { table, verdict } from '../markdown';
import { formatMs, formatSpread, spread } from '../stats';

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function footprintSection(footprint: Footprint): string {
	const packageMs = spread(footprint.requireRuns.map((run) => run.packageMs));
	const hostMs = spread(footprint.requireRuns.map((run) => run.hostMs));
	return [
		'### 4. Footprint',
		'',
		"Sizes from the tarball `npm pack` made (what users download). Require time: a fresh process on n8n's Node per " +
			"repetition, with n8n's node_modules as the only place modules resolve from; n8n-workflow and zod are " +
			'required first (n8n has them loaded already), then the three files n8n loads from the package.',
		'',
		table(
			[
				'packed tarball',
				'unpacked',
				'files',
				'runtime dependencies',
				'modules required from the host n8n',
				'Node.js built-ins',
				'require the 3 files',
				'(n8n-workflow + zod first)',
			],
			[
				[
					kilobytes(footprint.packedBytes),
					kilobytes(footprint.unpackedBytes),
					String(footprint.files),
					String(footprint.runtimeDependencies.length),
					footprint.hostModules.join(', '),
					footprint.builtinModules.join(', ') || 'none',
					formatSpread(packageMs, formatMs),
					formatSpread(hostMs, formatMs),
				],
			],
		),
		'',
		`Targets: tarball ≤ 150 KB → ${verdict(footprint.packedBytes <= 150 * 1024)}; 0 runtime dependencies → ${verdict(footprint.runtimeDependencies.length === 0)}`,
	].join('\n');
}
