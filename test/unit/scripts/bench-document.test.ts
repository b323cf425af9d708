import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BENCH_N8N_VERSION, parseArgs, settingsLabel } from '../../../bench/args';
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

	it('keeps the tables measured with other n8n settings in blocks of their own, after the defaults', async () => {
		await writeFile(
			file,
			'<!-- bench:receive -->\ndefaults\n<!-- /bench:receive -->\n\n<!-- bench:growth -->\ngrowth\n<!-- /bench:growth -->\n',
		);
		const lazy = parseArgs([
			'--n8n-env',
			'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
			'--n8n-env',
			'N8N_EXPRESSION_ENGINE_POOL_SIZE=2',
		]);
		expect(lazy.write).toBe(true);
		const settings = settingsLabel(lazy.n8nEnv);
		expect(settings).toBe(
			'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, N8N_EXPRESSION_ENGINE_POOL_SIZE=2',
		);
		expect(settingsLabel({})).toBe('');
		const key = sectionKey('receive', BENCH_N8N_VERSION, settings);
		expect(key).toBe(
			'receive+N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,N8N_EXPRESSION_ENGINE_POOL_SIZE=2',
		);
		expect(sectionKey('receive', String(otherVersion), 'A=1')).toBe(`receive@${otherVersion}+A=1`);

		await writeSections(file, { [key]: 'with settings' });
		const text = await readFile(file, 'utf8');
		const order = ['defaults', 'with settings', 'growth'].map((part) => text.indexOf(part));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});
});
