import { randomBytes } from 'node:crypto';

import { LoggerProxy, type IDataObject, type Logger } from 'n8n-workflow';

import {
	createSelartiSandbox,
	DEFAULT_TASK_ID,
	type FaultRuleInput,
	type SelartiSandbox,
} from '../../../sandbox';
import { findFreePort } from '../../../harness/ports';
import { startFakeSelarti, type FakeSelarti } from '../../support/fakeSelarti';
import {
	FakeCredentialsHelper,
	apiKeyCredentials,
	runSelarti,
	sendParameters,
	tokenCredentials,
} from '../../support/n8n/nodeHarness';
import { LeakSearch } from '../support/leak-search';
import { writeSection, renderTable } from '../support/report';

/*
 * Failing calls of the real Selarti node (n8n-core's ExecuteContext and HTTP helpers, the credential's own
 * preAuthentication and header) against the Selarti sandbox with injected faults, and against a hostile server
 * that echoes the request (headers and body) into its error answers, as some proxies' error pages do. After each,
 * everything a user or operator could see is searched for the API key and the tokens: the thrown error (message,
 * description, context, JSON, deep inspection), the error items of Continue On Fail, everything logged through
 * n8n's logger or the console, and the sandbox's own log of the calls it received.
 */

const secret = (prefix: string) => `${prefix}-${randomBytes(16).toString('hex')}`;
const API_KEY = secret('key');
const TOKEN = secret('tok');
const STALE_SESSION_TOKEN = secret('stale');
const WEBHOOK_SECRET = secret('webhook');
const search = new LeakSearch();
search.addSecret('API key', API_KEY);
search.addSecret('bearer token', TOKEN);
search.addSecret('stale session token', STALE_SESSION_TOKEN);
search.addSecret('webhook secret', WEBHOOK_SECRET);
search.addSecret('unknown bearer token', `${TOKEN}-old`);

const startedAt = Date.now();
const logged: string[] = [];
const scenarioRows: Array<[string, string]> = [];
let failingCalls = 0;
let sandbox: SelartiSandbox;
let echo: FakeSelarti;
let closedPortUrl: string;

const captureLogger = (level: string) => (message: string, meta?: object) => {
	logged.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
};

beforeAll(async () => {
	LoggerProxy.init({
		error: captureLogger('error'),
		warn: captureLogger('warn'),
		info: captureLogger('info'),
		debug: captureLogger('debug'),
	} as unknown as Logger);
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			logged.push(`console.${method} ${args.map(String).join(' ')}`);
		});
	}
	sandbox = await createSelartiSandbox({
		port: 0,
		seed: { apiKeys: [API_KEY], tokens: [TOKEN], tasks: [{ id: DEFAULT_TASK_ID }] },
	});
	// Echoes everything it was sent into its error answer: the Authorization header and the body (the key, for /wf/auth).
	echo = await startFakeSelarti((call) => {
		const said = `you sent ${call.headers.authorization ?? ''} ${call.rawBody}`;
		if (call.path.endsWith('/wf/auth') && call.path.includes('json-echo'))
			return { status: 200, body: { status: 'success', response: { token: TOKEN } } };
		if (call.path.includes('/html/'))
			return {
				status: 502,
				body: `<html><head><title>Bad gateway: ${said}</title></head><body>${said}</body></html>`,
			};
		if (call.path.includes('/text/')) return { status: 500, body: said };
		return {
			status: call.path.endsWith('/wf/auth') ? 401 : 400,
			body: { statusCode: 400, body: { status: 'ERROR', message: said }, message: said },
		};
	});
	closedPortUrl = `http://127.0.0.1:${await findFreePort()}`;
});

afterAll(async () => {
	jest.restoreAllMocks();
	await sandbox.close();
	await echo.close();
	search.search('n8n logger and console output', logged.join('\n'));
	writeSection('leaks', {
		title: 'Secrets in errors and logs (Selarti node, unit speed)',
		summary:
			"Failing calls of the real Selarti node (n8n-core's execution context and HTTP helpers, the credential's preAuthentication) against the sandbox with injected faults, and against a server that echoes the request's Authorization header and body into its error answers. Searched for the API key, the bearer tokens and every session token obtained for the key (any 12-character piece): thrown errors (message, description, context, JSON, deep inspection), Continue On Fail error items, n8n logger and console output, and the sandbox's log of received calls.",
		figures: {
			'failure scenarios': scenarioRows.length,
			'failing calls made': failingCalls,
			'secrets searched for': search.secretCount,
			'places searched': search.places,
			'bytes searched': search.bytesSearched,
			'leaks found': search.leaks.length,
		},
		details: renderTable(['scenario', 'error shown to the user (item 1)'], scenarioRows),
		durationMs: Date.now() - startedAt,
	});
});

const items: IDataObject[] = [
	{ taskId: DEFAULT_TASK_ID, chatId: 'leak-chat-1', text: 'first' },
	{ taskId: DEFAULT_TASK_ID, chatId: 'leak-chat-2', text: 'second' },
	{ taskId: DEFAULT_TASK_ID, chatId: 'leak-chat-1', text: 'third' },
];

interface Scenario {
	name: string;
	auth: 'apiKey' | 'accessToken';
	/** The base URL the credential points at; the sandbox by default. */
	baseUrl?: () => string;
	faults?: FaultRuleInput[];
	revokeKey?: boolean;
	timeoutMs?: number;
	/** API key mode starts without a session token (the key is exchanged first) unless it starts with an expired one. */
	staleSessionToken?: boolean;
	cause: RegExp;
}

const sandboxUrl = () => sandbox.url;

const scenarios: Scenario[] = [
	{
		name: '401 wrong bearer token',
		auth: 'accessToken',
		cause: /rejected the token or API key \(HTTP 401/,
	},
	{
		name: '401 revoked API key at /wf/auth',
		auth: 'apiKey',
		revokeKey: true,
		cause: /did not accept the API key \(HTTP 401/,
	},
	{
		name: '403',
		auth: 'apiKey',
		faults: [{ status: 403, workflow: 'send_message_external' }],
		cause: /refused this request .*\(HTTP 403/,
	},
	{
		name: '404 (wrong base URL path)',
		auth: 'accessToken',
		baseUrl: () => `${sandbox.url}/not-selarti`,
		cause: /No Selarti API at .*\(HTTP 404/,
	},
	{
		name: '429 with Retry-After',
		auth: 'apiKey',
		faults: [{ status: 429, retryAfterSeconds: 0, workflow: 'send_message_external' }],
		cause: /busy \(HTTP 429/,
	},
	{
		name: '429 without Retry-After',
		auth: 'accessToken',
		faults: [{ status: 429, retryAfterSeconds: null }],
		cause: /busy \(HTTP 429/,
	},
	{
		name: 'expired session token renewed (401), then 503',
		auth: 'apiKey',
		staleSessionToken: true,
		faults: [{ status: 503, retryAfterSeconds: 0, workflow: 'send_message_external', after: 1 }],
		cause: /busy \(HTTP 503/,
	},
	{
		name: '500',
		auth: 'apiKey',
		faults: [{ status: 500, workflow: 'send_message_external' }],
		cause: /internal error \(HTTP 500/,
	},
	{
		name: '502',
		auth: 'accessToken',
		faults: [{ status: 502 }],
		cause: /gateway got no answer .*\(HTTP 502/,
	},
	{
		name: '503',
		auth: 'apiKey',
		faults: [{ status: 503, retryAfterSeconds: 0, workflow: 'send_message_external' }],
		cause: /busy \(HTTP 503/,
	},
	{
		name: '504',
		auth: 'accessToken',
		faults: [{ status: 504 }],
		cause: /gateway got no answer .*\(HTTP 504/,
	},
	{
		name: 'timeout (answer after 2.5 s, timeout 1 s)',
		auth: 'apiKey',
		timeoutMs: 1000,
		faults: [{ action: 'slow', delayMs: 2500, workflow: 'send_message_external' }],
		cause: /did not answer within 1 s/,
	},
	{
		name: 'connection refused',
		auth: 'accessToken',
		baseUrl: () => closedPortUrl,
		cause: /connection was refused/,
	},
	{
		name: 'connection refused during the key exchange',
		auth: 'apiKey',
		baseUrl: () => closedPortUrl,
		cause: /connection was refused/,
	},
	{
		name: 'dropped connection',
		auth: 'accessToken',
		faults: [{ action: 'drop' }],
		cause: /connection closed before Selarti answered/,
	},
	{
		name: 'echoing server, JSON error (token)',
		auth: 'accessToken',
		baseUrl: () => `${echo.baseUrl}/json`,
		cause: /\(HTTP 400: you sent Bearer \*\*\*/,
	},
	{
		name: 'echoing server, JSON error at /wf/auth (key)',
		auth: 'apiKey',
		baseUrl: () => `${echo.baseUrl}/json`,
		cause: /did not accept the API key \(HTTP 401/,
	},
	{
		name: 'echoing server, HTML gateway page',
		auth: 'accessToken',
		baseUrl: () => `${echo.baseUrl}/html`,
		cause: /gateway got no answer .*\(HTTP 502/,
	},
	{
		name: 'echoing server, plain-text 500',
		auth: 'accessToken',
		baseUrl: () => `${echo.baseUrl}/text`,
		cause: /internal error \(HTTP 500/,
	},
	{
		name: 'echoing server, token from the key, then JSON error',
		auth: 'apiKey',
		baseUrl: () => `${echo.baseUrl}/json-echo`,
		cause: /\(HTTP 400: you sent Bearer \*\*\*/,
	},
];

/** n8n's credential helper (as in the unit tests) that also hands every session token it obtains to the search. */
class RecordingCredentialsHelper extends FakeCredentialsHelper {
	override async preAuthentication(
		...args: Parameters<FakeCredentialsHelper['preAuthentication']>
	) {
		const renewed = await super.preAuthentication(...args);
		const token = renewed?.sessionToken;
		if (typeof token === 'string' && token !== TOKEN)
			search.addSecret('session token issued for the API key', token);
		return renewed;
	}
}

function credentialsFor(scenario: Scenario) {
	const baseUrl = (scenario.baseUrl ?? sandboxUrl)();
	if (scenario.auth === 'accessToken') {
		// The 401 scenario uses a token the sandbox does not know, which is still a secret.
		const token = scenario.name.startsWith('401') ? `${TOKEN}-old` : TOKEN;
		return { ...tokenCredentials(baseUrl, token), webhookSecret: WEBHOOK_SECRET };
	}
	return {
		...apiKeyCredentials(baseUrl, API_KEY),
		webhookSecret: WEBHOOK_SECRET,
		sessionToken: scenario.staleSessionToken ? STALE_SESSION_TOKEN : '',
	};
}

async function prepareSandbox(scenario: Scenario): Promise<void> {
	await sandbox.control.reset();
	if (scenario.revokeKey) await sandbox.control.revokeApiKey(API_KEY);
	for (const fault of scenario.faults ?? []) await sandbox.control.addFault(fault);
}

describe('no secret in what a failing Selarti node shows, logs or sends', () => {
	test.each(scenarios)('$name', async (scenario) => {
		const parameters = sendParameters({
			options: { maxAttempts: 2, ...(scenario.timeoutMs ? { timeout: scenario.timeoutMs } : {}) },
		});

		await prepareSandbox(scenario);
		const helper = new RecordingCredentialsHelper(credentialsFor(scenario));
		const { output } = await runSelarti({
			parameters,
			items,
			credentials: helper.stored,
			credentialsHelper: helper,
			continueOnFail: true,
		});
		search.search(`${scenario.name}: Continue On Fail items`, JSON.stringify(output));
		const firstError = String(output[0].json.error);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of output) expect(String(item.json.error)).toMatch(scenario.cause);

		await prepareSandbox(scenario);
		const thrower = new RecordingCredentialsHelper(credentialsFor(scenario));
		const thrown = await runSelarti({
			parameters,
			items,
			credentials: thrower.stored,
			credentialsHelper: thrower,
		}).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(thrown).toBeInstanceOf(Error);
		expect((thrown as Error).message).toMatch(scenario.cause);
		search.searchError(`${scenario.name}: thrown error`, thrown);

		const calls = await sandbox.control.calls();
		search.search(`${scenario.name}: sandbox call log`, JSON.stringify(calls));
		failingCalls += calls.filter((call) => call.status !== 200).length;
		scenarioRows.push([scenario.name, firstError]);
		expect(search.describe()).toBe('');
	});

	test('the echoing server really saw the secrets it echoed (the search would have found them)', () => {
		const echoed = echo.calls
			.map((call) => `${call.headers.authorization ?? ''} ${call.rawBody}`)
			.join('\n');
		expect(echoed).toContain(TOKEN);
		expect(echoed).toContain(API_KEY);
		failingCalls += echo.calls.length;
	});
});
