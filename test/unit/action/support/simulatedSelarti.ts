import type { FailureAdvice } from '../../../../nodes/shared/transport/types';

/** A failure as the transport would classify it. */
export class SimulatedFailure extends Error {
	readonly advice: FailureAdvice;

	/** Advice as the transport gives it; what is not said is false. */
	constructor(
		readonly status: number,
		advice: Partial<FailureAdvice> & Pick<FailureAdvice, 'retryable'>,
	) {
		super(`HTTP ${status}`);
		this.advice = { overload: false, fatal: false, ...advice };
	}
}

export const adviseSimulated = (error: unknown): FailureAdvice =>
	error instanceof SimulatedFailure
		? error.advice
		: { retryable: false, overload: false, fatal: false };

export interface Delivery {
	job: number;
	lane: string;
	at: number;
}

/**
 * Selarti as the benchmark's realistic mode describes it, on jest's fake clock: it serves `capacity` calls at a
 * time, each taking `latencyMs`; beyond that it answers 429 with Retry-After at once.
 */
export class SimulatedSelarti {
	inFlight = 0;

	maxInFlight = 0;

	calls = 0;

	rejected = 0;

	readonly deliveries: Delivery[] = [];

	constructor(
		private readonly capacity: number,
		private readonly latencyMs: number,
		private readonly retryAfterSeconds = 1,
	) {}

	async call(job: number, lane: string): Promise<string> {
		this.calls++;
		if (this.inFlight >= this.capacity) {
			this.rejected++;
			throw new SimulatedFailure(429, {
				retryable: true,
				overload: true,
				retryAfterMs: this.retryAfterSeconds * 1000,
			});
		}
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		this.inFlight--;
		this.deliveries.push({ job, lane, at: Date.now() });
		return `delivered ${job}`;
	}
}
