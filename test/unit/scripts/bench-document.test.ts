import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BENCH_N8N_VERSION, parseArgs } from '../../../bench/args';
import { sectionKey, writeSections } from '../../../bench/document';
import pinnedN8nVersions from '../../../scripts/n8n-versions.json';

const otherVersion = pinnedN8nVersions.tested.find((version) => version !== BENCH_N8N_VERSION);

describe('npm run bench in another tested n8n version', () => {
	let folder: string;
	let file: string;
	beforeEach(async () => {
		folder = await mkdtemp(join(tmpdir(), 'bench-document-'));
		file = join(folder, 'BENCHMARKS.md');
	});
	afterEach(async () => await rm(folder, { recursive: true, force: true }));

	it('measures in the pinned bench version unless --n8n names a tested one', () => {
		expect(parseArgs([]).n8nVersion).toBe(BENCH_N8N_VERSION);
		expect(parseArgs(['--n8n', String(otherVersion)]).n8nVersion).toBe(otherVersion);
		expect(() => parseArgs(['--n8n', '0.1.0'])).toThrow(/--n8n must be a tested version/);
	});

	it("writes that version's table after the main one of the same measurement, and replaces it the next time", async () => {
		await writeFile(
			file,
			[
				'# Benchmarks',
				'',
				'<!-- bench:send -->\nmain send\n<!-- /bench:send -->',
				'',
				'<!-- bench:receive -->\nmain receive\n<!-- /bench:receive -->',
				'',
			].join('\n'),
		);
		const key = sectionKey('send', String(otherVersion));
		expect(key).toBe(`send@${otherVersion}`);
		expect(sectionKey('send', BENCH_N8N_VERSION)).toBe('send');

		await writeSections(file, { [key]: 'other send, first run' });
		await writeSections(file, { [key]: 'other send, second run' });
		const text = await readFile(file, 'utf8');

		const order = ['main send', 'other send, second run', 'main receive'].map((part) =>
			text.indexOf(part),
		);
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(text).not.toContain('first run');
		expect(text.match(new RegExp(`<!-- bench:send@`, 'g'))).toHaveLength(1);
	});
});
