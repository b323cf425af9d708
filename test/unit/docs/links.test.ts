import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

import { repoRoot } from '../../../harness/paths';
import { anchors, links, markdownFiles, readRepoFile } from './markdown';

/**
 * Every relative link and image of the repository's Markdown leads somewhere: the file exists, and an anchor names a
 * heading of its file. Web addresses are not fetched (the tests run offline).
 */
describe('links in the documentation', () => {
	const files = markdownFiles();

	it('finds the documents', () => {
		expect(files).toEqual(
			expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/reference.md']),
		);
	});

	it.each(files)('%s: every relative link and image resolves', (file) => {
		const broken: string[] = [];
		for (const link of links(readRepoFile(file))) {
			if (/^[a-z][a-z+.-]*:/i.test(link.target)) continue;
			const [path, anchor] = link.target.split('#');
			const targetFile = path === '' ? file : normalize(join(dirname(file), decodeURI(path)));
			if (!existsSync(join(repoRoot, targetFile))) {
				broken.push(`line ${link.line}: ${link.target} (no ${targetFile})`);
				continue;
			}
			if (anchor === undefined || !targetFile.endsWith('.md')) continue;
			if (!anchors(readRepoFile(targetFile)).has(decodeURIComponent(anchor)))
				broken.push(`line ${link.line}: ${link.target} (no heading #${anchor} in ${targetFile})`);
		}
		expect(broken).toEqual([]);
	});
});
