import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

/** The GitHub workflows as GitHub reads them: who may sign and publish, and which code they run. */

const folder = join(__dirname, '..', '..', '.github', 'workflows');

interface Step {
	uses?: string;
	run?: string;
}
interface Job {
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps: Step[];
}
const workflow = (file: string) =>
	parse(readFileSync(join(folder, file), 'utf8')) as {
		permissions?: Record<string, string>;
		jobs: Record<string, Job>;
	};

describe('the release workflow', () => {
	const publish = workflow('publish.yml');

	it('only the publishing job may sign (id-token: write), and it runs no dependency: it publishes the packed tarball', () => {
		const signing = Object.entries(publish.jobs).filter(
			([, job]) => job.permissions?.['id-token'] === 'write',
		);
		expect(signing.map(([name]) => name)).toEqual(['publish']);
		expect(publish.permissions?.['id-token']).toBeUndefined();
		const [, job] = signing[0];
		expect(job.needs).toBe('verify');
		const runs = job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
		expect(runs).toEqual([
			'npm publish packed/*.tgz --provenance --access public --ignore-scripts',
		]);
		expect(job.steps.some((step) => step.uses?.startsWith('actions/checkout'))).toBe(false);
	});

	it('the checks and the packing run in a job without that permission', () => {
		const verify = publish.jobs.verify;
		expect(verify.permissions).toEqual({ contents: 'read' });
		const runs = verify.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
		expect(runs).toEqual(
			expect.arrayContaining([
				'npm ci',
				'npm run build',
				'npm run lint',
				'npm run scan',
				'npm test',
			]),
		);
		expect(runs.at(-1)).toMatch(/^mkdir -p packed\nnpm pack --json --pack-destination packed /);
	});

	it('the checksum job may write the release notes and CHANGELOG.md, not sign, and runs no dependency', () => {
		const checksum = publish.jobs.checksum;
		expect(checksum.permissions).toEqual({ contents: 'write' });
		expect(checksum.needs).toEqual(['verify', 'publish']);
		const runs = checksum.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
		expect(runs.some((run) => /npm (ci|install|run)|npx /.test(run))).toBe(false);
		expect(runs.join('\n')).toMatch(/node scripts\/record-checksum\.js/);
	});

	it('every action of every workflow is pinned to a commit', () => {
		const unpinned = readdirSync(folder).flatMap((file) =>
			Object.values(workflow(file).jobs).flatMap((job) =>
				job.steps
					.map((step) => step.uses)
					.filter((uses): uses is string => uses !== undefined && !/@[0-9a-f]{40}$/.test(uses))
					.map((uses) => `${file}: ${uses}`),
			),
		);
		expect(unpinned).toEqual([]);
	});
});

describe('the Docker job of the real-n8n workflow', () => {
	const docker = workflow('real-n8n.yml').jobs.docker as Job & {
		strategy: { matrix: Record<string, unknown> };
	};
	const runs = docker.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));

	it("installs the packed package as n8n does (the harness's install), never with its peer dependencies", () => {
		// A plain npm install of the tarball adds n8n-workflow and zod beside the image's own, which users never get.
		expect(runs.join('\n')).toMatch(/installCommunityPackage\(/);
		expect(runs.filter((run) => /npm (i|install)\b.*\.tgz/.test(run))).toEqual([]);
	});

	it('runs the image tags of scripts/n8n-versions.json, the one list of versions', () => {
		expect(docker.needs).toBe('versions');
		expect(docker.strategy.matrix).toEqual({
			tag: '${{ fromJSON(needs.versions.outputs.docker) }}',
		});
	});
});
