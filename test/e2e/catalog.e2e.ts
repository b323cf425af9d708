import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { http } from '../../harness/http';
import type { Workflow } from '../../harness/n8nClient';
import { repoRoot } from '../../harness/paths';
import { e2eSuite } from './support/suite';

const e2e = e2eSuite();

type Icon = string | { light: string; dark: string };
interface TypeDescription {
	name: string;
	displayName: string;
	iconUrl?: Icon;
	version?: number | number[];
	credentials?: Array<{ name: string }>;
}

function iconUrls(type: TypeDescription): string[] {
	if (!type.iconUrl) return [];
	return typeof type.iconUrl === 'string'
		? [type.iconUrl]
		: [type.iconUrl.light, type.iconUrl.dark];
}

async function expectSvgServed(iconUrl: string): Promise<void> {
	const response = await http(`${e2e.state.n8n.baseUrl}/${iconUrl.replace(/^\//, '')}`);
	expect({
		iconUrl,
		status: response.status,
		contentType: response.headers['content-type'],
	}).toEqual({
		iconUrl,
		status: 200,
		contentType: expect.stringContaining('image/svg+xml'),
	});
	expect(response.text).toMatch(/<svg[\s>]/);
}

describe(`n8n ${e2e.version}: the installed package in n8n's catalogue`, () => {
	let nodes: TypeDescription[];
	let credentials: TypeDescription[];

	beforeAll(async () => {
		nodes = (await e2e.n8n.restRaw<TypeDescription[]>('/types/nodes.json')).body;
		credentials = (await e2e.n8n.restRaw<TypeDescription[]>('/types/credentials.json')).body;
	});

	it('lists the Selarti node with the Selarti API credential, and the Selarti Trigger', () => {
		const selarti = nodes.find((type) => type.name === 'n8n-nodes-selarti.selarti');
		const trigger = nodes.find((type) => type.name === 'n8n-nodes-selarti.selartiTrigger');
		expect(selarti).toMatchObject({
			displayName: 'Selarti',
			credentials: [expect.objectContaining({ name: 'selartiApi' })],
		});
		expect(trigger).toMatchObject({ displayName: 'Selarti Trigger' });
		expect(credentials.find((type) => type.name === 'selartiApi')).toMatchObject({
			displayName: 'Selarti API',
		});
	});

	it('serves the light and dark icons of both nodes and the credential as SVG', async () => {
		const types = [
			nodes.find((type) => type.name === 'n8n-nodes-selarti.selarti'),
			nodes.find((type) => type.name === 'n8n-nodes-selarti.selartiTrigger'),
			credentials.find((type) => type.name === 'selartiApi'),
		];
		const urls = types.flatMap((type) => (type ? iconUrls(type) : []));
		// Two per node and two for the credential: light and dark.
		expect(urls).toHaveLength(6);
		for (const url of urls) await expectSvgServed(url);
	});

	it("every node of every shipped example is a node type and version this n8n has (else its editor shows 'Install this node')", () => {
		const versions = new Map<string, number[]>();
		for (const type of nodes) {
			const known = versions.get(type.name) ?? [];
			versions.set(type.name, known.concat(type.version ?? 1));
		}
		const folder = join(repoRoot, 'examples');
		const unknown = readdirSync(folder)
			.filter((file) => file.endsWith('.json'))
			.flatMap((file) =>
				(JSON.parse(readFileSync(join(folder, file), 'utf8')) as Workflow).nodes
					.filter((node) => !(versions.get(node.type) ?? []).includes(node.typeVersion))
					.map((node) => `${file}: ${node.name} (${node.type} ${node.typeVersion})`),
			);
		expect(unknown).toEqual([]);
	});
});
