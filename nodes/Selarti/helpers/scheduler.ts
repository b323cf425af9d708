import type { FailureAdvice } from '../../shared/transport/types';
import { AdaptiveWindow, type Slot } from './concurrency';
import {
	DEFAULT_BACKOFF,
	MIN_OVERLOAD_WAIT_MS,
	fullJitterDelay,
	type BackoffPolicy,
} from './backoff';

/**
 * Runs one call per job with retries, in parallel up to an adaptive window, while jobs that share a `lane`
 * (one chat) run strictly one after another in input order: the next one starts only when the previous one
 * has finished, retries included. Free of n8n and HTTP, so it is tested with fake calls and a fake clock.
 */

export interface Job {
	/** Jobs with the same lane run one at a time, in array order. */
	lane: string;
}

export type JobOutcome<R> =
	| { status: 'fulfilled'; value: R; attempts: number }
	| { status: 'rejected'; reason: unknown; attempts: number }
	/** Never started: the run stopped first, because of `stoppedBy` (a failure) or a cancellation. */
	| { status: 'skipped'; stoppedBy?: unknown };

export interface SchedulerOptions {
	maxConcurrency: number;
	initialConcurrency: number;
	/** Attempts per job, the first one included. */
	maxAttempts: number;
	/** Stop starting new jobs after the first job that fails for good (jobs already started finish). */
	stopOnFailure: boolean;
	/** A Retry-After longer than this is not waited for: the job fails and tells the user to try later. */
	maxRetryAfterMs: number;
	quietWindowsBeforeProbe: number;
	backoff?: BackoffPolicy;
	sleep: (ms: number) => Promise<void>;
	now: () => number;
	random: () => number;
	signal?: AbortSignal;
}

export const SCHEDULER_DEFAULTS = {
	initialConcurrency: 4,
	maxRetryAfterMs: 120_000,
	quietWindowsBeforeProbe: 8,
} as const;

export async function runJobs<R>(
	jobs: readonly Job[],
	perform: (jobIndex: number, attempt: number) => Promise<R>,
	advise: (error: unknown) => FailureAdvice,
	options: SchedulerOptions,
): Promise<Array<JobOutcome<R>>> {
	const window = new AdaptiveWindow({
		ceiling: Math.max(1, Math.floor(options.maxConcurrency)),
		initial: options.initialConcurrency,
		quietWindowsBeforeProbe: options.quietWindowsBeforeProbe,
		now: options.now,
		sleep: options.sleep,
	});
	const outcomes: Array<JobOutcome<R>> = jobs.map(() => ({ status: 'skipped' }));
	// Stopping only keeps new jobs from starting: jobs already started finish, retries included.
	let stopped = false;
	let stoppedBy: unknown;
	const stop = (reason: unknown) => {
		if (!stopped) stoppedBy = reason;
		stopped = true;
	};
	const cancel = () => {
		stopped = true;
		window.close();
	};
	const cancelled = () => options.signal?.aborted === true;
	options.signal?.addEventListener('abort', cancel, { once: true });

	async function runJob(index: number): Promise<JobOutcome<R>> {
		for (let attempt = 1; ; attempt++) {
			if (cancelled() || (stopped && attempt === 1)) return { status: 'skipped', stoppedBy };
			const slot = await window.acquire(index);
			if (slot === undefined) return { status: 'skipped', stoppedBy };
			if (stopped && attempt === 1) {
				window.release(slot, 'failure');
				return { status: 'skipped', stoppedBy };
			}
			let failure: unknown;
			try {
				const value = await perform(index, attempt);
				window.release(slot, 'success');
				return { status: 'fulfilled', value, attempts: attempt };
			} catch (error) {
				failure = error;
			}
			const advice = settleFailure(slot, failure);
			const waitMs = advice.retryable ? retryDelay(advice, attempt) : undefined;
			if (waitMs === undefined || attempt >= options.maxAttempts || cancelled()) {
				// A wrong credential or server, or Selarti asking for a longer break than we wait: every other
				// job would meet the same answer.
				if ((!advice.retryable && advice.fatal) || waitTooLong(advice)) stop(failure);
				return { status: 'rejected', reason: failure, attempts: attempt };
			}
			if (waitMs > 0) await options.sleep(waitMs);
		}
	}

	function settleFailure(slot: Slot, error: unknown): FailureAdvice {
		const advice = advise(error);
		// Shrink and close the gate before the slot frees up, or the freed slot would go straight to a new call.
		if (advice.overload)
			window.overloaded(slot, waitTooLong(advice) ? undefined : advice.retryAfterMs);
		window.release(slot, 'failure');
		return advice;
	}

	function waitTooLong(advice: FailureAdvice): boolean {
		return advice.retryAfterMs !== undefined && advice.retryAfterMs > options.maxRetryAfterMs;
	}

	/** Milliseconds to wait before the next attempt, or undefined when Retry-After asks for too long. */
	function retryDelay(advice: FailureAdvice, attempt: number): number | undefined {
		if (advice.retryAfterMs !== undefined) {
			if (advice.retryAfterMs > options.maxRetryAfterMs) return undefined;
			return advice.retryAfterMs;
		}
		const backoff = fullJitterDelay(attempt, options.random, options.backoff ?? DEFAULT_BACKOFF);
		// Selarti said it is busy but not for how long: coming back at once would only add to its load.
		return advice.overload ? Math.max(MIN_OVERLOAD_WAIT_MS, backoff) : backoff;
	}

	const lanes = new Map<string, number[]>();
	jobs.forEach((job, index) => {
		const lane = lanes.get(job.lane);
		if (lane) lane.push(index);
		else lanes.set(job.lane, [index]);
	});

	try {
		await Promise.all(
			[...lanes.values()].map(async (indexes) => {
				for (const index of indexes) {
					const outcome = await runJob(index);
					outcomes[index] = outcome;
					if (outcome.status === 'rejected' && options.stopOnFailure) stop(outcome.reason);
				}
			}),
		);
	} finally {
		options.signal?.removeEventListener('abort', cancel);
	}
	return outcomes;
}
