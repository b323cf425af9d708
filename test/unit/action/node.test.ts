import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { bubbleError, fakeSelartiPerTest, success } from '../../support/fakeSelarti';
import {
	apiKeyCredentials,
	runSelarti,
	sendParameters,
	tokenCredentials,
} from '../../support/n8n/nodeHarness';
import { everythingIn } from '../../support/everythingIn';

/**
 * The Selarti node run by n8n-core's real execution context and HTTP helpers against a real HTTP server on
 * 127.0.0.1. Backoff jitter is pinned to 0 and Retry-After kept to fractions of a second, so nothing waits long.
 */

const TOKEN = 'token-1700000000000x998877665544';
const API_KEY = 'apikey-5f2b9c1d7e3a';

const serve = fakeSelartiPerTest();
afterEach(() => jest.restoreAllMocks());
beforeEach(() => {
	jest.spyOn(Math, 'random').mockReturnValue(0);
});

const messages = (count: number, chats = count): IDataObject[] =>
	Array.from({ length: count }, (_, index) => ({
		taskId: 'task-1',
		chatId: `chat-${index % chats}`,
		text: `message ${index}`,
	}));

async function failureOf(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the node to fail');
}

describe('requests and output', () => {
	test('Send posts exactly {task_id, chat_id, message} with the bearer token and outputs what was sent plus the answer', async () => {
		const selarti = await serve(() => success({ message_id: 'm-1' }));
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items: [
				{ taskId: ' 1721129985149x478019552540622850 ', chatId: 123456789, text: 'Hello there ' },
			],
			credentials: tokenCredentials(`${selarti.baseUrl}/`, TOKEN),
		});
		expect(selarti.calls).toHaveLength(1);
		expect(selarti.calls[0]).toMatchObject({
			method: 'POST',
			path: '/api/1.1/wf/send_message_external',
			body: {
				task_id: '1721129985149x478019552540622850',
				chat_id: '123456789',
				message: 'Hello there',
			},
		});
		expect(Object.keys(selarti.calls[0].body as object)).toEqual(['task_id', 'chat_id', 'message']);
		expect(selarti.calls[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(selarti.calls[0].headers['content-type']).toMatch(/application\/json/);
		expect(output).toEqual([
			{
				json: {
					task_id: '1721129985149x478019552540622850',
					chat_id: '123456789',
					message: 'Hello there',
					response: { status: 'success', response: { message_id: 'm-1' } },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Add Target posts exactly {task, target} and outputs {task, target, response}', async () => {
		const selarti = await serve(() => success());
		const { output } = await runSelarti({
			parameters: {
				resource: 'task',
				operation: 'addTarget',
				taskId: 'task-9',
				target: '={{ $json.phone }}',
				options: {},
			},
			items: [{ phone: 79991234567 }],
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(selarti.calls[0]).toMatchObject({
			path: '/api/1.1/wf/add_target',
			body: { task: 'task-9', target: '79991234567' },
		});
		expect(output[0]).toEqual({
			json: {
				task: 'task-9',
				target: '79991234567',
				response: { status: 'success', response: {} },
			},
			pairedItem: { item: 0 },
		});
	});

	test('output order is input order although answers arrive in another order', async () => {
		const selarti = await serve((call) => {
			const index = Number(String((call.body as IDataObject).message).split(' ')[1]);
			return { ...success({ index }), delayMs: (7 - index) * 15 };
		});
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items: messages(8),
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(output.map((item) => (item.json.response as IDataObject).response)).toEqual(
			[...Array(8).keys()].map((index) => ({ index })),
		);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[...Array(8).keys()].map((item) => ({ item })),
		);
	});
});

describe('validation before any request', () => {
	test('an invalid item stops the node before anything is sent, naming the item and the fix', async () => {
		const selarti = await serve(() => success());
		const items = messages(4);
		items[2].chatId = '   ';
		const error = await failureOf(
			runSelarti({
				parameters: sendParameters(),
				items,
				credentials: tokenCredentials(selarti.baseUrl, TOKEN),
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			"Item 3: Chat ID contains only spaces. Map the messenger's chat or user ID, e.g. {{ $json.message.chat.id }}",
		);
		expect((error as NodeOperationError).context.itemIndex).toBe(2);
		expect(selarti.calls).toHaveLength(0);
	});

	test('with Continue On Fail an invalid item becomes an error item and only the valid ones are sent', async () => {
		const selarti = await serve(() => success());
		const items = messages(3);
		items[1].text = null;
		items[2].taskId = { id: 1 };
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items,
			continueOnFail: true,
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(selarti.calls.map((call) => (call.body as IDataObject).message)).toEqual(['message 0']);
		expect(output[1]).toEqual({
			json: {
				error: expect.stringMatching(/^Item 2: Message is empty\./),
				task_id: 'task-1',
				chat_id: 'chat-1',
				message: null,
			},
			pairedItem: { item: 1 },
		});
		expect(output[2].json.error).toMatch(
			/^Item 3: Task ID must be text or a number, but it is an object\./,
		);
		expect(output[2].pairedItem).toEqual({ item: 2 });
	});

	test('with Continue (using error output) an error item carries its error, so n8n sends it to the error output', async () => {
		const selarti = await serve(() => success());
		const items = messages(2);
		items[1].text = null;
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items,
			errorOutput: true,
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		// n8n routes an item by its error: fields besides error alone would keep it on the success output.
		expect(output[0].error).toBeUndefined();
		expect(output[1].error).toBeInstanceOf(NodeOperationError);
		expect(output[1].error?.message).toMatch(/^Item 2: Message is empty\./);
		expect(output[1].json.error).toBe(output[1].error?.message);
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('error answers', () => {
	test.each([
		[
			400,
			bubbleError(
				400,
				'MISSING_DATA',
				'Missing parameter for workflow send_message_external: parameter message',
			),
			'Selarti says the Message (message) is missing',
		],
		[
			401,
			bubbleError(401, 'UNAUTHORIZED', 'Invalid or unknown bearer token'),
			'Selarti rejected the token or API key (HTTP 401',
		],
		[
			403,
			bubbleError(403, 'FORBIDDEN', 'Not allowed'),
			'Selarti refused this request for the credential (HTTP 403',
		],
		[
			404,
			{ status: 404, body: '<html><title>Page not found</title></html>' },
			'No Selarti API at http://127.0.0.1',
		],
		[
			500,
			bubbleError(500, 'ERROR', 'An unexpected error occurred'),
			'Selarti had an internal error (HTTP 500',
		],
	])(
		'%p is reported in plain words, sent once, and without the token',
		async (status, reply, message) => {
			const selarti = await serve(() => reply);
			const error = await failureOf(
				runSelarti({
					parameters: sendParameters(),
					items: messages(1),
					credentials: tokenCredentials(selarti.baseUrl, TOKEN),
				}),
			);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toMatch(new RegExp(`^${message.replace(/[()]/g, '\\$&')}`));
			expect((error as NodeApiError).httpCode).toBe(String(status));
			expect((error as NodeApiError).context.itemIndex).toBe(0);
			// Nothing is repeated: in Bearer Token mode there is no token to renew after a 401 (API Key mode: below).
			expect(selarti.calls).toHaveLength(1);
			expect(everythingIn(error)).not.toContain(TOKEN);
			expect(everythingIn(error)).not.toMatch(/authorization/i);
		},
	);

	test('with Continue On Fail the error item carries the message and what was sent, never the token', async () => {
		const selarti = await serve(() =>
			bubbleError(403, 'FORBIDDEN', `token ${TOKEN} may not use this task`),
		);
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items: messages(2),
			continueOnFail: true,
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(output).toHaveLength(2);
		expect(output[0].json).toEqual({
			error:
				'Selarti refused this request for the credential (HTTP 403: token *** may not use this task)',
			task_id: 'task-1',
			chat_id: 'chat-0',
			message: 'message 0',
		});
		expect(JSON.stringify(output)).not.toContain(TOKEN);
	});

	test('a wrong server stops the run: the other items are reported as not sent, not sent again and again', async () => {
		const selarti = await serve(() => ({ status: 404, body: '<html>Not found</html>' }));
		const { output } = await runSelarti({
			parameters: sendParameters({ options: { maxConcurrentRequests: 1 } }),
			items: messages(5),
			continueOnFail: true,
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(selarti.calls).toHaveLength(1);
		expect(output[0].json.error).toMatch(/^No Selarti API at/);
		expect(output[4].json.error).toMatch(
			/^Item 5 was not sent, because an earlier call showed it would fail too: No Selarti API at/,
		);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[...Array(5).keys()].map((item) => ({ item })),
		);
	});

	test('without Continue On Fail the earliest failed item stops the node; items already sent stay sent', async () => {
		const selarti = await serve((call) =>
			(call.body as IDataObject).message === 'message 1'
				? bubbleError(400, 'INVALID_DATA', 'Bad')
				: success(),
		);
		const error = await failureOf(
			runSelarti({
				parameters: sendParameters({ options: { maxConcurrentRequests: 1 } }),
				items: messages(4),
				credentials: tokenCredentials(selarti.baseUrl, TOKEN),
			}),
		);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
		expect(selarti.calls.map((call) => (call.body as IDataObject).message)).toEqual([
			'message 0',
			'message 1',
		]);
	});
});

describe('retries', () => {
	test.each([429, 502, 503, 504])(
		'%p is retried, honouring Retry-After, and the message is delivered once',
		async (status) => {
			const selarti = await serve((_call, index) =>
				index < 2
					? { ...bubbleError(status, 'BUSY', 'busy'), headers: { 'retry-after': '0.05' } }
					: success(),
			);
			const started = Date.now();
			const { output } = await runSelarti({
				parameters: sendParameters(),
				items: messages(1),
				credentials: tokenCredentials(selarti.baseUrl, TOKEN),
			});
			expect(selarti.calls).toHaveLength(3);
			expect(Date.now() - started).toBeGreaterThanOrEqual(100);
			expect(output[0].json.response).toEqual({ status: 'success', response: {} });
		},
	);

	test('a connection dropped before the answer is retried', async () => {
		const selarti = await serve((_call, index) => (index === 0 ? { drop: true } : success()));
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items: messages(1),
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(selarti.calls).toHaveLength(2);
		expect(output[0].json.task_id).toBe('task-1');
	});

	test('gives up after Max Attempts and says how often it tried', async () => {
		const selarti = await serve(() => ({
			...bubbleError(503, 'SERVICE_UNAVAILABLE', 'down'),
			headers: { 'retry-after': '0' },
		}));
		const error = await failureOf(
			runSelarti({
				parameters: sendParameters({ options: { maxAttempts: 2 } }),
				items: messages(1),
				credentials: tokenCredentials(selarti.baseUrl, TOKEN),
			}),
		);
		expect(selarti.calls).toHaveLength(2);
		expect(error.message).toBe('Selarti is busy (HTTP 503: temporarily unavailable)');
		expect((error as NodeApiError).description).toMatch(/Tried 2 times\.$/);
	});

	test('when Selarti asks for a longer break than the node waits, it stops instead of waiting', async () => {
		const selarti = await serve(() => ({
			...bubbleError(429, 'TOO_MANY_REQUESTS', 'over capacity'),
			headers: { 'retry-after': '3600' },
		}));
		// Waiting out the hour would exceed the test's timeout; one call and no retry show that it did not wait.
		const { output } = await runSelarti({
			parameters: sendParameters({ options: { maxConcurrentRequests: 1 } }),
			items: messages(3),
			continueOnFail: true,
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(selarti.calls).toHaveLength(1);
		expect(output[0].json.error).toBe('Selarti is busy (HTTP 429: too many requests)');
		expect(output[2].json.error).toBe(
			'Item 3 was not sent, because an earlier call showed it would fail too: Selarti is busy (HTTP 429: too many requests)',
		);
	});

	test('a timeout while waiting for the answer is not retried', async () => {
		const selarti = await serve(() => ({ ...success(), delayMs: 1500 }));
		const error = await failureOf(
			runSelarti({
				parameters: sendParameters({ options: { timeout: 1000 } }),
				items: messages(1),
				credentials: tokenCredentials(selarti.baseUrl, TOKEN),
			}),
		);
		expect(error.message).toBe('Selarti did not answer within 1 s');
		expect(selarti.calls).toHaveLength(1);
	});
});

describe('concurrency over real HTTP', () => {
	test('respects Max Concurrent Requests and keeps each chat in input order', async () => {
		let inFlight = 0;
		let maxInFlight = 0;
		const selarti = await serve(async () => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await new Promise((resolve) => setTimeout(resolve, 15));
			inFlight--;
			return success();
		});
		const items = messages(48, 6);
		const { output, credentialsHelper } = await runSelarti({
			parameters: sendParameters({ options: { maxConcurrentRequests: 3 } }),
			items,
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		expect(maxInFlight).toBe(3);
		expect(output).toHaveLength(48);
		// The credential is loaded and decrypted once per run, not once per call.
		expect(credentialsHelper.decryptions).toBe(1);
		for (let chat = 0; chat < 6; chat++) {
			const arrived = selarti.calls
				.filter((call) => (call.body as IDataObject).chat_id === `chat-${chat}`)
				.map((call) => Number(String((call.body as IDataObject).message).split(' ')[1]));
			expect(arrived).toEqual([...arrived].sort((a, b) => a - b));
			expect(arrived).toHaveLength(8);
		}
	});

	test('finds a small capacity by itself: every message delivered once after 429s', async () => {
		let inFlight = 0;
		let rejected = 0;
		const selarti = await serve(async () => {
			if (inFlight >= 3) {
				rejected++;
				return {
					...bubbleError(429, 'TOO_MANY_REQUESTS', 'over capacity'),
					headers: { 'retry-after': '0.1' },
				};
			}
			inFlight++;
			await new Promise((resolve) => setTimeout(resolve, 10));
			inFlight--;
			return success();
		});
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items: messages(60),
			credentials: tokenCredentials(selarti.baseUrl, TOKEN),
		});
		const delivered = selarti.calls.length - rejected;
		expect(delivered).toBe(60);
		expect(output.every((item) => item.json.error === undefined)).toBe(true);
		expect(rejected).toBeLessThanOrEqual(3);
	});
});

describe('API key mode', () => {
	test('exchanges the key once, sends with the token, and renews it once when it expires mid-run', async () => {
		let currentToken = 'session-token-one-123456';
		let issued = 0;
		const selarti = await serve((call, index) => {
			if (call.path === '/api/1.1/wf/auth') {
				issued++;
				currentToken = `session-token-${issued}-abcdef`;
				return success({ token: currentToken });
			}
			if (index === 4) currentToken = 'expired-everything';
			return call.headers.authorization === `Bearer ${currentToken}`
				? success()
				: bubbleError(401, 'UNAUTHORIZED', 'The bearer token has expired');
		});
		const { output, credentialsHelper } = await runSelarti({
			parameters: sendParameters({ options: { maxConcurrentRequests: 1 } }),
			items: messages(6),
			credentials: apiKeyCredentials(selarti.baseUrl, API_KEY),
		});
		const authCalls = selarti.calls.filter((call) => call.path === '/api/1.1/wf/auth');
		expect(authCalls).toHaveLength(2);
		expect(authCalls[0].body).toEqual({ key: API_KEY });
		expect(authCalls[0].headers.authorization).toBeUndefined();
		expect(output.every((item) => item.json.error === undefined)).toBe(true);
		expect(credentialsHelper.stored.sessionToken).toBe('session-token-2-abcdef');
		expect(credentialsHelper.preAuthenticationRuns).toBe(2);
	});

	test('a rejected key fails with a clear message, without the key, and without hammering Selarti', async () => {
		const selarti = await serve((call) =>
			call.path === '/api/1.1/wf/auth'
				? bubbleError(401, 'UNAUTHORIZED', 'Invalid API key')
				: success(),
		);
		const { output } = await runSelarti({
			parameters: sendParameters({ options: { maxConcurrentRequests: 1 } }),
			items: messages(20),
			continueOnFail: true,
			credentials: apiKeyCredentials(selarti.baseUrl, API_KEY),
		});
		expect(output[0].json.error).toBe(
			'Selarti did not accept the API key (HTTP 401: Invalid API key). In the Selarti panel click your avatar → Get API key; the key arrives in your Telegram. Paste it into the Selarti API credential.',
		);
		expect(output[19].json.error).toMatch(/^Item 20 was not sent/);
		expect(
			selarti.calls.filter((call) => call.path.endsWith('/send_message_external')),
		).toHaveLength(0);
		expect(selarti.calls.length).toBeLessThanOrEqual(2);
		expect(JSON.stringify(output)).not.toContain(API_KEY);
	});

	test('the node error of a rejected key never contains the key', async () => {
		const selarti = await serve(() =>
			bubbleError(400, 'INVALID_DATA', `Invalid API key ${API_KEY}`),
		);
		const error = await failureOf(
			runSelarti({
				parameters: sendParameters(),
				items: messages(1),
				credentials: apiKeyCredentials(selarti.baseUrl, API_KEY),
			}),
		);
		expect(error.message).toBe(
			'Selarti did not accept the API key (HTTP 400: Invalid API key ***). In the Selarti panel click your avatar → Get API key; the key arrives in your Telegram. Paste it into the Selarti API credential.',
		);
		expect(everythingIn(error)).not.toContain(API_KEY);
	});
});

describe('API key mode in parallel', () => {
	test('parallel first calls share one key exchange', async () => {
		const selarti = await serve(async (call) => {
			if (call.path === '/api/1.1/wf/auth') {
				await new Promise((resolve) => setTimeout(resolve, 30));
				return success({ token: 'shared-token-777888999' });
			}
			return call.headers.authorization === 'Bearer shared-token-777888999'
				? success()
				: bubbleError(401, 'UNAUTHORIZED', 'no');
		});
		const { output } = await runSelarti({
			parameters: sendParameters(),
			items: messages(12),
			credentials: apiKeyCredentials(selarti.baseUrl, 'parallel-key-24680'),
		});
		expect(output.every((item) => item.json.error === undefined)).toBe(true);
		expect(selarti.calls.filter((call) => call.path === '/api/1.1/wf/auth')).toHaveLength(1);
	});
});
