import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { fields as sendFields } from '../../../nodes/Selarti/actions/message/send.operation';
import { fullJitterDelay } from '../../../nodes/Selarti/helpers/backoff';
import {
	callSelarti,
	resolveBaseUrl,
	SelartiCallError,
	type SelartiCall,
} from '../../../nodes/shared/transport';
import {
	describeFailure,
	isAnswerTimeout,
	isConnectionFailureBeforeAnswer,
	parseRetryAfter,
} from '../../../nodes/shared/transport/classify';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const TOKEN = 'tok-1700000000000x123456789';

const call = (overrides: Partial<SelartiCall> = {}): SelartiCall => ({
	baseUrl: 'https://selarti.example',
	endpoint: 'send_message_external',
	body: {},
	fields: sendFields,
	timeoutMs: 30_000,
	secrets: [TOKEN],
	...overrides,
});

const node: INode = {
	id: '1',
	name: 'Selarti',
	type: 'n8n-nodes-selarti.selarti',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** An HTTP client error as n8n hands it over: NodeApiError around the axios-style error with the response. */
function httpError(status: number, data: unknown, headers: Record<string, string> = {}) {
	const axiosError = Object.assign(new Error(`Request failed with status code ${status}`), {
		isAxiosError: true,
		code: status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
		config: { headers: { Authorization: `Bearer ${TOKEN}` } },
		response: { status, headers, data },
	});
	return new NodeApiError(node, axiosError as unknown as JsonObject);
}

function networkError(code: string | undefined, message: string, syscall?: string) {
	const cause = Object.assign(new Error(message), { code, syscall });
	return Object.assign(new Error(message), { code, cause, isAxiosError: true });
}

describe('Retry-After and backoff', () => {
	test.each([
		['1', 1000],
		['0.25', 250],
		[' 120 ', 120_000],
		[['2'], 2000],
		[new Date(NOW + 3000).toUTCString(), 3000],
		[new Date(NOW - 60_000).toUTCString(), 0],
	])('Retry-After %p means %p ms', (value, expected) => {
		expect(parseRetryAfter(value, NOW)).toBe(expected);
	});

	test.each([[undefined], [''], ['soon'], [-1]])(
		'an unreadable Retry-After %p is ignored',
		(value) => {
			expect(parseRetryAfter(value, NOW)).toBeUndefined();
		},
	);

	test('full jitter stays within the exponential ceiling, capped', () => {
		expect([1, 2, 3, 4].map((retry) => fullJitterDelay(retry, () => 0.999))).toEqual([
			499, 999, 1998, 3996,
		]);
		expect(fullJitterDelay(3, () => 0)).toBe(0);
		expect(fullJitterDelay(30, () => 0.5)).toBe(15_000);
	});

	test('a connection failure before an answer is told apart from a timeout while waiting for it', () => {
		expect(isConnectionFailureBeforeAnswer({ code: 'ECONNREFUSED' })).toBe(true);
		expect(isConnectionFailureBeforeAnswer({ code: 'ECONNRESET' })).toBe(true);
		expect(isConnectionFailureBeforeAnswer({ message: 'socket hang up' })).toBe(true);
		expect(isConnectionFailureBeforeAnswer({ code: 'ETIMEDOUT', syscall: 'connect' })).toBe(true);
		expect(isConnectionFailureBeforeAnswer({ code: 'ETIMEDOUT', syscall: 'read' })).toBe(false);
		expect(isAnswerTimeout({ code: 'ECONNABORTED', message: 'timeout of 30000ms exceeded' })).toBe(
			true,
		);
		expect(isAnswerTimeout({ code: 'ETIMEDOUT', syscall: 'connect' })).toBe(false);
	});
});

describe('error answers become plain-language failures', () => {
	test('400 MISSING_DATA names the parameter and how to fix it', () => {
		const failure = describeFailure(
			httpError(400, {
				statusCode: 400,
				body: {
					status: 'MISSING_DATA',
					message: 'Missing parameter for workflow send_message_external: parameter chat_id',
				},
			}),
			call(),
		);
		expect(failure).toMatchObject({ httpCode: 400, retryable: false, fatal: false });
		expect(failure.message).toBe(
			'Selarti says the Chat ID (chat_id) is missing (HTTP 400: Missing parameter for workflow send_message_external: parameter chat_id)',
		);
		expect(failure.description).toContain('{{ $json.message.chat.id }}');
	});

	test('400 INVALID_DATA for an unknown task names the Task ID', () => {
		const failure = describeFailure(
			httpError(
				400,
				JSON.stringify({
					statusCode: 400,
					body: {
						status: 'INVALID_DATA',
						message: 'Invalid data for key task_id: object with this id does not exist: 42',
					},
				}),
			),
			call(),
		);
		expect(failure.message).toMatch(
			/^Selarti says the Task ID \(task_id\) was rejected \(HTTP 400: Invalid data for key task_id/,
		);
		expect(failure.description).toContain('Selarti panel');
	});

	test.each([
		[{ message: 'Bad things' }, 'Selarti rejected the request (HTTP 400: Bad things)'],
		[
			'plain words from a proxy',
			'Selarti rejected the request (HTTP 400: plain words from a proxy)',
		],
		[undefined, 'Selarti rejected the request (HTTP 400)'],
	])('400 bodies are read defensively: %p', (data, message) => {
		expect(describeFailure(httpError(400, data), call()).message).toBe(message);
	});

	test('401 says the token or key was rejected and to check the credential; nothing else will work', () => {
		const failure = describeFailure(
			httpError(401, {
				statusCode: 401,
				body: { status: 'UNAUTHORIZED', message: 'Invalid or unknown bearer token' },
			}),
			call(),
		);
		expect(failure).toMatchObject({ retryable: false, fatal: true, httpCode: 401 });
		expect(failure.message).toBe(
			'Selarti rejected the token or API key (HTTP 401: Invalid or unknown bearer token)',
		);
		expect(failure.description).toMatch(/Open the Selarti API credential/);
	});

	test('401 from the key exchange says the API key was not accepted', () => {
		const failure = describeFailure(
			httpError(401, {
				statusCode: 401,
				body: { status: 'UNAUTHORIZED', message: 'Invalid API key' },
			}),
			call({ endpoint: 'auth' }),
		);
		// The message itself says what to do: n8n's credential test shows only the message.
		expect(failure.message).toBe(
			'Selarti did not accept the API key (HTTP 401: Invalid API key). In the Selarti panel click your avatar → Get API key; the key arrives in your Telegram. Paste it into the Selarti API credential.',
		);
		expect(failure.fatal).toBe(true);
	});

	test('403 points at the account the task belongs to', () => {
		const failure = describeFailure(
			httpError(403, { statusCode: 403, body: { status: 'FORBIDDEN', message: 'No access' } }),
			call(),
		);
		expect(failure).toMatchObject({ retryable: false, fatal: false });
		expect(failure.description).toMatch(/same Selarti account/);
	});

	test('404 says the base URL is wrong, naming it', () => {
		const failure = describeFailure(
			httpError(404, '<html><title>Page not found</title></html>'),
			call(),
		);
		expect(failure.message).toBe(
			"No Selarti API at https://selarti.example (HTTP 404 for /api/1.1/wf/send_message_external): check 'Selarti Server' and 'Custom Base URL' in the credential",
		);
		expect(failure).toMatchObject({ fatal: true, retryable: false });
		expect(failure.description).toMatch(/Selarti Server/);
	});

	test.each([
		[429, true, 'Selarti is busy (HTTP 429: too many requests)'],
		[503, true, 'Selarti is busy (HTTP 503: temporarily unavailable)'],
		[502, false, "Selarti's gateway got no answer from Selarti (HTTP 502)"],
		[504, false, "Selarti's gateway got no answer from Selarti (HTTP 504)"],
	])('%p is retried (overload: %p) and reports Retry-After', (status, overload, message) => {
		const failure = describeFailure(
			httpError(status, '<html>busy</html>', { 'Retry-After': '2' }),
			call(),
		);
		expect(failure).toMatchObject({ retryable: true, overload, retryAfterMs: 2000, message });
		expect(failure.description).toContain('asked to wait 2 s');
	});

	test('500 is not retried: the message may already have been delivered', () => {
		const failure = describeFailure(
			httpError(500, {
				statusCode: 500,
				body: { status: 'ERROR', message: 'An unexpected error occurred' },
			}),
			call(),
		);
		expect(failure).toMatchObject({ retryable: false, overload: false, fatal: false });
		expect(failure.description).toMatch(/twice/);
	});

	test.each([
		[
			networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', 'connect'),
			true,
			'the connection was refused',
		],
		[
			networkError('ECONNRESET', 'read ECONNRESET'),
			true,
			'the connection closed before Selarti answered',
		],
		[
			networkError(undefined, 'socket hang up'),
			true,
			'the connection closed before Selarti answered',
		],
		[networkError('ETIMEDOUT', 'connect ETIMEDOUT', 'connect'), true, 'connecting timed out'],
	])('a connection failure before any answer is retried: %p', (error, retryable, problem) => {
		const failure = describeFailure(new NodeApiError(node, error as unknown as JsonObject), call());
		expect(failure).toMatchObject({
			retryable,
			message: `Cannot reach Selarti at https://selarti.example: ${problem}`,
		});
	});

	test('a timeout while waiting for the answer is not retried (Selarti may have the message)', () => {
		const failure = describeFailure(
			networkError('ECONNABORTED', 'timeout of 30000ms exceeded'),
			call(),
		);
		expect(failure).toMatchObject({
			retryable: false,
			message: 'Selarti did not answer within 30 s',
		});
	});

	test('an address that does not exist stops the run', () => {
		const failure = describeFailure(
			networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND selarti.example'),
			call(),
		);
		expect(failure).toMatchObject({ retryable: false, fatal: true });
	});

	test('the token never appears in a failure, even when Selarti repeats it', () => {
		const failure = describeFailure(
			httpError(401, {
				statusCode: 401,
				body: {
					status: 'UNAUTHORIZED',
					message: `Token ${TOKEN} is unknown (header Bearer abc.def.ghi123)`,
				},
			}),
			call(),
		);
		const text = JSON.stringify(failure);
		expect(text).not.toContain(TOKEN);
		expect(text).not.toContain('abc.def.ghi123');
		expect(failure.message).toContain('Token *** is unknown (header Bearer ***)');
	});

	test('an already mapped failure passes through unchanged', () => {
		const mapped = new SelartiCallError({
			message: 'known',
			description: 'd',
			retryable: false,
			overload: false,
			fatal: true,
		});
		expect(describeFailure(new NodeApiError(node, mapped as unknown as JsonObject), call())).toBe(
			mapped.selartiFailure,
		);
	});
});

describe('the one call path', () => {
	test('POSTs JSON to {base}/api/1.1/wf/<endpoint> with the timeout', async () => {
		const send = jest.fn().mockResolvedValue({
			statusCode: 200,
			headers: {},
			body: { status: 'success', response: {} },
		});
		const answer = await callSelarti(send, {
			baseUrl: 'https://selarti.ru',
			endpoint: 'add_target',
			body: { task: 't', target: '@u' },
			timeoutMs: 5000,
			secrets: [],
			fields: [],
		});
		expect(answer).toEqual({ status: 'success', response: {} });
		expect(send).toHaveBeenCalledWith({
			method: 'POST',
			url: 'https://selarti.ru/api/1.1/wf/add_target',
			body: { task: 't', target: '@u' },
			json: true,
			timeout: 5000,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		});
	});

	test('an HTTP error is read from the answer itself, its Retry-After included (n8n 1.x errors drop the headers)', async () => {
		const send = jest.fn().mockResolvedValue({
			statusCode: 429,
			headers: { 'Retry-After': '2' },
			body: { statusCode: 429, body: { status: 'TOO_MANY_REQUESTS', message: 'over capacity' } },
		});
		const error = (await callSelarti(send, {
			baseUrl: 'https://selarti.com',
			endpoint: 'send_message_external',
			body: {},
			fields: [],
			timeoutMs: 1000,
			secrets: [],
		}).catch((caught: unknown) => caught)) as SelartiCallError;
		expect(error).toBeInstanceOf(SelartiCallError);
		expect(error.selartiFailure).toMatchObject({
			httpCode: 429,
			retryable: true,
			overload: true,
			retryAfterMs: 2000,
		});
	});

	test('an answer that is not JSON (a web page) is reported as the wrong server', async () => {
		const send = jest.fn().mockResolvedValue({
			statusCode: 200,
			headers: {},
			body: '<!doctype html><html>Shop</html>',
		});
		await expect(
			callSelarti(send, {
				baseUrl: 'https://shop.example',
				endpoint: 'send_message_external',
				body: {},
				fields: [],
				timeoutMs: 1000,
				secrets: [],
			}),
		).rejects.toThrow("The server at https://shop.example did not answer like Selarti's API");
	});

	test('failures come out as SelartiCallError carrying only safe text', async () => {
		const send = jest.fn().mockResolvedValue({
			statusCode: 401,
			headers: {},
			body: { statusCode: 401, body: { status: 'UNAUTHORIZED', message: `expired ${TOKEN}` } },
		});
		const error = await callSelarti(send, {
			baseUrl: 'https://selarti.com',
			endpoint: 'send_message_external',
			body: {},
			fields: [],
			timeoutMs: 1000,
			secrets: [TOKEN],
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SelartiCallError);
		expect(Object.keys(error as object)).not.toContain('cause');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});
});

describe('base URL', () => {
	test.each([
		[{ server: 'https://selarti.com' }, 'https://selarti.com'],
		[{ server: 'https://selarti.ru' }, 'https://selarti.ru'],
		[{}, 'https://selarti.com'],
		[{ server: 'custom', customBaseUrl: ' http://127.0.0.1:8787/ ' }, 'http://127.0.0.1:8787'],
		[
			{ server: 'custom', customBaseUrl: 'https://proxy.example/selarti//' },
			'https://proxy.example/selarti',
		],
		[{ server: 'custom', customBaseUrl: 'https://selarti.com/api/1.1/wf/' }, 'https://selarti.com'],
		[
			{ server: 'custom', customBaseUrl: 'https://selarti.com/version-test/api/1.1' },
			'https://selarti.com/version-test',
		],
		[{ server: 'custom', customBaseUrl: '  ' }, undefined],
	])('%p → %p', (credentials, expected) => {
		expect(resolveBaseUrl(credentials)).toBe(expected);
	});
});

describe('errors wrapped by the n8n-workflow of n8n 1.x', () => {
	// 1.x's NodeApiError leaves `cause` undefined and keeps the HTTP client's error in `errorResponse` only.
	function wrappedLikeN8n1(status: number, headers: Record<string, string>) {
		const axiosError = Object.assign(new Error(`Request failed with status code ${status}`), {
			response: { status, headers, data: { statusCode: status } },
		});
		return Object.assign(new Error('The service is receiving too many requests from you'), {
			cause: undefined,
			errorResponse: axiosError,
		});
	}

	it('still finds the status and Retry-After, so a 429 is retried after the wait Selarti asked for', () => {
		const failure = describeFailure(wrappedLikeN8n1(429, { 'retry-after': '2' }), call());
		expect(failure).toMatchObject({
			httpCode: 429,
			retryable: true,
			overload: true,
			retryAfterMs: 2000,
		});
		expect(failure.message).toContain('Selarti is busy (HTTP 429');
	});

	it('still maps a 401 to the credential advice', () => {
		const failure = describeFailure(wrappedLikeN8n1(401, {}), call());
		expect(failure).toMatchObject({ httpCode: 401, retryable: false, fatal: true });
	});
});

describe('errors as n8n 1.x hands them over', () => {
	// Its NodeApiError keeps neither cause nor errorResponse: only httpCode and the body in context.data.
	const lostCause = (status: number) =>
		Object.assign(new Error('The service is receiving too many requests from you'), {
			cause: undefined,
			errorResponse: undefined,
			httpCode: String(status),
			context: { data: { statusCode: status } },
		});

	it('still maps a 429 to a retryable overload', () => {
		expect(describeFailure(lostCause(429), call())).toMatchObject({
			httpCode: 429,
			retryable: true,
			overload: true,
		});
	});

	it('still maps a 401 to the credential advice, not retried', () => {
		expect(describeFailure(lostCause(401), call())).toMatchObject({
			httpCode: 401,
			retryable: false,
			fatal: true,
		});
	});
});
