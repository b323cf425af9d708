import { http } from '../../harness/http';
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
});
