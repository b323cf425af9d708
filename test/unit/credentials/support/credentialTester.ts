import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	Workflow,
	createEmptyRunExecutionData,
	type ICredentialTestRequest,
	type ICredentialsDecrypted,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { SelartiApi } from '../../../../credentials/SelartiApi.credentials';
import {
	FakeCredentialsHelper,
	additionalDataWith,
	nodeTypesOf,
} from '../../../support/n8n/nodeHarness';

/**
 * What n8n does when it tests a credential with a declarative `test` (docs/design/2026-12-n8n-behaviour.md, "The
 * credential test"), with n8n-core's real RoutingNode and HTTP helpers: a temporary No-Op node whose only parameter
 * routes the test request, then the same verdict rules.
 */
export async function testCredential(
	data: Record<string, unknown>,
	credentialsHelper = new FakeCredentialsHelper({ ...data } as never),
): Promise<INodeCredentialTestResult> {
	const testRequest = new SelartiApi().test as ICredentialTestRequest;
	const noOp: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'selartiApi', required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { selartiApi: { id: 'credential-1', name: 'Selarti account' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf(noOp),
	});
	const inputData = { main: [[{ json: {} }] as INodeExecutionData[]] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataWith(credentialsHelper),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		inputData,
		{ node, data: {}, source: null },
		[],
	);
	const credentials: ICredentialsDecrypted = {
		id: 'credential-1',
		name: 'Selarti account',
		type: 'selartiApi',
		data: data as never,
	};
	const routingNode = new RoutingNode(context, noOp, credentials);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as {
			message: string;
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299)
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash.get, as the tester uses it: also reads properties of strings and other primitives. */
function getPath(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((current, key) => {
		if (current === null || current === undefined) return undefined;
		return (current as Record<string, unknown>)[key];
	}, value);
}
