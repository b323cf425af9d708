import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { table } from './markdown';

/** The parts of a V8 .cpuprofile (node --cpu-prof) this summary reads. */
interface CpuProfile {
	nodes: Array<{
		id: number;
		callFrame: { functionName: string; url: string; lineNumber: number };
	}>;
	samples: number[];
	timeDeltas: number[];
}

/** Groups a script URL by who owns the code: this package, n8n's packages, other dependencies, Node itself. */
export function ownerOf(url: string): string {
	if (url === '') return '(V8: GC, idle, native)';
	if (url.includes('n8n-nodes-selarti')) return 'n8n-nodes-selarti';
	if (url.startsWith('node:')) return 'Node.js';
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
	return match ? match[1] : url;
}

/** Self time per owner and the hottest functions, from every profile n8n wrote (it writes one when it exits). */
export async function summariseProfiles(folder: string, top = 25): Promise<string> {
	const files = (await readdir(folder)).filter((name) => name.endsWith('.cpuprofile'));
	const byOwner = new Map<string, number>();
	const byFunction = new Map<string, number>();
	let total = 0;
	for (const file of files) {
		const profile = JSON.parse(await readFile(join(folder, file), 'utf8')) as CpuProfile;
		const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
		profile.samples.forEach((nodeId, index) => {
			const frame = frames.get(nodeId);
			const micros = profile.timeDeltas[index] ?? 0;
			if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
			total += micros;
			const owner = ownerOf(frame.url);
			byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
			const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '')}:${frame.lineNumber + 1}`;
			byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
		});
	}
	const rows = (entries: Map<string, number>) =>
		[...entries]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, micros]) => [
				name,
				`${(micros / 1e6).toFixed(1)} s`,
				`${((micros / total) * 100).toFixed(1)} %`,
			]);
	return [
		`CPU profile of n8n's main process (${files.length} file(s) in ${folder}; busy time ${(total / 1e6).toFixed(1)} s, idle excluded)`,
		'',
		table(['owner', 'self time', 'share'], rows(byOwner)),
		'',
		table(['function', 'self time', 'share'], rows(byFunction)),
	].join('\n');
}
