import { ExecuteContext } from 'n8n-core';
import {
	Workflow,
	createEmptyRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
	type IDataObject,
} from 'n8n-workflow';

import { SelartiApi } from '../../../credentials/SelartiApi.credentials';
import { Selarti } from '../../../nodes/Selarti/Selarti.node';

/**
 * Runs the real node with n8n-core's real execution context and request helpers. Only n8n's credential store
 * is replaced: FakeCredentialsHelper does what n8n's CredentialsHelper does for authentication and preAuthentication
 * (docs/design/2026-12-n8n-behaviour.md, "The credential test"), keeping the credential in memory.
 */
export class FakeCredentialsHelper {
	preAuthenticationRuns = 0;

	decryptions = 0;

	/**
	 * n8n's code also runs preAuthentication when its temporary credential-test node calls; in n8n 2.41.1 the e2e suite
	 * saw a test with a stored token run without it. Tests cover both with this switch.
	 */
	constructor(
		public stored: ICredentialDataDecryptedObject,
		private readonly type: ICredentialType = new SelartiApi(),
		private readonly preAuthenticatesTests = true,
	) {}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		this.decryptions++;
		return { ...this.stored };
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const expirable = this.type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof this.type.preAuthentication !== 'function')
			return undefined;
		const isTestingCredentials =
			this.preAuthenticatesTests &&
			node?.parameters?.temp === '' &&
			node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;
		this.preAuthenticationRuns++;
		const output = await this.type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.stored = { ...this.stored, ...(output as ICredentialDataDecryptedObject) };
		return Object.assign(credentials, output);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.type.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (typeof authenticate !== 'object' || authenticate.type !== 'generic') return requestOptions;
		const options = requestOptions as unknown as Record<string, IDataObject>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as IDataObject)) {
				options[outerKey] ??= {};
				options[outerKey][key] = String(
					workflow.expression.getSimpleParameterValue(
						node,
						value as string,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					) ?? '',
				);
			}
		}
		return requestOptions;
	}
}

export function nodeTypesOf(...types: INodeType[]): INodeTypes {
	const byName = new Map(types.map((type) => [type.description.name, type]));
	const find = (name: string) => {
		const shortName = name.split('.').pop() ?? '';
		const type =
			byName.get(name) ?? byName.get(shortName) ?? byName.get(shortName.replace(/Tool$/, ''));
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	};
	return {
		getByName: find,
		getByNameAndVersion: find,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
}

export function additionalDataWith(
	credentialsHelper: FakeCredentialsHelper,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		executionId: 'test-execution',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	parameters: IDataObject;
	items: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** Settings → On Error → Continue (using error output); continueOnFail alone is the regular output. */
	errorOutput?: boolean;
	credentialsHelper?: FakeCredentialsHelper;
	signal?: AbortSignal;
	/** Another instance of the node (tools that resolve Selarti.node to the codex JSON pass it explicitly). */
	node?: INodeType;
	/** The node's type name; n8n names a node's AI Agent tool "<type>Tool". */
	nodeType?: string;
}

export function selartiContext(options: RunOptions) {
	const selarti = options.node ?? new Selarti();
	const node: INode = {
		id: 'selarti-node',
		name: 'Selarti',
		type: options.nodeType ?? 'n8n-nodes-selarti.selarti',
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: { selartiApi: { id: 'credential-1', name: 'Selarti account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'workflow-1',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf(selarti),
	});
	const workflowNode = workflow.getNode('Selarti') as INode;
	const credentialsHelper =
		options.credentialsHelper ?? new FakeCredentialsHelper(options.credentials);
	const items: INodeExecutionData[] = options.items.map((json) => ({ json }));
	const executeData: IExecuteData = { node: workflowNode, data: { main: [items] }, source: null };
	const context = new ExecuteContext(
		workflow,
		workflowNode,
		additionalDataWith(credentialsHelper),
		'manual',
		createEmptyRunExecutionData(),
		0,
		items,
		{ main: [items] },
		executeData,
		[],
		options.signal,
	);
	return { selarti, context, credentialsHelper, workflow };
}

/** Executes the Selarti node on the given items, as n8n would. */
export async function runSelarti(options: RunOptions) {
	const { selarti, context, credentialsHelper } = selartiContext(options);
	const output = (await selarti.execute?.call(context)) as INodeExecutionData[][];
	return { output: output[0], credentialsHelper };
}

export const sendParameters = (extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'send',
	taskId: '={{ $json.taskId }}',
	chatId: '={{ $json.chatId }}',
	message: '={{ $json.text }}',
	options: {},
	...extra,
});

export const tokenCredentials = (
	baseUrl: string,
	accessToken = 'token-abcdef-123456',
): ICredentialDataDecryptedObject => ({
	authentication: 'accessToken',
	accessToken,
	server: 'custom',
	customBaseUrl: baseUrl,
	sessionToken: '',
});

export const apiKeyCredentials = (
	baseUrl: string,
	apiKey = 'key-secret-987654',
): ICredentialDataDecryptedObject => ({
	authentication: 'apiKey',
	apiKey,
	server: 'custom',
	customBaseUrl: baseUrl,
	sessionToken: '',
});
