/**
 * How many Selarti calls may be in flight at once, found the way TCP finds a link's capacity (AIMD):
 * start small, double every round trip until Selarti first says "busy" (slow start), then add one slot after every
 * full window of successes, and halve when Selarti answers "busy".
 *
 * Plain AIMD keeps probing past the capacity. So the window remembers the in-flight count that overloaded Selarti,
 * grows back only to just below it, and probes above it again after a quiet stretch (doubled after every failed
 * probe) — the plateau that TCP CUBIC keeps around its last loss. The level is counted on our side, where a call
 * is in flight a little longer than at Selarti (n8n's own request handling), so probing is what finds Selarti's
 * real capacity; after an overload the window grows back to the plateau one slot per success.
 *
 * Retry-After: the refused call always waits it out. Everybody else waits too (a shared pause) only when halving did
 * not help, i.e. Selarti refuses again before any call has succeeded since the last decrease: then it is over its
 * capacity as a whole, not just past our share of it. A one-off refusal while probing costs one call a pause, not
 * the whole run (a shared pause per probe cost more than the probing gained: BENCHMARKS.md).
 */

export interface WindowOptions {
	/** Upper limit set by the user (Max Concurrent Requests). */
	ceiling: number;
	/** Window at the start; clamped to the ceiling. */
	initial: number;
	/** Full windows of success at the plateau before probing above the overload level again. */
	quietWindowsBeforeProbe: number;
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

/** Proof of a granted slot: where the window stood when the call started. */
export interface Slot {
	readonly epoch: number;
	readonly inFlightAtStart: number;
}

interface Waiter {
	priority: number;
	grant: (slot: Slot | undefined) => void;
}

export class AdaptiveWindow {
	private limit: number;

	private inFlight = 0;

	private successesInWindow = 0;

	/** Lowest in-flight count known to overload Selarti; Infinity until the first overload. */
	private overloadLevel = Number.POSITIVE_INFINITY;

	private quietWindows = 0;

	/** Growing back towards the plateau after an overload: one slot per success instead of one per window. */
	private recovering = false;

	/** Whether a call has succeeded since the last decrease (the decrease relieved Selarti). */
	private succeededSinceDecrease = true;

	private quietWindowsBeforeProbe: number;

	/** Bumped on every decrease: overloads of calls started before it are already accounted for. */
	private epoch = 0;

	private pausedUntil = 0;

	private wakeUpPending = false;

	private closed = false;

	private readonly waiters: Waiter[] = [];

	constructor(private readonly options: WindowOptions) {
		this.limit = Math.max(1, Math.min(options.initial, options.ceiling));
		this.quietWindowsBeforeProbe = options.quietWindowsBeforeProbe;
	}

	get currentLimit(): number {
		return this.limit;
	}

	get callsInFlight(): number {
		return this.inFlight;
	}

	/** Waits for a free slot; lower priority numbers are served first. Undefined once the window is closed. */
	async acquire(priority: number): Promise<Slot | undefined> {
		if (this.closed) return undefined;
		return await new Promise<Slot | undefined>((grant) => {
			const position = this.waiters.findIndex((waiter) => waiter.priority > priority);
			this.waiters.splice(position === -1 ? this.waiters.length : position, 0, { priority, grant });
			this.dispatch();
		});
	}

	release(slot: Slot, outcome: 'success' | 'failure'): void {
		this.inFlight--;
		if (outcome === 'success') this.grow(slot);
		this.dispatch();
	}

	/** Selarti answered "busy" to a call that held `slot`. */
	overloaded(slot: Slot, retryAfterMs: number | undefined): void {
		if (slot.epoch !== this.epoch) return;
		if (!this.succeededSinceDecrease && retryAfterMs !== undefined && retryAfterMs > 0) {
			this.pausedUntil = Math.max(this.pausedUntil, this.options.now() + retryAfterMs);
		}
		const wasProbing = slot.inFlightAtStart >= this.overloadLevel;
		if (wasProbing) this.quietWindowsBeforeProbe *= 2;
		this.overloadLevel = Math.max(2, slot.inFlightAtStart);
		this.limit = Math.max(1, Math.floor(this.limit / 2));
		this.recovering = true;
		this.succeededSinceDecrease = false;
		this.successesInWindow = 0;
		this.quietWindows = 0;
		this.epoch++;
	}

	/** Stops granting slots; everybody still waiting gets undefined. */
	close(): void {
		this.closed = true;
		for (const waiter of this.waiters.splice(0)) waiter.grant(undefined);
	}

	private grow(slot: Slot): void {
		if (slot.epoch !== this.epoch) return;
		this.succeededSinceDecrease = true;
		if (this.epoch === 0) {
			// Slow start: Selarti has not said "busy" yet, so nothing is known about its capacity.
			if (this.limit < this.options.ceiling) this.limit++;
			return;
		}
		if (this.recovering) {
			if (this.limit + 1 < Math.min(this.overloadLevel, this.options.ceiling + 1)) {
				this.limit++;
				return;
			}
			this.recovering = false;
		}
		this.successesInWindow++;
		if (this.successesInWindow < this.limit) return;
		this.successesInWindow = 0;
		if (this.limit >= this.options.ceiling) return;
		if (this.limit + 1 < this.overloadLevel) {
			this.limit++;
			return;
		}
		if (this.limit >= this.overloadLevel) {
			// A full window above the old overload level went through: Selarti has grown, forget the old level.
			this.overloadLevel = Number.POSITIVE_INFINITY;
			this.quietWindowsBeforeProbe = this.options.quietWindowsBeforeProbe;
			this.limit++;
			return;
		}
		this.quietWindows++;
		if (this.quietWindows >= this.quietWindowsBeforeProbe) {
			this.quietWindows = 0;
			this.limit++;
		}
	}

	private dispatch(): void {
		if (this.closed) return;
		const pause = this.pausedUntil - this.options.now();
		if (pause > 0) {
			this.wakeUpAfter(pause);
			return;
		}
		while (this.inFlight < this.limit && this.waiters.length > 0) {
			const waiter = this.waiters.shift() as Waiter;
			this.inFlight++;
			waiter.grant({ epoch: this.epoch, inFlightAtStart: this.inFlight });
		}
	}

	private wakeUpAfter(ms: number): void {
		if (this.wakeUpPending) return;
		this.wakeUpPending = true;
		void this.options.sleep(ms).then(() => {
			this.wakeUpPending = false;
			this.dispatch();
		});
	}
}
