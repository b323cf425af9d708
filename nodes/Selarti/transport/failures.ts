import { UserError } from 'n8n-workflow';

import {
	OVERLOAD_STATUSES,
	RETRYABLE_STATUSES,
	isAnswerTimeout,
	isConnectionFailureBeforeAnswer,
	parseRetryAfter,
	type NetworkFailure,
} from '../helpers/retry';
import { scrubSecrets } from '../helpers/secrets';

export type SelartiEndpoint = 'auth' | 'send_message_external' | 'add_target';

/** Everything the node knows about a failed Selarti call, in words a non-developer can act on. */
export interface SelartiFailure {
	message: string;
	description: string;
	httpCode?: number;
	/** Sending the same call again may succeed and cannot deliver the message twice. */
	retryable: boolean;
	/** Selarti said it is over capacity: send fewer calls at once. */
	overload: boolean;
	/** Every other call would fail the same way (credential or server): stop sending. */
	fatal: boolean;
	retryAfterMs?: number;
}

export interface CallContext {
	baseUrl: string;
	endpoint: SelartiEndpoint;
	timeoutMs: number;
	/** Values that must never appear in a message (API key, tokens). */
	secrets: readonly unknown[];
	now?: () => number;
}

/**
 * Thrown by the transport. Deliberately a plain UserError carrying only safe text: n8n wraps errors thrown in
 * preAuthentication into NodeApiError and reads status-like fields from them, which would replace this message
 * with a generic one, and the raw HTTP error would carry the request headers (the token) along.
 */
export class SelartiCallError extends UserError {
	constructor(readonly selartiFailure: SelartiFailure) {
		super(selartiFailure.message, { description: selartiFailure.description });
	}
}

const PARAMETER_LABELS: Record<string, string> = {
	task_id: 'Task ID',
	chat_id: 'Chat ID',
	message: 'Message',
	task: 'Task ID',
	target: 'Target',
	key: 'API Key',
};

const PARAMETER_HINTS: Record<string, string> = {
	task_id:
		'Copy the task id from the Selarti panel (Tasks → your Web task); it looks like 1721129985149x478019552540622850.',
	task: 'Copy the task id from the Selarti panel (Tasks → your task); it looks like 1721129985149x478019552540622850.',
	chat_id: "Map the messenger's chat or user id, e.g. {{ $json.message.chat.id }}.",
	message: 'Map the text to send, e.g. {{ $json.message.text }}.',
	target: 'Use a @username, a phone number or a messenger user id.',
	key: 'Paste the API key from the Selarti panel (avatar → Get API key) into the credential.',
};

/** Where the API key comes from, as the Selarti panel words it. */
export const GET_API_KEY = 'In the Selarti panel click your avatar → Get API key; the key arrives in your Telegram.';

const CHECK_CREDENTIAL =
	'Open the Selarti API credential used by this node. With API Key: paste the current key from the Selarti panel ' +
	'(click your avatar → Get API key; the key arrives in your Telegram). With Bearer Token: paste a fresh token. ' +
	'Then save it: n8n tests it on saving.';

export const CHECK_SERVER =
	'In the Selarti API credential, choose the Selarti Server you open the panel at (selarti.com or selarti.ru). ' +
	'For a Custom Base URL enter only the address, e.g. https://selarti.com, without /api/1.1.';

/** What the failed key exchange says, wherever it happened (a credential test or a run). */
export function apiKeyRejected(status: number, said = ''): string {
	return `Selarti did not accept the API key (HTTP ${status}${said}). ${GET_API_KEY} Paste it into the Selarti API credential.`;
}

export function describeFailure(error: unknown, call: CallContext): SelartiFailure {
	const known = findInChain(error, (level) => level instanceof SelartiCallError);
	if (known instanceof SelartiCallError) return known.selartiFailure;
	const http = findInChain(error, hasHttpResponse);
	if (http !== undefined && hasHttpResponse(http)) {
		const { status, headers, data } = http.response;
		const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), (call.now ?? Date.now)());
		return describeHttpFailure(status, data, retryAfterMs, call);
	}
	// n8n 1.x's NodeApiError drops the HTTP client's error (cause and errorResponse end up undefined) and keeps
	// only the status as httpCode and the answer's body as context.data; Retry-After is lost there.
	const wrapped = findInChain(error, hasHttpCode) as { httpCode: string; context?: { data?: unknown } } | undefined;
	if (wrapped !== undefined) return describeHttpFailure(Number(wrapped.httpCode), wrapped.context?.data, undefined, call);
	return describeNetworkFailure(networkDetails(error), call);
}

export function describeHttpFailure(
	status: number,
	data: unknown,
	retryAfterMs: number | undefined,
	call: CallContext,
): SelartiFailure {
	const answer = readBubbleAnswer(data, call.secrets);
	const said = answer.text ? `: ${answer.text}` : '';
	const base = { httpCode: status, retryable: false, overload: false, fatal: false };
	const endpointPath = `/api/1.1/wf/${call.endpoint}`;

	if (RETRYABLE_STATUSES.has(status)) {
		const wait = retryAfterMs === undefined ? '' : ` and asked to wait ${formatSeconds(retryAfterMs)}`;
		const busy = OVERLOAD_STATUSES.has(status);
		return {
			...base,
			retryable: true,
			overload: busy,
			retryAfterMs,
			message: busy
				? `Selarti is busy (HTTP ${status}: ${status === 429 ? 'too many requests' : 'temporarily unavailable'})`
				: `Selarti's gateway got no answer from Selarti (HTTP ${status})`,
			description:
				`Selarti did not take the call${wait}. The node waits and tries again by itself, up to Max Attempts; ` +
				'if it still fails, run the workflow again in a few minutes' +
				(busy ? ' or lower Max Concurrent Requests in the node options.' : '.'),
		};
	}
	if (call.endpoint === 'auth' && (status === 400 || status === 401 || status === 403)) {
		return {
			...base,
			fatal: true,
			message: apiKeyRejected(status, said),
			description: 'n8n exchanges the key for a session token when it has none or Selarti says the token expired.',
		};
	}
	if (status === 400) {
		const parameter = answer.parameter;
		if (parameter !== undefined) {
			const label = PARAMETER_LABELS[parameter] ?? parameter;
			const problem = answer.bubbleStatus === 'MISSING_DATA' ? 'is missing' : 'was rejected';
			return {
				...base,
				message: `Selarti says the ${label} (${parameter}) ${problem} (HTTP 400${said})`,
				description: PARAMETER_HINTS[parameter] ?? 'Check this field in the node.',
			};
		}
		return {
			...base,
			message: `Selarti rejected the request (HTTP 400${said})`,
			description: "Check the node's fields against the Selarti panel: Task ID, Chat ID and Message or Target.",
		};
	}
	if (status === 401) {
		return {
			...base,
			fatal: true,
			message: `Selarti rejected the token or API key (HTTP 401${said})`,
			description: CHECK_CREDENTIAL,
		};
	}
	if (status === 403) {
		return {
			...base,
			message: `Selarti refused this request for the credential (HTTP 403${said})`,
			description:
				'The token or key works but may not act here: check that the Task ID belongs to the same Selarti ' +
				'account as the API key or token in the credential.',
		};
	}
	if (status === 404) {
		return {
			...base,
			fatal: true,
			message: `No Selarti API at ${call.baseUrl} (HTTP 404 for ${endpointPath})`,
			description: CHECK_SERVER,
		};
	}
	if (status >= 500) {
		return {
			...base,
			message: `Selarti had an internal error (HTTP ${status}${said})`,
			description:
				'Selarti may have carried the call out before failing, so the node did not send it again: a second ' +
				'send could reach your customer twice. Check the dialog in the Selarti panel and send it again only ' +
				'if it is missing.',
		};
	}
	return {
		...base,
		message: `Selarti rejected the request (HTTP ${status}${said})`,
		description: "Check the node's fields and the Selarti API credential.",
	};
}

function describeNetworkFailure(details: NetworkFailure, call: CallContext): SelartiFailure {
	const base = { retryable: false, overload: false, fatal: false };
	if (isAnswerTimeout(details)) {
		return {
			...base,
			message: `Selarti did not answer within ${formatSeconds(call.timeoutMs)}`,
			description:
				'The call may or may not have been carried out, so the node did not send it again: a second send ' +
				'could reach your customer twice. Check the dialog in the Selarti panel; if Selarti is just slow, ' +
				'raise Timeout in the node options.',
		};
	}
	if (details.code === 'ENOTFOUND') {
		return {
			...base,
			fatal: true,
			message: `Cannot reach Selarti at ${call.baseUrl}: this address does not exist`,
			description: CHECK_SERVER,
		};
	}
	if (isConnectionFailureBeforeAnswer(details)) {
		return {
			...base,
			retryable: true,
			message: `Cannot reach Selarti at ${call.baseUrl}: ${connectionProblem(details)}`,
			description:
				'The node tried again and gave up. Check the Selarti Server or Custom Base URL in the credential, ' +
				'and that this n8n can reach the internet (proxy, firewall).',
		};
	}
	const text = scrubSecrets(details.message ?? 'unknown error', call.secrets);
	return {
		...base,
		message: `The call to Selarti failed: ${text}`,
		description: 'Check the Selarti API credential and that this n8n can reach the Selarti server.',
	};
}

/** A 2xx answer that is not Selarti's JSON: a web page or proxy answered instead of Selarti's API. */
export function describeForeignAnswer(call: CallContext): SelartiFailure {
	return {
		message: `The server at ${call.baseUrl} did not answer like Selarti's API`,
		description: CHECK_SERVER,
		retryable: false,
		overload: false,
		fatal: true,
	};
}

function connectionProblem(details: NetworkFailure): string {
	switch (details.code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ETIMEDOUT':
		case 'UND_ERR_CONNECT_TIMEOUT':
			return 'connecting timed out';
		case 'EAI_AGAIN':
			return 'the address could not be looked up (DNS)';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'ENETDOWN':
			return 'the network is unreachable';
		default:
			return 'the connection closed before Selarti answered';
	}
}

interface BubbleAnswer {
	text?: string;
	bubbleStatus?: string;
	parameter?: string;
}

/**
 * Selarti's error text, read defensively: Bubble sends `{statusCode, body: {status, message}}`, other layers
 * send `{message}`, gateways send HTML or plain text.
 */
export function readBubbleAnswer(data: unknown, secrets: readonly unknown[]): BubbleAnswer {
	const parsed = typeof data === 'string' ? tryParseJson(data) : data;
	let text: string | undefined;
	let bubbleStatus: string | undefined;
	if (isRecord(parsed)) {
		const body = isRecord(parsed.body) ? parsed.body : undefined;
		text = firstText(body?.message, parsed.message, body?.status, parsed.status);
		bubbleStatus = firstText(body?.status, parsed.status);
	} else if (typeof data === 'string') {
		text = plainText(data);
	}
	if (text !== undefined) text = truncate(scrubSecrets(text, secrets), 300);
	return { text, bubbleStatus, parameter: text === undefined ? undefined : namedParameter(text) };
}

function namedParameter(text: string): string | undefined {
	// "Missing parameter for workflow send_message_external: parameter chat_id", "Invalid data for key task_id: …"
	const named = [...text.matchAll(/(?:parameter|key)\s+([a-z_]+)/gi)].map((match) => match[1]);
	const explicit = named.find((name) => name in PARAMETER_LABELS);
	if (explicit !== undefined) return explicit;
	// Only names that cannot be ordinary words are looked for in free text.
	return ['task_id', 'chat_id'].find((name) => new RegExp(`\\b${name}\\b`).test(text));
}

function plainText(raw: string): string | undefined {
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(raw)?.[1];
	const text = (title ?? raw.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
	return text === '' ? undefined : text;
}

function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface WithHttpResponse {
	response: { status: number; headers?: unknown; data?: unknown };
}

function hasHttpResponse(value: unknown): value is WithHttpResponse {
	if (!isRecord(value) || !isRecord(value.response)) return false;
	return typeof value.response.status === 'number';
}

function hasHttpCode(value: unknown): boolean {
	return isRecord(value) && typeof value.httpCode === 'string' && /^[1-5]\d\d$/.test(value.httpCode);
}

export function headerValue(headers: unknown, name: string): unknown {
	if (!isRecord(headers)) return undefined;
	if (typeof headers.get === 'function') return (headers.get as (key: string) => unknown).call(headers, name);
	const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

/** Walks error → cause → cause… (n8n wraps the HTTP client's error in NodeApiError). */
function findInChain(error: unknown, test: (level: unknown) => boolean): unknown {
	let level: unknown = error;
	for (let depth = 0; depth < 8 && level !== undefined && level !== null; depth++) {
		if (test(level)) return level;
		level = isRecord(level) || level instanceof Error ? wrappedError(level) : undefined;
	}
	return undefined;
}

/**
 * The error one level down: n8n-workflow 2.x keeps the HTTP client's error in `cause`, 1.x in `errorResponse`
 * (its NodeApiError leaves `cause` undefined), and the host n8n's n8n-workflow is the one that runs.
 */
function wrappedError(level: object): unknown {
	const { cause, errorResponse } = level as { cause?: unknown; errorResponse?: unknown };
	return cause ?? errorResponse;
}

function networkDetails(error: unknown): NetworkFailure {
	const details: NetworkFailure = {};
	let level: unknown = error;
	for (let depth = 0; depth < 8 && (isRecord(level) || level instanceof Error); depth++) {
		const current = level as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown };
		if (details.code === undefined && typeof current.code === 'string' && !current.code.startsWith('ERR_')) {
			details.code = current.code;
		}
		// The HTTP client copies the code but not the syscall, which stays on the socket error it wraps.
		if (details.syscall === undefined && typeof current.syscall === 'string') details.syscall = current.syscall;
		if (typeof current.message === 'string' && current.message !== '') {
			if (details.message === undefined || /socket hang up|timeout of/i.test(current.message)) {
				details.message = current.message;
			}
		}
		level = wrappedError(current);
	}
	return details;
}
