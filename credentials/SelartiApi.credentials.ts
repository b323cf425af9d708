import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { exchangeApiKeyForToken } from '../nodes/Selarti/transport';

export class SelartiApi implements ICredentialType {
	name = 'selartiApi';

	displayName = 'Selarti API';

	icon: Icon = { light: 'file:selarti.svg', dark: 'file:selarti.dark.svg' };

	documentationUrl = 'https://github.com/selarti/n8n-nodes-selarti#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description:
						'The key from the Selarti panel (avatar → Get API key). It is exchanged for a token automatically.',
				},
				{
					name: 'Bearer Token',
					value: 'accessToken',
					description: 'A token you already have for the Authorization: Bearer header',
				},
			],
			default: 'apiKey',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'In the Selarti panel click your avatar, then "Get API key": the key is sent to your Telegram',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Bearer Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Sent as "Authorization: Bearer <token>" on every call',
			displayOptions: { show: { authentication: ['accessToken'] } },
		},
		{
			displayName: 'Selarti Server',
			name: 'server',
			type: 'options',
			options: [
				{ name: 'Selarti.com', value: 'https://selarti.com' },
				{ name: 'Selarti.ru', value: 'https://selarti.ru' },
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'https://selarti.com',
			description: 'The address you open the Selarti panel at',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'http://localhost:8787',
			description: 'Base URL of a Selarti-compatible server, without /api/1.1 (a proxy or a local sandbox)',
			displayOptions: { show: { server: ['custom'] } },
		},
		{
			// Filled by preAuthentication from the API key; n8n clears and refills it when a call answers 401.
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication !== 'apiKey') return {};
		const token = await exchangeApiKeyForToken(this.helpers.httpRequest, credentials);
		return { sessionToken: token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'={{ "Bearer " + ($credentials.authentication === "accessToken" ? $credentials.accessToken : $credentials.sessionToken) }}',
			},
		},
	};

	// An empty send_message_external is refused before any message exists (nothing is billed):
	// 400 "missing parameter" means the token was accepted; 401/403 mean it was not.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.server === "custom" ? $credentials.customBaseUrl : $credentials.server).replace(/\\/+$/, "") }}',
			url: '/api/1.1/wf/send_message_external',
			method: 'POST',
			body: {},
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 401,
					message: 'Selarti rejected the token or API key (HTTP 401): copy it again from the Selarti panel',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 403,
					message: 'Selarti refused access with this token (HTTP 403): check that it belongs to your company',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 404,
					message: 'No Selarti API at this address (HTTP 404): check the Selarti Server or Custom Base URL',
				},
			},
		],
	};
}
