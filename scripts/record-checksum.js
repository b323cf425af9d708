// Writes a published version's checksum (its npm integrity, what n8n's N8N_COMMUNITY_PACKAGES takes) into
// CHANGELOG.md, under that version's heading. Run by the publish workflow after npm has the version.
// Usage: node scripts/record-checksum.js <version> <integrity> [changelog file]
const { readFileSync, writeFileSync } = require('node:fs');

function withChecksum(changelog, version, integrity) {
	if (!/^sha512-[A-Za-z0-9+/]+=*$/.test(integrity))
		throw new Error(`not an npm integrity: ${integrity}`);
	const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\][^\\n]*\\n`, 'm');
	const match = heading.exec(changelog);
	if (match === null) throw new Error(`CHANGELOG.md has no heading for ${version}`);
	const line = `Checksum for \`N8N_COMMUNITY_PACKAGES\`: \`${integrity}\`\n`;
	const after = match.index + match[0].length;
	if (changelog.slice(after).startsWith(`\n${line}`)) return changelog;
	return `${changelog.slice(0, after)}\n${line}${changelog.slice(after)}`;
}

module.exports = { withChecksum };

if (require.main === module) {
	const [version, integrity, file = 'CHANGELOG.md'] = process.argv.slice(2);
	writeFileSync(file, withChecksum(readFileSync(file, 'utf8'), version, integrity));
}
