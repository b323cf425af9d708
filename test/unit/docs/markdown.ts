import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../harness/paths';

/** The repository's own Markdown files, as git tracks them (the working tree's new ones too). */
export function markdownFiles(): string[] {
	const listed = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', '*.md'],
		{ cwd: repoRoot, encoding: 'utf8' },
	);
	return listed.split('\n').filter((file) => file !== '' && !file.includes('node_modules/'));
}

export const readRepoFile = (file: string): string => readFileSync(join(repoRoot, file), 'utf8');

/** The lines outside fenced code blocks, with their line numbers: links and headings in code are examples. */
function prose(markdown: string): Array<{ text: string; line: number }> {
	let inFence = false;
	return markdown.split('\n').flatMap((text, index) => {
		if (/^\s*(```|~~~)/.test(text)) {
			inFence = !inFence;
			return [];
		}
		return inFence ? [] : [{ text, line: index + 1 }];
	});
}

export interface Heading {
	level: number;
	text: string;
}

export function headings(markdown: string): Heading[] {
	return prose(markdown)
		.map(({ text }) => /^(#{1,6})\s+(.+?)\s*#*$/.exec(text))
		.filter((match): match is RegExpExecArray => match !== null)
		.map((match) => ({ level: match[1].length, text: match[2] }));
}

/** GitHub's anchor for a heading: lower case, only letters, digits, spaces, hyphens and underscores, spaces → hyphens. */
function slug(text: string): string {
	return text
		.replace(/`/g, '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** Every anchor of a document, numbered as GitHub numbers repeated headings (-1, -2…). */
export function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const heading of headings(markdown)) {
		const base = slug(heading.text);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

export interface Link {
	image: boolean;
	target: string;
	line: number;
}

/** Inline links and images, outside code: [text](target) and ![alt](target). */
export function links(markdown: string): Link[] {
	return prose(markdown).flatMap(({ text, line }) =>
		[
			...text.replace(/`[^`]*`/g, '').matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g),
		].map((match) => ({ image: match[1] === '!', target: match[2], line })),
	);
}
