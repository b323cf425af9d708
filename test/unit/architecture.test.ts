import { importCycles, importGraph } from '../../scripts/import-cycles';

/** The package's imports run one way (npm run cycles prints the graph's cycles). */
describe("the package's imports", () => {
	const graph = importGraph(['nodes', 'credentials']);

	it('form no cycle', () => {
		expect(importCycles(graph)).toEqual([]);
	});

	it("point one way between folders too (each node's actions, helpers, payload…, and nodes/shared)", () => {
		const folderOf = (file: string) => file.split('/').slice(0, 3).join('/');
		const folders = new Map<string, string[]>();
		for (const [file, targets] of graph) {
			const from = folderOf(file);
			const to = targets.map(folderOf).filter((folder) => folder !== from);
			folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
		}
		expect(importCycles(folders)).toEqual([]);
	});

	it('from the credential and nodes/shared reach nothing inside a node', () => {
		const reachesIntoANode = [...graph]
			.filter(([file]) => file.startsWith('credentials/') || file.startsWith('nodes/shared/'))
			.flatMap(([file, targets]) =>
				targets
					.filter((target) => !target.startsWith('nodes/shared/'))
					.map((target) => `${file} → ${target}`),
			);
		expect(reachesIntoANode).toEqual([]);
	});

	it('finds a cycle when there is one (the check itself works)', () => {
		const withCycle = new Map([
			['a.ts', ['b.ts']],
			['b.ts', ['c.ts']],
			['c.ts', ['a.ts']],
			['d.ts', ['a.ts']],
		]);
		expect(importCycles(withCycle)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
	});
});
