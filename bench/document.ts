import { readFile, writeFile } from 'node:fs/promises';

import { BENCH_N8N_VERSION, MEASUREMENTS } from './args';

/**
 * BENCHMARKS.md: a hand-written part (everything outside the markers) and one generated block per measurement
 * between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`. A run replaces only the blocks it measured, so
 * `--only send` keeps the other measurements' last full results. A measurement in another n8n version than the main
 * one, or with n8n settings other than its defaults, has a block of its own, `NAME@VERSION+KEY=VALUE`, right after
 * the measurement's other blocks.
 */
const DEFAULT_INTRO = [
	'# Benchmarks',
	'',
	"Written by `npm run bench` (see bench/). The package measured side by side with n8n's own HTTP Request and",
	'Webhook nodes, in the same n8n and against the same Selarti sandbox on loopback, in one run.',
	'',
].join('\n');

export const SECTION_ORDER = ['environment', ...MEASUREMENTS];

/**
 * The block a measurement's section is written to: its name, with the n8n version unless it is the main one, and the
 * settings that differ from n8n's defaults.
 */
export function sectionKey(name: string, n8nVersion: string, settings = ''): string {
	const version = n8nVersion === BENCH_N8N_VERSION ? '' : `@${n8nVersion}`;
	return `${name}${version}${settings ? `+${settings.replace(/, /g, ',')}` : ''}`;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function writeSections(file: string, sections: Record<string, string>): Promise<void> {
	let text = await readFile(file, 'utf8').catch(() => DEFAULT_INTRO);
	const measurementOf = (key: string) => key.split(/[@+]/)[0];
	const keys = Object.keys(sections).sort(
		(a, b) =>
			SECTION_ORDER.indexOf(measurementOf(a)) - SECTION_ORDER.indexOf(measurementOf(b)) ||
			a.length - b.length,
	);
	for (const key of keys) {
		const body = sections[key];
		const block = `<!-- bench:${key} -->\n${body.trim()}\n<!-- /bench:${key} -->`;
		const pattern = new RegExp(
			`<!-- bench:${escaped(key)} -->[\\s\\S]*?<!-- /bench:${escaped(key)} -->`,
		);
		if (pattern.test(text)) {
			text = text.replace(pattern, () => block);
			continue;
		}
		// Insert before the first generated block of a later measurement in SECTION_ORDER, or at the end.
		const name = measurementOf(key);
		if (!SECTION_ORDER.includes(name)) throw new Error(`unknown BENCHMARKS.md section ${key}`);
		const later = SECTION_ORDER.slice(SECTION_ORDER.indexOf(name) + 1)
			.map((other) => text.search(new RegExp(`<!-- bench:${other}([@+][^ ]*)? -->`)))
			.filter((index) => index >= 0);
		const at = later.length > 0 ? Math.min(...later) : text.length;
		text =
			`${text.slice(0, at).trimEnd()}\n\n${block}\n\n${text.slice(at).trimStart()}`.trimEnd() +
			'\n';
	}
	await writeFile(file, text);
}
