import { importCycles, importGraph } from '../../scripts/import-cycles';

/** The package's imports run one way (npm run cycles prints the graph's cycles). */
describe("the package's imports", () => {
	const graph = importGraph(['nodes', 'credentials']);

	it('form no cycle', () => {
		expect(importCycles(graph)).toEqual([]);
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
