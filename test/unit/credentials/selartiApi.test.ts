import {
	Workflow,
	type IAuthenticateGeneric,
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeType,
} from 'n8n-workflow';

import { SelartiApi } from '../../../credentials/SelartiApi.credentials';
import { SelartiCallError, resolveBaseUrl } from '../../../nodes/shared/transport';
import { bubbleError, fakeSelartiPerTest, success, type Handler } from '../../support/fakeSelarti';
import { FakeCredentialsHelper } from '../../support/n8n/nodeHarness';
import { testCredential } from './support/credentialTester';

const credential = new SelartiApi();
const TOKEN = 'bearer-1700000000000x555444333';
const API_KEY = 'panel-key-7c1e55aa90';
const GET_API_KEY_STEPS =
	'In the Selarti panel click your avatar → Get API key; the key arrives in your Telegram. Paste it into the Selarti API credential.';

const serve = fakeSelartiPerTest();

/** Evaluates one of the credential's expressions the way n8n does, with $credentials set. */
function evaluate(expression: string, credentials: ICredentialDataDecryptedObject): unknown {
	const node: INode = {
		id: '1',
		name: 'N',
		type: 'test.node',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeType = { description: { properties: [] } } as unknown as INodeType;
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypes as never,
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		expression,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
}

const authorizationOf = async (credentials: ICredentialDataDecryptedObject) => {
	const authenticate = credential.authenticate as Exclude<
		SelartiApi['authenticate'],
		IAuthenticateGeneric
	>;
	const options = await authenticate(credentials, {
		url: 'https://selarti.com/api/1.1/wf/send_message_external',
		headers: { 'Content-Type': 'application/json' },
	});
	expect(options.headers?.['Content-Type']).toBe('application/json');
	return options.headers?.Authorization;
};

describe('fields', () => {
	test('names the rest of the package relies on, secrets as password fields', () => {
		expect(credential.name).toBe('selartiApi');
		const byName = Object.fromEntries(
			credential.properties.map((property) => [property.name, property]),
		);
		expect(Object.keys(byName)).toEqual([
			'authentication',
			'apiKey',
			'accessToken',
			'server',
			'customBaseUrl',
			'webhookSecret',
			'sessionToken',
		]);
		expect(
			byName.authentication.options?.map((option) => (option as { value: string }).value),
		).toEqual(['apiKey', 'accessToken']);
		expect(byName.server.options?.map((option) => (option as { value: string }).value)).toEqual([
			'custom',
			'https://selarti.com',
			'https://selarti.ru',
		]);
		expect(byName.server.default).toBe('https://selarti.com');
		for (const secret of ['apiKey', 'accessToken', 'webhookSecret', 'sessionToken'])
			expect(byName[secret].typeOptions?.password).toBe(true);
		expect(byName.sessionToken).toMatchObject({ type: 'hidden', typeOptions: { expirable: true } });
		expect(byName.customBaseUrl.displayOptions).toEqual({ show: { server: ['custom'] } });
	});
});

describe('Authorization header', () => {
	test('is set without an expression, which n8n would evaluate in its expression engine for every call', () => {
		expect(typeof credential.authenticate).toBe('function');
	});

	test('survives the copy n8n makes of the credential type, so n8n offers Custom API Call for it', () => {
		// n8n copies a community package's credential types with a spread and checks the copy's authenticate.
		const copy = { ...credential } as Partial<SelartiApi>;
		expect(typeof copy.authenticate).toBe('function');
	});

	test('Bearer Token mode sends the token', async () => {
		expect(
			await authorizationOf({
				authentication: 'accessToken',
				accessToken: TOKEN,
				sessionToken: 'other',
			}),
		).toBe(`Bearer ${TOKEN}`);
	});

	test('API Key mode sends the token obtained from the key, never the key', async () => {
		expect(
			await authorizationOf({ authentication: 'apiKey', apiKey: API_KEY, sessionToken: TOKEN }),
		).toBe(`Bearer ${TOKEN}`);
	});

	test('a token pasted with its "Bearer " prefix or spaces still works', async () => {
		expect(
			await authorizationOf({ authentication: 'accessToken', accessToken: `  Bearer ${TOKEN}\n` }),
		).toBe(`Bearer ${TOKEN}`);
	});
});

describe('preAuthentication (API Key mode)', () => {
	/** What n8n's httpRequest returns with returnFullResponse and ignoreHttpStatusErrors. */
	const answer = (statusCode: number, body: unknown) => ({ statusCode, headers: {}, body });
	const helperWith = (httpRequest: jest.Mock) => ({ helpers: { httpRequest } });

	test('POSTs {"key"} to {base}/api/1.1/wf/auth and keeps response.token as the session token', async () => {
		const httpRequest = jest
			.fn()
			.mockResolvedValue(answer(200, { status: 'success', response: { token: TOKEN } }));
		const result = await credential.preAuthentication.call(helperWith(httpRequest), {
			authentication: 'apiKey',
			apiKey: ` ${API_KEY} `,
			server: 'https://selarti.ru',
			sessionToken: '',
		});
		expect(result).toEqual({ sessionToken: TOKEN });
		expect(httpRequest).toHaveBeenCalledTimes(1);
		expect(httpRequest).toHaveBeenCalledWith({
			method: 'POST',
			url: 'https://selarti.ru/api/1.1/wf/auth',
			body: { key: API_KEY },
			json: true,
			timeout: 30_000,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		});
	});

	test('Bearer Token mode makes no request', async () => {
		const httpRequest = jest.fn();
		expect(
			await credential.preAuthentication.call(helperWith(httpRequest), {
				authentication: 'accessToken',
				accessToken: TOKEN,
			}),
		).toEqual({});
		expect(httpRequest).not.toHaveBeenCalled();
	});

	test.each([
		[
			{
				status: 401,
				data: { statusCode: 401, body: { status: 'UNAUTHORIZED', message: 'Invalid API key' } },
			},
			`Selarti did not accept the API key (HTTP 401: Invalid API key). ${GET_API_KEY_STEPS}`,
		],
		[
			{
				status: 400,
				data: {
					statusCode: 400,
					body: { status: 'INVALID_DATA', message: `Invalid API key ${API_KEY}` },
				},
			},
			`Selarti did not accept the API key (HTTP 400: Invalid API key ***). ${GET_API_KEY_STEPS}`,
		],
		[
			{ status: 404, data: '<html>Page not found</html>' },
			"No Selarti API at https://selarti.com (HTTP 404 for /api/1.1/wf/auth): check 'Selarti Server' and 'Custom Base URL' in the credential",
		],
	])(
		'a refused exchange fails with a clear message and without the key: %p',
		async (response, message) => {
			const httpRequest = jest.fn().mockResolvedValue(answer(response.status, response.data));
			const error = await credential.preAuthentication
				.call(helperWith(httpRequest), {
					authentication: 'apiKey',
					apiKey: API_KEY,
					server: 'https://selarti.com',
					sessionToken: '',
				})
				.catch((caught: unknown) => caught as Error);
			expect(error).toBeInstanceOf(SelartiCallError);
			expect((error as Error).message).toBe(message);
			expect(
				JSON.stringify(error) + String(error) + String((error as SelartiCallError).description),
			).not.toContain(API_KEY);
		},
	);

	test('an answer without a token is an error, not an empty session token', async () => {
		const httpRequest = jest
			.fn()
			.mockResolvedValue(answer(200, { status: 'success', response: {} }));
		await expect(
			credential.preAuthentication.call(helperWith(httpRequest), {
				authentication: 'apiKey',
				apiKey: API_KEY,
				server: 'custom',
				customBaseUrl: 'http://127.0.0.1:1',
				sessionToken: '',
			}),
		).rejects.toThrow(
			'Selarti at http://127.0.0.1:1 answered the API key exchange without a token',
		);
	});

	test('an empty key or an empty Custom Base URL is reported without any request', async () => {
		const httpRequest = jest.fn();
		await expect(
			credential.preAuthentication.call(helperWith(httpRequest), {
				authentication: 'apiKey',
				apiKey: ' ',
				sessionToken: '',
			}),
		).rejects.toThrow('The Selarti API credential has no API key');
		await expect(
			credential.preAuthentication.call(helperWith(httpRequest), {
				authentication: 'apiKey',
				apiKey: API_KEY,
				server: 'custom',
				customBaseUrl: '',
				sessionToken: '',
			}),
		).rejects.toThrow('Custom Base URL is empty');
		expect(httpRequest).not.toHaveBeenCalled();
	});
});

describe('credential test request', () => {
	test('its base URL expression builds the same base URL as the node', () => {
		const baseURL = credential.test.request.baseURL as string;
		const cases: ICredentialDataDecryptedObject[] = [
			{ server: 'https://selarti.com' },
			{ server: 'https://selarti.ru' },
			{ server: 'custom', customBaseUrl: ' http://127.0.0.1:8787// ' },
			{ server: 'custom', customBaseUrl: 'https://selarti.com/api/1.1/wf' },
			{ server: 'custom', customBaseUrl: 'https://proxy.example/version-test/api/1.1/' },
		];
		for (const credentials of cases)
			expect(evaluate(baseURL, credentials)).toBe(resolveBaseUrl(credentials));
	});

	const selartiLike =
		(acceptedToken: string, wrongKeyStatus: 400 | 401 = 401): Handler =>
		(call) => {
			if (call.path === '/api/1.1/wf/auth') {
				if ((call.body as { key?: string })?.key === API_KEY)
					return success({ token: acceptedToken });
				return wrongKeyStatus === 401
					? bubbleError(401, 'UNAUTHORIZED', 'Invalid API key')
					: bubbleError(400, 'INVALID_DATA', 'Invalid API key');
			}
			if (!call.path.startsWith('/api/1.1/wf/'))
				return { status: 404, body: '<html><title>Page not found</title></html>' };
			if (call.headers.authorization !== `Bearer ${acceptedToken}`)
				return bubbleError(401, 'UNAUTHORIZED', 'Invalid or unknown bearer token');
			return bubbleError(
				400,
				'MISSING_DATA',
				'Missing parameter for workflow send_message_external: parameter task_id',
			);
		};

	const tokenData = (baseUrl: string, accessToken: string) => ({
		authentication: 'accessToken',
		accessToken,
		server: 'custom',
		customBaseUrl: baseUrl,
		sessionToken: '',
	});
	const keyData = (baseUrl: string, apiKey: string, sessionToken = '') => ({
		authentication: 'apiKey',
		apiKey,
		server: 'custom',
		customBaseUrl: baseUrl,
		sessionToken,
	});

	test('Bearer Token mode: an accepted token passes, and the test sends an empty call that cannot create a message', async () => {
		const selarti = await serve(selartiLike(TOKEN));
		expect(await testCredential(tokenData(selarti.baseUrl, TOKEN))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(selarti.calls).toHaveLength(1);
		expect(selarti.calls[0]).toMatchObject({
			method: 'POST',
			path: '/api/1.1/wf/send_message_external',
			rawBody: '',
		});
	});

	test('Bearer Token mode: a rejected token fails and says what to do', async () => {
		const selarti = await serve(selartiLike(TOKEN));
		const result = await testCredential(tokenData(selarti.baseUrl, 'not-the-token-123'));
		expect(result).toEqual({
			status: 'Error',
			message:
				'Selarti rejected the bearer token (HTTP 401). Paste a fresh token, or switch to API Key.',
		});
	});

	test('403 fails with its own message', async () => {
		const selarti = await serve(() => bubbleError(403, 'FORBIDDEN', 'No access'));
		expect((await testCredential(tokenData(selarti.baseUrl, TOKEN))).message).toMatch(
			/^Selarti refused access/,
		);
	});

	test.each([
		[
			'a web page',
			{ status: 404, body: '<html><title>Page not found</title></html>' },
			/did not answer like Selarti's API/,
		],
		[
			"Bubble's unknown workflow",
			bubbleError(404, 'NOT_FOUND', 'Workflow not found send_message_external'),
			/^No Selarti API at this address \(HTTP 404\)/,
		],
		[
			'a page that answers 200',
			{ status: 200, body: '<html>Welcome</html>' },
			/did not answer like Selarti's API/,
		],
	])('Bearer Token mode: a wrong server (%s) fails', async (_case, reply, message) => {
		const selarti = await serve(() => reply);
		const result = await testCredential(tokenData(selarti.baseUrl, TOKEN));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	describe.each([
		['n8n runs preAuthentication before the test (as its code reads)', true],
		['n8n does not (as n8n 2.41.1 did with a stored token)', false],
	])(
		'API Key mode, %s: the test checks the key in the form, whatever session token is stored',
		(_variant, preAuthenticatesTests) => {
			const run = (data: ReturnType<typeof keyData>) =>
				testCredential(
					data,
					new FakeCredentialsHelper({ ...data } as never, undefined, preAuthenticatesTests),
				);

			test.each([
				['no token', ''],
				['a token that still works', TOKEN],
				['an expired token', 'expired-token-999888777'],
			])(
				'a good key passes with %s stored, calling only the exchange',
				async (_case, storedToken) => {
					const selarti = await serve(selartiLike(TOKEN));
					expect(await run(keyData(selarti.baseUrl, API_KEY, storedToken))).toEqual({
						status: 'OK',
						message: 'Connection successful!',
					});
					expect(selarti.calls.map((call) => call.path)).toEqual(
						selarti.calls.map(() => '/api/1.1/wf/auth'),
					);
				},
			);

			test('a good key passes even where Selarti refuses the exchange for an expired bearer token sent along', async () => {
				// Bubble may check any bearer token a call carries, also on a workflow that needs none: n8n then renews the
				// token (preAuthentication, which sends no bearer token) and repeats the test request with the new one.
				const selarti = await serve((call, index) => {
					const bearer = call.headers.authorization;
					if (
						call.path === '/api/1.1/wf/auth' &&
						bearer !== undefined &&
						bearer !== `Bearer ${TOKEN}`
					) {
						return bubbleError(401, 'UNAUTHORIZED', 'Invalid or expired token');
					}
					return selartiLike(TOKEN)(call, index);
				});
				expect(await run(keyData(selarti.baseUrl, API_KEY, 'expired-token-999888777'))).toEqual({
					status: 'OK',
					message: 'Connection successful!',
				});
			});

			test.each([
				['no token', '', 401],
				['a token that still works', TOKEN, 401],
				['a token that still works', TOKEN, 400],
			] as const)(
				'a wrong key fails with %s stored (Selarti answers %d), saying what to do, without the key',
				async (_case, storedToken, status) => {
					const selarti = await serve(selartiLike(TOKEN, status));
					const wrongKey = 'wrong-key-4455667788';
					const result = await run(keyData(selarti.baseUrl, wrongKey, storedToken));
					expect(result.status).toBe('Error');
					expect(result.message).toMatch(
						new RegExp(`^Selarti did not accept the API key \\(HTTP ${status}[:)]`),
					);
					expect(result.message).toContain(GET_API_KEY_STEPS);
					expect(result.message).not.toContain(wrongKey);
					expect(selarti.calls.every((call) => call.path === '/api/1.1/wf/auth')).toBe(true);
				},
			);

			test.each([
				['an empty token', success({ token: '' }), /answered the API key exchange without a token/],
				[
					'a web page',
					{ status: 200, body: '<html>Welcome</html>' },
					/did not answer like Selarti's API/,
				],
				[
					'a 404 page',
					{ status: 404, body: '<html><title>Page not found</title></html>' },
					/^No Selarti API at /,
				],
			])('an exchange that answers %s fails', async (_case, reply, message) => {
				const selarti = await serve(() => reply);
				const result = await run(keyData(selarti.baseUrl, API_KEY, TOKEN));
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(message);
			});
		},
	);

	test('an unreachable server fails (n8n reports the connection error code)', async () => {
		const selarti = await serve(() => success());
		const baseUrl = selarti.baseUrl;
		await selarti.close();
		const result = await testCredential(tokenData(baseUrl, TOKEN));
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
