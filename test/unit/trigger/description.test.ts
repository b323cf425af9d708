import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IHookFunctions, INodeProperties } from 'n8n-workflow';

import { SelartiTrigger } from '../../../nodes/SelartiTrigger/SelartiTrigger.node';
import { HARNESS_CREDENTIALS } from '../../support/n8n/triggerHarness';

const nodeDir = join(__dirname, '..', '..', '..', 'nodes', 'SelartiTrigger');
const { description, webhookMethods } = new SelartiTrigger();

function property(name: string): INodeProperties {
	const found = description.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no parameter ${name}`);
	return found;
}

function option(name: string): INodeProperties {
	const found = (property('options').options as INodeProperties[]).find(
		(candidate) => candidate.name === name,
	);
	if (!found) throw new Error(`no option ${name}`);
	return found;
}

describe('Selarti Trigger description (the names the team contract fixes)', () => {
	it('is the webhook trigger selartiTrigger, versions 1 and 2 (new workflows get 2), with the Selarti API credential and no input', () => {
		expect(description).toMatchObject({
			name: 'selartiTrigger',
			displayName: 'Selarti Trigger',
			version: [1, 2],
			defaultVersion: 2,
			group: ['trigger'],
		});
		expect(description.inputs).toEqual([]);
		// The credential of the Selarti nodes: it authenticates the sends that wait for replies.
		expect(description.credentials).toEqual([{ name: 'selartiApi', required: true }]);
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
			expect.objectContaining({
				name: 'setup',
				httpMethod: 'POST',
				isFullPath: true,
				ndvHideUrl: true,
			}),
		]);
	});

	it("the option about bot dialogs says it concerns the customer, so nobody reads it as 'skip the AI's replies'", () => {
		const bots = option('skipBotDialogs');
		expect(bots.displayName).toBe('Skip Dialogs With Bot Customers');
		expect(bots.description).toMatch(/your customer is a bot/);
		expect(bots.description).toMatch(/does not concern your Selarti AI's own replies/);
		expect(option('skipOperatorDialogs').displayName).toBe('Skip Dialogs Handed to an Operator');
	});

	it("has no parameter n8n's node panel would split the trigger by (named Event, Events or Trigger On)", () => {
		// The panel would list one "On …" entry per option instead of "On new Selarti event", each leaving Start On unset.
		const names = description.properties.map((parameter) => parameter.displayName.toLowerCase());
		expect(names.filter((name) => ['event', 'events', 'trigger on'].includes(name))).toEqual([]);
		expect(property('dialogEvents').displayName).toBe('Dialog Events');
	});

	it('Message Types offers bot, operator and user, with bot and operator selected by default', () => {
		expect(property('messageTypes')).toMatchObject({
			type: 'multiOptions',
			default: ['bot', 'operator'],
		});
		expect(
			property('messageTypes').options?.map((choice) => (choice as { value: string }).value),
		).toEqual(['bot', 'operator', 'user']);
	});

	it('has no Secret parameter: the secret is a field of the credential, where n8n keeps secrets', () => {
		expect(description.properties.find((candidate) => candidate.name === 'secret')).toBeUndefined();
	});

	it('Options hold the filters and policies with their defaults', () => {
		expect(property('options')).toMatchObject({ type: 'collection', default: {} });
		expect(option('taskIds')).toMatchObject({ type: 'string', default: '' });
		expect(option('webhookTypes')).toMatchObject({ type: 'string', default: '' });
		for (const name of [
			'skipBotDialogs',
			'skipOperatorDialogs',
			'skipClosedDialogs',
			'includeRawBody',
		]) {
			expect(option(name)).toMatchObject({ type: 'boolean', default: false });
		}
		expect(option('ignoreRepeatedDeliveries')).toMatchObject({ type: 'boolean', default: true });
		expect(option('onInvalidPayload')).toMatchObject({ type: 'options', default: 'output' });
		expect(
			option('onInvalidPayload').options?.map((choice) => (choice as { value: string }).value),
		).toEqual(['output', 'reject']);
	});

	it('the notice says which URL to paste and walks through the Selarti panel', () => {
		const notice = property('setupNotice');
		expect(notice.type).toBe('notice');
		for (const words of [
			'Selarti API',
			'Webhook Secret',
			'Production URL',
			'active',
			'Test URL',
			'Page messenger',
			'Another',
			'All messages',
			'Web',
			'?secret=',
		]) {
			expect([words, notice.displayName.includes(words)]).toEqual([words, true]);
		}
	});

	it('webhook lifecycle: nothing to register at Selarti, so all three report success', async () => {
		const hooks = {
			getMode: () => 'trigger',
			getCredentials: async () => HARNESS_CREDENTIALS,
			getNodeParameter: (name: string, fallback: unknown) =>
				name === 'options' ? { handRepliesToWaitingSends: false } : fallback,
			getWorkflow: () => ({ id: 'workflow' }),
			getNode: () => ({ id: 'node', name: 'Selarti Trigger' }),
		} as unknown as IHookFunctions;
		await expect(webhookMethods.default.checkExists.call(hooks)).resolves.toBe(true);
		await expect(webhookMethods.default.create.call(hooks)).resolves.toBe(true);
		await expect(webhookMethods.default.delete.call(hooks)).resolves.toBe(true);
	});

	it('has its light and dark icons and a codex file in the Communication category', () => {
		expect(description.icon).toEqual({
			light: 'file:../../icons/selarti.svg',
			dark: 'file:../../icons/selarti.dark.svg',
		});
		// Resolved from the node's folder, as n8n resolves them from the compiled node's.
		expect(existsSync(join(nodeDir, '..', '..', 'icons', 'selarti.svg'))).toBe(true);
		expect(existsSync(join(nodeDir, '..', '..', 'icons', 'selarti.dark.svg'))).toBe(true);
		const codex = JSON.parse(readFileSync(join(nodeDir, 'SelartiTrigger.node.json'), 'utf8'));
		expect(codex).toMatchObject({
			node: 'n8n-nodes-selarti.selartiTrigger',
			categories: ['Communication'],
			resources: {
				primaryDocumentation: [{ url: 'https://github.com/selarti/n8n-nodes-selarti#readme' }],
			},
		});
	});
});
