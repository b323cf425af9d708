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

/** The text outside fenced code blocks: links and headings in code are examples, not links. */
function prose(markdown: string): string[] {
	let inFence = false;
	return markdown.split('\n').filter((line) => {
		if (/^\s*(```|~~~)/.test(line)) {
			inFence = !inFence;
			return false;
		}
		return !inFence;
	});
}

export interface Heading {
	level: number;
	text: string;
}

export function headings(markdown: string): Heading[] {
	return prose(markdown)
		.map((line) => /^(#{1,6})\s+(.+?)\s*#*$/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.map((match) => ({ level: match[1].length, text: match[2] }));
}

/** GitHub's anchor for a heading: lower case, only letters, digits, spaces, hyphens and underscores, spaces → hyphens. */
export function slug(text: string): string {
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
	const result: Link[] = [];
	let inFence = false;
	markdown.split('\n').forEach((line, index) => {
		if (/^\s*(```|~~~)/.test(line)) {
			inFence = !inFence;
			return;
		}
		if (inFence) return;
		const withoutCode = line.replace(/`[^`]*`/g, '');
		for (const match of withoutCode.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
			result.push({ image: match[1] === '!', target: match[2], line: index + 1 });
	});
	return result;
}
