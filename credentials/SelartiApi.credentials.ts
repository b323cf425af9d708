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
						'The key from the Selarti panel (avatar → Get API key). n8n exchanges it for a token by itself.',
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
			description: 'Address of a Selarti-compatible server without /api/1.1, e.g. a proxy or a local sandbox',
			displayOptions: { show: { server: ['custom'] } },
		},
		{
			// Filled by preAuthentication from the API key; n8n refills it when a call answers 401.
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** API Key mode: exchanges the key for a token (POST {base}/api/1.1/wf/auth {"key"}). */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication !== 'apiKey') return {};
		const sessionToken = await exchangeApiKeyForToken(
			async (options) => await this.helpers.httpRequest(options),
			credentials,
		);
		return { sessionToken };
	}

	// A token pasted with its "Bearer " prefix or surrounding spaces still works.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'={{ "Bearer " + String(($credentials.authentication === "accessToken" ? $credentials.accessToken : $credentials.sessionToken) ?? "").trim().replace(/^bearer\\s+/i, "") }}',
			},
		},
	};

	/**
	 * Sends nothing billable: an empty send_message_external, which Selarti refuses before any message exists.
	 * Bubble checks the token first, so its answer tells the cases apart: 401/403 (token refused), 404 or a
	 * foreign answer (wrong server), 400 MISSING_DATA (token accepted). In API Key mode n8n runs preAuthentication
	 * before every credential test, so a wrong key already fails there with its own message.
	 *
	 * Why the rules read the body and not the status: n8n 2.40.7's tester (credentials-tester.service.js) runs
	 * this request through RoutingNode, which forces returnFullResponse but hands the rules only the response
	 * body; a rule can only fail the test when a body value equals a given value; and without
	 * ignoreHttpStatusErrors every non-2xx fails the test, including the 400 that proves the token was accepted.
	 * Bubble repeats the status in its error bodies ({"statusCode":401,"body":{…}}), so the rules match that, and
	 * an answer without statusCode did not come from Selarti's API. The declarative form cannot check that the
	 * 400 really is MISSING_DATA (a rule cannot say "must equal"), which is acceptable: any other 400 from
	 * Selarti also means the token passed.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String(($credentials.server === "custom" ? $credentials.customBaseUrl : $credentials.server) ?? "").trim().replace(/\\/+$/, "").replace(/\\/api\\/1\\.1(\\/wf)?$/, "") }}',
			url: '/api/1.1/wf/send_message_external',
			method: 'POST',
			body: {},
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 401,
					message:
						'Selarti rejected the token or API key (HTTP 401). Paste the current key from the Selarti panel (avatar → Get API key) or a fresh bearer token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 403,
					message:
						'Selarti refused access with this credential (HTTP 403). Check that the key or token belongs to your Selarti account.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 404,
					message:
						'No Selarti API at this address (HTTP 404). Choose the Selarti Server you open the panel at, or enter a Custom Base URL without /api/1.1.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 429,
					message: 'Selarti is busy (HTTP 429). Test the credential again in a minute.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 503,
					message: 'Selarti is busy (HTTP 503). Test the credential again in a minute.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 500,
					message: 'Selarti had an internal error (HTTP 500). Test the credential again later.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: undefined,
					message:
						'This address did not answer like Selarti’s API. Choose the Selarti Server you open the panel at, or check the Custom Base URL.',
				},
			},
		],
	};
}
