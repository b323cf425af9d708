import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../harness/paths';
import { headings, links, readRepoFile } from './markdown';

/**
 * The Russian guide for workflow builders (Selarti's panel speaks Russian, selarti.ru is one of its servers) follows
 * the English README: the same sections, the same pictures, the same links. A change to one fails here until the
 * other follows.
 */
describe('README.ru.md keeps in step with README.md', () => {
	const english = readRepoFile('README.md');
	const russian = existsSync(join(repoRoot, 'README.ru.md')) ? readRepoFile('README.ru.md') : '';
	/** Links to other files; the language switch counts as one link in both. */
	const outward = (markdown: string) =>
		links(markdown)
			.filter((link) => !link.image && !link.target.startsWith('#'))
			.map((link) => (link.target === 'README.ru.md' ? 'README.md' : link.target));

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
		expect(images(russian)).toEqual(images(english));
	});

	it('links the same files and anchors, in the same order, and as many places in itself', () => {
		expect(outward(russian)).toEqual(outward(english));
		const inward = (markdown: string) =>
			links(markdown).filter((link) => link.target.startsWith('#')).length;
		expect(inward(russian)).toBe(inward(english));
	});

	it('each links the other', () => {
		expect(links(english).map((link) => link.target)).toContain('README.ru.md');
		expect(links(russian).map((link) => link.target)).toContain('README.md');
	});
});
