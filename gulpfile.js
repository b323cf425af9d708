// Copies the non-TypeScript assets n8n reads beside the compiled nodes and credential: the icons (one light and one
// dark, shared by both nodes and the credential), codex files (<Node>.node.json) and output schemas (__schema__/**.json).
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['icons/*.svg', 'nodes/**/*.node.json', 'nodes/**/__schema__/**/*.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = copyAssets;
exports['build:icons'] = copyAssets;
exports.default = copyAssets;
