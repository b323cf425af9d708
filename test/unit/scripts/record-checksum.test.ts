import { withChecksum } from '../../../scripts/record-checksum';

const changelog =
	'# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-07\n\n### Added\n- Things.\n\n## [0.1.0]\n';
const integrity = 'sha512-AbC/1+xyz==';

describe("the publish workflow's checksum in CHANGELOG.md", () => {
	it("goes under the published version's heading, once", () => {
		const once = withChecksum(changelog, '0.2.0', integrity);
		expect(once).toContain(
			'## [0.2.0] - 2026-12-07\n\nChecksum for `N8N_COMMUNITY_PACKAGES`: `sha512-AbC/1+xyz==`\n\n### Added',
		);
		expect(withChecksum(once, '0.2.0', integrity)).toBe(once);
	});

	it('refuses a version without a heading, and what is not an npm integrity', () => {
		expect(() => withChecksum(changelog, '0.3.0', integrity)).toThrow(/no heading for 0.3.0/);
		expect(() => withChecksum(changelog, '0.2.0', 'abc; rm -rf /')).toThrow(/not an npm integrity/);
	});
});
