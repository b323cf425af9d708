import { readFile, writeFile } from 'node:fs/promises';

/**
 * BENCHMARKS.md: a hand-written part (everything outside the markers) and one generated block per measurement
 * between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`. A run replaces only the blocks it measured, so
 * `--only send` keeps the other measurements' last full results.
 */
const DEFAULT_INTRO = [
	'# Benchmarks',
	'',
	"Written by `npm run bench` (see bench/). The package measured side by side with n8n's own HTTP Request and",
	'Webhook nodes, in the same n8n and against the same Selarti sandbox on loopback, in one run.',
	'',
].join('\n');

export const SECTION_ORDER = [
	'environment',
	'send',
	'receive',
	'normaliser',
	'footprint',
	'growth',
];

export async function writeSections(file: string, sections: Record<string, string>): Promise<void> {
	let text = await readFile(file, 'utf8').catch(() => DEFAULT_INTRO);
	for (const name of SECTION_ORDER) {
		const body = sections[name];
		if (body === undefined) continue;
		const block = `<!-- bench:${name} -->\n${body.trim()}\n<!-- /bench:${name} -->`;
		const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
		if (pattern.test(text)) {
			text = text.replace(pattern, () => block);
			continue;
		}
		// Insert before the next generated block in SECTION_ORDER, or at the end.
		const later = SECTION_ORDER.slice(SECTION_ORDER.indexOf(name) + 1)
			.map((other) => text.indexOf(`<!-- bench:${other} -->`))
			.filter((index) => index >= 0);
		const at = later.length > 0 ? Math.min(...later) : text.length;
		text =
			`${text.slice(0, at).trimEnd()}\n\n${block}\n\n${text.slice(at).trimStart()}`.trimEnd() +
			'\n';
	}
	await writeFile(file, text);
}
