import { randomUUID } from 'node:crypto';

import { http } from '../../harness/http';
import { webhookNode } from '../../harness/workflows';
import { e2eSuite } from './support/suite';

// The harness itself, proven with n8n's own nodes: if these fail, the Selarti tests cannot mean anything.
const e2e = e2eSuite();

describe(`n8n ${e2e.version}: the harness`, () => {
	it("serves n8n's node types and icons to the logged-in editor", async () => {
		const types =
			await e2e.n8n.restRaw<Array<{ name: string; iconUrl?: string }>>('/types/nodes.json');
		expect(types.status).toBe(200);
		const webhook = types.body.find((type) => type.name === 'n8n-nodes-base.webhook');
		expect(webhook).toBeDefined();
	});

	it('runs a workflow of built-in nodes once per webhook call and returns its execution with data', async () => {
		const path = `harness-${randomUUID()}`;
		const workflowId = await e2e.deploy(
			{
				name: `Harness ${path}`,
				nodes: [
					webhookNode(path, 'onReceived'),
					{
						id: randomUUID(),
						name: 'Echo',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [220, 0],
						parameters: {
							assignments: {
								assignments: [
									{
										id: randomUUID(),
										name: 'echo',
										value: '={{ $json.body.text }}',
										type: 'string',
									},
								],
							},
							options: {},
						},
					},
				],
				connections: { Webhook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
			},
			[path],
		);

		const answer = await http(`${e2e.state.n8n.baseUrl}/webhook/${path}`, {
			body: { text: 'ping' },
		});
		expect(answer.status).toBe(200);

		const [execution] = await e2e.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');
		expect(execution.data?.resultData.runData.Echo[0].data?.main[0]?.[0].json).toEqual({
			echo: 'ping',
		});
	});

	it("reports a failed credential test through the editor's endpoint for n8n's own Telegram credential", async () => {
		const data = { accessToken: '123:fake', baseUrl: 'http://127.0.0.1:9' };
		const credential = await e2e.n8n.createCredential(
			`Harness Telegram ${randomUUID()}`,
			'telegramApi',
			data,
		);
		const result = await e2e.n8n.testCredential(credential, 'telegramApi', data);
		expect(result.status).toBe('Error');
		expect(result.message).toEqual(expect.any(String));
	});
});
