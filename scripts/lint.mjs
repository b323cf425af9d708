// npm run lint (checks) and npm run lint:fix (fixes what can be fixed): one list of what is linted, and how.
// The package's own code gets n8n's community-node rules; tooling and tests get TypeScript rules (eslint.tooling.config.mjs).
import { spawnSync } from 'node:child_process';

const PACKAGE = ['nodes', 'credentials', 'package.json'];
const TOOLING = [
	'test',
	'harness',
	'sandbox',
	'scripts',
	'bench',
	'examples',
	'gulpfile.js',
	'jest.config.js',
];

const fix = process.argv.includes('--fix');
const steps = [
	['eslint', fix ? ['--fix', ...PACKAGE] : ['--max-warnings', '0', ...PACKAGE]],
	[
		'eslint',
		[
			...(fix ? ['--fix'] : ['--max-warnings', '0']),
			'--no-error-on-unmatched-pattern',
			'-c',
			'eslint.tooling.config.mjs',
			...TOOLING,
		],
	],
	...(fix ? [] : [['node', ['scripts/lint-workflows.mjs']]]),
	['prettier', [fix ? '--write' : '--check', '.']],
];
for (const [command, args] of steps) {
	const bin = command === 'node' ? process.execPath : `node_modules/.bin/${command}`;
	const { status } = spawnSync(bin, args, { stdio: 'inherit' });
	if (status !== 0) process.exit(status ?? 1);
}
