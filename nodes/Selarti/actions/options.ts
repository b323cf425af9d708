import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Default ceiling of parallel calls. The adaptive window (helpers/concurrency.ts) finds Selarti's real capacity
 * below it; the ceiling only bounds the load on a Selarti that answers fast. Chosen by measurement: BENCHMARKS.md.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 32;

export const DEFAULT_MAX_ATTEMPTS = 3;

export const DEFAULT_TIMEOUT_MS = 30_000;

const runOptions: INodeProperties[] = [
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: DEFAULT_MAX_ATTEMPTS,
		description:
			'How often a call is tried in total when Selarti is busy (429, 503), its gateway fails (502, 504) or the connection drops before an answer. Errors that would repeat (400, 401, 403, 404) and internal errors (500, the message may already be delivered) are never retried.',
	},
	{
		displayName: 'Max Concurrent Requests',
		name: 'maxConcurrentRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: DEFAULT_MAX_CONCURRENT_REQUESTS,
		description:
			'Upper limit of calls in flight at once. The node starts with a few, adds more while Selarti keeps up and halves them when Selarti says it is busy. Messages for the same chat are always sent one after another, in input order. 1 sends strictly one at a time.',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: DEFAULT_TIMEOUT_MS,
		description:
			'Milliseconds to wait for Selarti to answer one call. A call that times out is not sent again, because Selarti may have received it.',
	},
];

/** The Options collection: the run's options and an operation's own optional fields, in alphabetical order. */
export function optionsCollection(operationOptions: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...runOptions, ...operationOptions].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}

export interface RunOptions {
	maxConcurrentRequests: number;
	maxAttempts: number;
	timeoutMs: number;
}

/** The options apply to the whole run, so they are read once, from the first item. */
export function readRunOptions(context: IExecuteFunctions): RunOptions {
	const options = context.getNodeParameter('options', 0, {}) as {
		maxConcurrentRequests?: unknown;
		maxAttempts?: unknown;
		timeout?: unknown;
	};
	return {
		maxConcurrentRequests: wholeNumber(
			options.maxConcurrentRequests,
			DEFAULT_MAX_CONCURRENT_REQUESTS,
			1,
			100,
		),
		maxAttempts: wholeNumber(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1, 10),
		timeoutMs: wholeNumber(options.timeout, DEFAULT_TIMEOUT_MS, 1000, 600_000),
	};
}

function wholeNumber(value: unknown, fallback: number, min: number, max: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(number)));
}
