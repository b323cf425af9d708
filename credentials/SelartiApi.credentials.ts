import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { exchangeApiKeyForToken } from '../nodes/shared/transport';
import { authorizationHeader } from '../nodes/shared/transport/authorization';
import {
	EXCHANGE_WORKFLOW_PATH,
	TEST_SEND_PATH,
	credentialTestRules,
} from '../nodes/shared/transport/credentialTest';

export class SelartiApi implements ICredentialType {
	name = 'selartiApi';

	displayName = 'Selarti API';

	icon: Icon = { light: 'file:../icons/selarti.svg', dark: 'file:../icons/selarti.dark.svg' };

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
				{ name: 'Custom URL', value: 'custom' },
				{ name: 'Selarti.com', value: 'https://selarti.com' },
				{ name: 'Selarti.ru', value: 'https://selarti.ru' },
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
			placeholder: 'e.g. https://selarti.com',
			description:
				'Address of a Selarti-compatible server without /api/1.1, e.g. a proxy or a local sandbox',
			displayOptions: { show: { server: ['custom'] } },
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the Selarti Trigger: any random text of at least 16 characters (a password generator makes one). Selarti must call the trigger with ?secret= and this text at the end of its URL; other calls start nothing.',
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

	/**
	 * Every call carries the session token (API Key mode) or the pasted token. A function rather than an expression:
	 * n8n runs a credential's expression in its expression engine for every call, the costliest step of a send.
	 * A property, not a method: n8n copies a community package's credential types with a spread, which drops
	 * methods, and offers Custom API Call and the HTTP Request node only for a credential whose copy has it.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: authorizationHeader(credentials) },
	});

	/**
	 * Sends nothing billable. API Key mode exchanges the key in the form (POST /api/1.1/wf/auth): n8n runs
	 * preAuthentication before a test only when no session token is stored, so a stored token would otherwise hide a
	 * wrong key, and an expired one would fail a right key. Bearer Token mode sends an empty send_message_external,
	 * which Selarti refuses before any message exists, but only after it has checked the token.
	 *
	 * How n8n judges the answer: every request field may be an expression over $credentials. Without
	 * ignoreHttpStatusErrors, a non-2xx answer fails the test with the matching responseCode rule (API Key mode). With
	 * it, the rules only see the body, and one fails the test when a value equals the rule's (Bearer Token mode): Bubble
	 * repeats the status in its error bodies ({"statusCode":401,"body":{…}}), and its 400 MISSING_DATA is the pass.
	 * A body that is not JSON (a web page) is text, whose constructor.name is "String".
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String(($credentials.server === "custom" ? $credentials.customBaseUrl : $credentials.server) ?? "").trim().replace(/\\/+$/, "").replace(/\\/api\\/1\\.1(\\/wf)?$/, "") }}',
			url: `={{ $credentials.authentication === "accessToken" ? "${TEST_SEND_PATH}" : "${EXCHANGE_WORKFLOW_PATH}" }}`,
			method: 'POST',
			body: '={{ $credentials.authentication === "accessToken" ? {} : { key: String($credentials.apiKey ?? "").trim() } }}',
			json: true,
			// The declarative test resolves this like every other field; n8n-workflow types it as a plain boolean.
			ignoreHttpStatusErrors:
				'={{ $credentials.authentication === "accessToken" }}' as unknown as boolean,
		},
		rules: credentialTestRules,
	};
}
