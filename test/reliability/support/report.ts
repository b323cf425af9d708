import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * RELIABILITY.md is written by the suite: every test file replaces its own section with the figures of the run that
 * just ended and leaves the other sections as they were, so running one part updates only that part. The text above
 * the first section is hand-written and kept as it is. Sections appear in SECTION_ORDER.
 */

export const REPORT_FILE = join(__dirname, '..', '..', '..', 'RELIABILITY.md');

export const SECTION_ORDER = [
	'fuzz',
	'secrets',
	'leaks',
	'send-faults',
	'webhook-bursts',
	'credential-lifecycle',
	'n8n-leaks',
	'outsider',
	'queue-mode',
] as const;

export type SectionId = (typeof SECTION_ORDER)[number];

export type FigureValue = string | number | boolean;

export interface Section {
	title: string;
	/** Short text under the heading: what was done and what the figures mean. */
	summary: string;
	/** Figure name → value, shown as a table. */
	figures: Record<string, FigureValue>;
	/** Optional extra tables or paragraphs (Markdown). */
	details?: string;
	durationMs: number;
}

const DEFAULT_INTRO = `# Reliability and security

This file is written by \`npm run test:reliability\` (test/reliability/). Each section holds the figures of the last
run of its part, with the date and the n8n version it ran against; the text above the first section is hand-written.
`;

const sectionPattern = /<!-- section:([\w-]+) -->\n[\s\S]*?<!-- \/section:\1 -->\n?/g;

export function renderTable(header: string[], rows: FigureValue[][]): string {
	const escape = (value: FigureValue) => String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
	const line = (cells: FigureValue[]) => `| ${cells.map(escape).join(' | ')} |`;
	return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

function renderSection(id: SectionId, section: Section): string {
	const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const seconds = (section.durationMs / 1000).toFixed(1);
	return [
		`<!-- section:${id} -->`,
		`## ${section.title}`,
		'',
		`_Last run: ${when}, ${seconds} s._`,
		'',
		section.summary.trim(),
		'',
		renderTable(['figure', 'value'], Object.entries(section.figures)),
		...(section.details ? ['', section.details.trim()] : []),
		'',
		`<!-- /section:${id} -->`,
		'',
	].join('\n');
}

/** Replaces (or adds) one section of RELIABILITY.md. */
export function writeSection(id: SectionId, section: Section): void {
	const current = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, 'utf8') : DEFAULT_INTRO;
	const sections = new Map<string, string>();
	for (const match of current.matchAll(sectionPattern))
		sections.set(match[1], match[0].endsWith('\n') ? match[0] : `${match[0]}\n`);
	const firstMarker = current.search(/<!-- section:/);
	const intro = (firstMarker === -1 ? current : current.slice(0, firstMarker)).trimEnd();
	sections.set(id, renderSection(id, section));
	const ordered = SECTION_ORDER.filter((known) => sections.has(known)).map((known) =>
		sections.get(known),
	);
	writeFileSync(REPORT_FILE, `${intro}\n\n${ordered.join('\n')}`);
}
