import { runJobs, type Job, type SchedulerOptions } from '../../../nodes/Selarti/helpers/scheduler';
import { SimulatedFailure, SimulatedSelarti, adviseSimulated } from './support/simulatedSelarti';

/** Everything runs on jest's fake clock: no real waiting, exact virtual times. */
beforeEach(() => {
	jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
	jest.useRealTimers();
});

const wait = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

function options(overrides: Partial<SchedulerOptions> = {}): SchedulerOptions {
	return {
		maxConcurrency: 32,
		initialConcurrency: 4,
		maxAttempts: 3,
		stopOnFailure: false,
		maxRetryAfterMs: 120_000,
		quietWindowsBeforeProbe: 100,
		sleep: wait,
		now: () => Date.now(),
		random: () => 0.5,
		...overrides,
	};
}

async function settle<T>(promise: Promise<T>): Promise<T> {
	await jest.runAllTimersAsync();
	return await promise;
}

const ownLanes = (count: number): Job[] =>
	Array.from({ length: count }, (_, index) => ({ lane: `chat-${index}` }));

/** Records when each attempt starts and ends, and how many run at once. */
class Recorder {
	inFlight = 0;

	maxInFlight = 0;

	readonly events: Array<{ job: number; attempt: number; start: number; end?: number }> = [];

	async run<T>(job: number, attempt: number, body: () => Promise<T>): Promise<T> {
		const event: { job: number; attempt: number; start: number; end?: number } = {
			job,
			attempt,
			start: Date.now(),
		};
		this.events.push(event);
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			return await body();
		} finally {
			this.inFlight--;
			event.end = Date.now();
		}
	}

	startsAt(time: number): number {
		return this.events.filter((event) => event.start === time).length;
	}
}

describe('order and concurrency', () => {
	test('returns one outcome per job, in input order, even when answers arrive out of order', async () => {
		const latencies = [90, 10, 50, 30, 70, 20];
		const outcomes = await settle(
			runJobs(
				ownLanes(latencies.length),
				async (job) => {
					await wait(latencies[job]);
					return job * 10;
				},
				adviseSimulated,
				options(),
			),
		);
		expect(outcomes).toEqual(
			latencies.map((_, job) => ({ status: 'fulfilled', value: job * 10, attempts: 1 })),
		);
	});

	test('never has more calls in flight than Max Concurrent Requests', async () => {
		const recorder = new Recorder();
		await settle(
			runJobs(
				ownLanes(200),
				async (job, attempt) => await recorder.run(job, attempt, async () => await wait(50)),
				adviseSimulated,
				options({ maxConcurrency: 5 }),
			),
		);
		expect(recorder.events).toHaveLength(200);
		expect(recorder.maxInFlight).toBe(5);
	});

	test('Max Concurrent Requests 1 sends strictly one at a time, in input order', async () => {
		const recorder = new Recorder();
		await settle(
			runJobs(
				ownLanes(20),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => await wait(5 + (job % 3))),
				adviseSimulated,
				options({ maxConcurrency: 1 }),
			),
		);
		expect(recorder.maxInFlight).toBe(1);
		expect(recorder.events.map((event) => event.job)).toEqual([...Array(20).keys()]);
	});

	test('a chat gets its messages one after another, in input order, retries included', async () => {
		const recorder = new Recorder();
		const lanes = ['a', 'b', 'a', 'c', 'a', 'b', 'c', 'c', 'a', 'b', 'a', 'a'];
		const outcomes = await settle(
			runJobs(
				lanes.map((lane) => ({ lane })),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => {
						await wait(10 + ((job * 7) % 13));
						// Every third job's first attempt meets a gateway error and is retried.
						if (job % 3 === 0 && attempt === 1)
							throw new SimulatedFailure(502, { retryable: true, overload: false });
						return job;
					}),
				adviseSimulated,
				options(),
			),
		);
		expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
		for (const lane of new Set(lanes)) {
			const jobs = lanes.flatMap((name, job) => (name === lane ? [job] : []));
			const attemptsOf = (job: number) => recorder.events.filter((event) => event.job === job);
			for (let position = 1; position < jobs.length; position++) {
				const previousEnd = Math.max(
					...attemptsOf(jobs[position - 1]).map((event) => event.end ?? Infinity),
				);
				const nextStart = Math.min(...attemptsOf(jobs[position]).map((event) => event.start));
				expect(nextStart).toBeGreaterThanOrEqual(previousEnd);
			}
		}
		expect(
			recorder.events
				.filter((event) => event.attempt === 2)
				.map((event) => event.job)
				.sort((a, b) => a - b),
		).toEqual([0, 3, 6, 9]);
	});
});

describe('adaptive window (AIMD)', () => {
	test('starts with the initial window and doubles it every round trip until Selarti first says busy', async () => {
		const recorder = new Recorder();
		await settle(
			runJobs(
				ownLanes(200),
				async (job, attempt) => await recorder.run(job, attempt, async () => await wait(100)),
				adviseSimulated,
				options({ maxConcurrency: 50 }),
			),
		);
		expect([0, 100, 200, 300, 400].map((time) => recorder.startsAt(time))).toEqual([
			4, 8, 16, 32, 50,
		]);
	});

	test('after that first overload it adds one call per full window of successes', async () => {
		const selarti = new SimulatedSelarti(10, 100, 1);
		const recorder = new Recorder();
		await settle(
			runJobs(
				ownLanes(400),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => await selarti.call(job, `chat-${job}`)),
				adviseSimulated,
				options({ quietWindowsBeforeProbe: 1000 }),
			),
		);
		const lastRejection = Math.max(
			...recorder.events.filter((event) => event.end === event.start).map((event) => event.start),
		);
		// Back at the plateau (one below the level that overloaded Selarti), it stays there: 9 calls per round trip.
		const steady = recorder.events.filter(
			(event) => event.start > lastRejection + 1500 && event.start < lastRejection + 2500,
		).length;
		expect(steady).toBe(90);
		expect(selarti.deliveries).toHaveLength(400);
	});

	test('on 429 it halves the window; the refused call waits out Retry-After, the others go on', async () => {
		const selarti = new SimulatedSelarti(6, 100, 1);
		const recorder = new Recorder();
		await settle(
			runJobs(
				ownLanes(120),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => await selarti.call(job, `chat-${job}`)),
				adviseSimulated,
				options(),
			),
		);
		const firstRejection = recorder.events.find((event) => event.end === event.start);
		expect(firstRejection).toBeDefined();
		const at = firstRejection?.start ?? 0;
		const retry = recorder.events.find(
			(event) => event.job === firstRejection?.job && event.attempt === 2,
		);
		expect(retry?.start).toBeGreaterThanOrEqual(at + 1000);
		// Slow start reached 8 when Selarti (capacity 6) refused; halved to 4, calls go on without a pause.
		const startsInRetryAfter = recorder.events
			.filter((event) => event.start > at && event.start < at + 1000)
			.map((event) => event.start);
		expect(startsInRetryAfter.length).toBeGreaterThan(0);
		expect(Math.max(...startsInRetryAfter)).toBeGreaterThan(at + 500);
		expect(selarti.deliveries).toHaveLength(120);
	});

	test('when halving does not help (refused again before any success), every call waits out Retry-After', async () => {
		const selarti = new SimulatedSelarti(0, 100, 1);
		const recorder = new Recorder();
		const run = runJobs(
			ownLanes(20),
			async (job, attempt) =>
				await recorder.run(job, attempt, async () => await selarti.call(job, `chat-${job}`)),
			adviseSimulated,
			options({ maxAttempts: 2 }),
		);
		await jest.advanceTimersByTimeAsync(10);
		// The first 4 calls were refused at once: one decrease; the next call refused without a success in between
		// closes the shared gate for the Retry-After second.
		const startsBeforePause = recorder.events.length;
		await jest.advanceTimersByTimeAsync(900);
		expect(recorder.events.length).toBe(startsBeforePause);
		(selarti as unknown as { capacity: number }).capacity = 20;
		const outcomes = await settle(run);
		expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
	});

	test('after an overload it grows back to just below that level and stays there', async () => {
		const selarti = new SimulatedSelarti(10, 100, 1);
		await settle(
			runJobs(
				ownLanes(1000),
				async (job) => await selarti.call(job, `chat-${job}`),
				adviseSimulated,
				options(),
			),
		);
		expect(selarti.deliveries).toHaveLength(1000);
		// One probe past the capacity, then the plateau at 10: a single rejection in 1,000 calls.
		expect(selarti.rejected).toBe(1);
	});

	test('probes above the old overload level after a quiet stretch, and forgets it when Selarti has grown', async () => {
		const selarti = new SimulatedSelarti(5, 100, 1);
		const recorder = new Recorder();
		const run = runJobs(
			ownLanes(400),
			async (job, attempt) =>
				await recorder.run(job, attempt, async () => await selarti.call(job, `chat-${job}`)),
			adviseSimulated,
			options({ maxConcurrency: 12, quietWindowsBeforeProbe: 3 }),
		);
		await jest.advanceTimersByTimeAsync(3000);
		(selarti as unknown as { capacity: number }).capacity = 12;
		await settle(run);
		expect(selarti.deliveries).toHaveLength(400);
		expect(selarti.maxInFlight).toBe(12);
	});

	test('the benchmark case: 2,000 messages over 50 chats, Selarti serving 20 at a time', async () => {
		const selarti = new SimulatedSelarti(20, 100, 1);
		const jobs = Array.from({ length: 2000 }, (_, index) => ({ lane: `chat-${index % 50}` }));
		const outcomes = await settle(
			runJobs(
				jobs,
				async (job) => await selarti.call(job, jobs[job].lane),
				adviseSimulated,
				options({ random: Math.random }),
			),
		);
		expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
		const delivered = selarti.deliveries.map((delivery) => delivery.job);
		expect(new Set(delivered).size).toBe(2000);
		expect(delivered).toHaveLength(2000);
		for (let chat = 0; chat < 50; chat++) {
			const order = selarti.deliveries
				.filter((delivery) => delivery.lane === `chat-${chat}`)
				.map((delivery) => delivery.job);
			expect(order).toEqual([...order].sort((a, b) => a - b));
		}
		// The ideal is 2,000 × 0.1 s / 20 = 10 s; the target is 1.3 × that.
		expect(Date.now()).toBeLessThanOrEqual(13_000);
	});
});

describe('retries', () => {
	test('retries a retryable failure up to Max Attempts, then reports it', async () => {
		let calls = 0;
		const outcomes = await settle(
			runJobs(
				ownLanes(1),
				async () => {
					calls++;
					throw new SimulatedFailure(503, { retryable: true, overload: true });
				},
				adviseSimulated,
				options({ maxAttempts: 4 }),
			),
		);
		expect(calls).toBe(4);
		expect(outcomes[0]).toMatchObject({ status: 'rejected', attempts: 4 });
	});

	test('never retries a failure advised as not retryable (400, 401, 403, 404, 500)', async () => {
		let calls = 0;
		const outcomes = await settle(
			runJobs(
				ownLanes(1),
				async () => {
					calls++;
					throw new SimulatedFailure(500, { retryable: false });
				},
				adviseSimulated,
				options(),
			),
		);
		expect(calls).toBe(1);
		expect(outcomes[0]).toMatchObject({ status: 'rejected', attempts: 1 });
	});

	test('waits Retry-After before retrying a gateway error', async () => {
		const recorder = new Recorder();
		await settle(
			runJobs(
				ownLanes(1),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => {
						if (attempt === 1)
							throw new SimulatedFailure(502, {
								retryable: true,
								overload: false,
								retryAfterMs: 2000,
							});
						return 'ok';
					}),
				adviseSimulated,
				options(),
			),
		);
		expect(recorder.events.map((event) => event.start)).toEqual([0, 2000]);
	});

	test('without Retry-After it backs off exponentially with full jitter', async () => {
		const recorder = new Recorder();
		const outcomes = await settle(
			runJobs(
				ownLanes(1),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => {
						throw new SimulatedFailure(504, { retryable: true, overload: false });
					}),
				adviseSimulated,
				options({ maxAttempts: 4, random: () => 0.999 }),
			),
		);
		// Uniform in [0, 500 · 2^(n−1)]: with random 0.999 the waits are 499, 999 and 1998 ms.
		expect(recorder.events.map((event) => event.start)).toEqual([0, 499, 1498, 3496]);
		expect(outcomes[0]).toMatchObject({ status: 'rejected', attempts: 4 });
	});

	test('a busy answer without Retry-After (429, 503) is never retried sooner than 1 s', async () => {
		const recorder = new Recorder();
		await settle(
			runJobs(
				ownLanes(1),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => {
						if (attempt < 4) throw new SimulatedFailure(429, { retryable: true, overload: true });
						return 'ok';
					}),
				adviseSimulated,
				options({ maxAttempts: 4, random: () => 0.999 }),
			),
		);
		// Full jitter alone would wait 499, 999 and 1998 ms.
		expect(recorder.events.map((event) => event.start)).toEqual([0, 1000, 2000, 3998]);
	});

	test('does not wait for a Retry-After longer than the maximum, and starts nothing more', async () => {
		let calls = 0;
		const outcomes = await settle(
			runJobs(
				ownLanes(3),
				async () => {
					calls++;
					throw new SimulatedFailure(429, {
						retryable: true,
						overload: true,
						retryAfterMs: 3_600_000,
					});
				},
				adviseSimulated,
				options({ maxConcurrency: 1 }),
			),
		);
		expect(calls).toBe(1);
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'skipped', 'skipped']);
		expect(outcomes[0]).toMatchObject({ attempts: 1 });
		expect(Date.now()).toBeLessThan(1000);
	});
});

describe('stopping', () => {
	test('after a failure no new job starts; jobs already started finish, retries included', async () => {
		const recorder = new Recorder();
		const outcomes = await settle(
			runJobs(
				ownLanes(6),
				async (job, attempt) =>
					await recorder.run(job, attempt, async () => {
						if (job === 0 && attempt === 1)
							throw new SimulatedFailure(502, { retryable: true, overload: false });
						await wait(20);
						if (job === 1) throw new SimulatedFailure(400, { retryable: false });
						return job;
					}),
				adviseSimulated,
				options({ maxConcurrency: 2, initialConcurrency: 2, stopOnFailure: true }),
			),
		);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'rejected',
			'fulfilled',
			'skipped',
			'skipped',
			'skipped',
		]);
		expect(outcomes[0]).toMatchObject({ attempts: 2 });
	});

	test('with Continue On Fail an ordinary failure does not stop the others, a fatal one does', async () => {
		const ordinary = await settle(
			runJobs(
				ownLanes(4),
				async (job) => {
					if (job === 1) throw new SimulatedFailure(400, { retryable: false });
					return job;
				},
				adviseSimulated,
				options({ maxConcurrency: 1 }),
			),
		);
		expect(ordinary.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'rejected',
			'fulfilled',
			'fulfilled',
		]);

		const fatal = await settle(
			runJobs(
				ownLanes(4),
				async (job) => {
					if (job === 1) throw new SimulatedFailure(401, { retryable: false, fatal: true });
					return job;
				},
				adviseSimulated,
				options({ maxConcurrency: 1 }),
			),
		);
		expect(fatal.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'rejected',
			'skipped',
			'skipped',
		]);
	});

	test('a cancelled execution starts nothing more', async () => {
		const controller = new AbortController();
		let calls = 0;
		const run = runJobs(
			ownLanes(10),
			async () => {
				calls++;
				await wait(100);
				return 'ok';
			},
			adviseSimulated,
			options({ maxConcurrency: 1, signal: controller.signal }),
		);
		await jest.advanceTimersByTimeAsync(250);
		controller.abort();
		const outcomes = await settle(run);
		expect(calls).toBe(3);
		expect(outcomes.filter((outcome) => outcome.status === 'skipped')).toHaveLength(7);
	});
});
