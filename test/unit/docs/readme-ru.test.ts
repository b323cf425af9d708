import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';

import { repoRoot } from '../../../harness/paths';
import { headings, links, readRepoFile } from './markdown';

/**
 * The Russian guide for workflow builders (Selarti's panel speaks Russian, selarti.ru is one of its servers) follows
 * the English README: the same sections, the same pictures, the same links. A change to one fails here until the
 * other follows. It lives in docs/ because npm packs every README* at the package root, and the tarball holds only
 * what n8n needs.
 */
describe('README.ru.md keeps in step with README.md', () => {
	const russianPath = 'docs/README.ru.md';
	const english = readRepoFile('README.md');
	const russian = existsSync(join(repoRoot, russianPath)) ? readRepoFile(russianPath) : '';
	/** A link's target as a path from the repository root, so both files' links compare. */
	const fromRoot = (file: string, target: string) =>
		/^[a-z]+:/.test(target) || target.startsWith('#')
			? target
			: posix.normalize(posix.join(posix.dirname(file), target));
	/** Links to other files; the language switch counts as one link in both. */
	const outward = (file: string, markdown: string) =>
		links(markdown)
			.filter((link) => !link.image && !link.target.startsWith('#'))
			.map((link) => fromRoot(file, link.target))
			.map((target) => (target === russianPath ? 'README.md' : target));

	it('has the same sections, at the same levels', () => {
		expect(headings(russian).map((heading) => heading.level)).toEqual(
			headings(english).map((heading) => heading.level),
		);
	});

	it('shows the same pictures, in the same order', () => {
		const images = (markdown: string) =>
			links(markdown)
				.filter((link) => link.image)
				.map((link) => link.target);
		expect(images(russian).map((target) => fromRoot(russianPath, target))).toEqual(images(english));
	});

	it('links the same files and anchors, in the same order, and as many places in itself', () => {
		expect(outward(russianPath, russian)).toEqual(outward('README.md', english));
		const inward = (markdown: string) =>
			links(markdown).filter((link) => link.target.startsWith('#')).length;
		expect(inward(russian)).toBe(inward(english));
	});

	it('each links the other', () => {
		expect(links(english).map((link) => fromRoot('README.md', link.target))).toContain(russianPath);
		expect(links(russian).map((link) => fromRoot(russianPath, link.target))).toContain('README.md');
	});
});
