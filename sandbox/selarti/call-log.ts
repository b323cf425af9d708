import type { Params } from '../shared/body-params';

export interface CallLogEntry {
	seq: number;
	/** Arrival, ms since the sandbox started. */
	at: number;
	/** Time until the answer was written (or the connection dropped). */
	durationMs: number;
	method: string;
	path: string;
	/** Workflow name (auth, send_message_external, add_target, or the unknown name asked for). */
	workflow: string;
	/** HTTP status answered; 0 when the connection was dropped without an answer. */
	status: number;
	/** The call was carried out (message taken, target added, token issued). */
	accepted: boolean;
	/** Order in which accepted calls were carried out (may differ from seq when answers are delayed). */
	acceptedSeq?: number;
	/** Bubble status of an error answer (MISSING_DATA, UNAUTHORIZED, …) or why it was refused. */
	outcome?: string;
	/** Injected fault, e.g. "capacity", "rule 2: 503", "rule 3: drop". */
	fault?: string;
	/** Request parameters; an API key is replaced by "[redacted]". */
	body: Params;
}

export interface SandboxStats {
	calls: number;
	callsByStatus: Record<string, number>;
	accepted: number;
	inFlight: number;
	maxInFlight: number;
	deliveryAttempts: number;
	deliveryFailures: number;
	pendingDeliveryJobs: number;
	dialogs: number;
}

/** Counters that survive the bounded log dropping old entries. */
export class CallCounters {
	calls = 0;
	accepted = 0;
	/** Numbers accepted calls in the order they were carried out. */
	acceptedSeq = 0;
	inFlight = 0;
	maxInFlight = 0;
	deliveryAttempts = 0;
	deliveryFailures = 0;
	readonly byStatus = new Map<number, number>();

	countCall(status: number): void {
		this.calls++;
		this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
	}

	enter(): void {
		this.inFlight++;
		if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
	}

	leave(): void {
		this.inFlight--;
	}

	reset(): void {
		this.calls = 0;
		this.accepted = 0;
		this.acceptedSeq = 0;
		this.maxInFlight = this.inFlight;
		this.deliveryAttempts = 0;
		this.deliveryFailures = 0;
		this.byStatus.clear();
	}
}
