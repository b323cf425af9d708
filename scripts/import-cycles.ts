/**
 * npm run cycles [folder…]: the import cycles among the TypeScript files of the package (default nodes/ and
 * credentials/), one line per cycle; exits 1 when there is one. Type-only imports count: they still tie the files.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..');

function sourceFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
	});
}

function resolveImport(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = resolve(dirname(from), specifier);
	for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// Not this one.
		}
	}
	return undefined;
}

/** Each file's relative imports (import … from, export … from, import()). */
export function importGraph(folders: string[]): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of folders.flatMap((folder) => sourceFiles(join(root, folder)))) {
		const text = readFileSync(file, 'utf8');
		const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
			(match) => match[1],
		);
		const targets = specifiers
			.map((specifier) => resolveImport(file, specifier))
			.filter((target): target is string => target !== undefined);
		graph.set(relative(root, file), [...new Set(targets.map((target) => relative(root, target)))]);
	}
	return graph;
}

/** The strongly connected components with more than one file (or a file importing itself): Tarjan's algorithm. */
export function importCycles(graph: Map<string, string[]>): string[][] {
	let index = 0;
	const indices = new Map<string, number>();
	const lowLinks = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const cycles: string[][] = [];
	const visit = (file: string) => {
		indices.set(file, index);
		lowLinks.set(file, index);
		index++;
		stack.push(file);
		onStack.add(file);
		for (const next of graph.get(file) ?? []) {
			if (!indices.has(next)) {
				visit(next);
				lowLinks.set(file, Math.min(lowLinks.get(file)!, lowLinks.get(next)!));
			} else if (onStack.has(next)) {
				lowLinks.set(file, Math.min(lowLinks.get(file)!, indices.get(next)!));
			}
		}
		if (lowLinks.get(file) !== indices.get(file)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(member);
		} while (member !== file);
		if (component.length > 1 || (graph.get(file) ?? []).includes(file))
			cycles.push(component.sort());
	};
	for (const file of graph.keys()) if (!indices.has(file)) visit(file);
	return cycles;
}

if (require.main === module) {
	const folders = process.argv.slice(2);
	const graph = importGraph(folders.length > 0 ? folders : ['nodes', 'credentials']);
	const cycles = importCycles(graph);
	for (const cycle of cycles) process.stdout.write(`cycle: ${cycle.join(' ↔ ')}\n`);
	process.stdout.write(`${graph.size} files, ${cycles.length} import cycles\n`);
	process.exitCode = cycles.length > 0 ? 1 : 0;
}
