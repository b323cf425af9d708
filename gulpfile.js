// Copies the non-TypeScript assets that n8n reads next to each compiled node and credential:
// icons (light and dark), codex files (<Node>.node.json) and output schemas (__schema__/**.json).
const { src, dest } = require('gulp');

function copyAssets() {
	return src(
		[
			'nodes/**/*.svg',
			'nodes/**/*.png',
			'nodes/**/*.node.json',
			'nodes/**/__schema__/**/*.json',
			'credentials/**/*.svg',
		],
		{
			base: '.',
			encoding: false,
		},
	).pipe(dest('dist'));
}

exports.build = copyAssets;
exports['build:icons'] = copyAssets;
exports.default = copyAssets;
