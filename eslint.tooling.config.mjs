// Tests, the sandbox and scripts need Node built-ins that the community-node rules forbid in node code,
// so they get an ordinary TypeScript lint instead (see README, Development).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'nodes/**', 'credentials/**'] },
	{
		files: [
			'test/**/*.ts',
			'harness/**/*.ts',
			'sandbox/**/*.ts',
			'scripts/**/*.ts',
			'bench/**/*.ts',
		],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		extends: [js.configs.recommended],
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				require: 'readonly',
				module: 'writable',
				exports: 'writable',
				__dirname: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				URL: 'readonly',
				Buffer: 'readonly',
			},
		},
	},
);
