/**
 * An append-only log that keeps at most `limit` entries (oldest dropped first) in a ring, so a benchmark
 * of 20,000 messages cannot grow memory without bound. Every entry gets a sequence number starting at 1.
 */
export class BoundedLog<T extends { seq: number }> {
	private readonly ring: (T | undefined)[] = [];
	private start = 0;
	private nextSeq = 1;

	constructor(private readonly limit: number) {}

	/** Number of entries ever appended, including dropped ones. */
	get total(): number {
		return this.nextSeq - 1;
	}

	get size(): number {
		return this.ring.length;
	}

	append(entry: Omit<T, 'seq'>): T {
		const full = { ...entry, seq: this.nextSeq++ } as T;
		if (this.ring.length < this.limit) {
			this.ring.push(full);
		} else {
			this.ring[this.start] = full;
			this.start = (this.start + 1) % this.limit;
		}
		return full;
	}

	/** Entries with seq > afterSeq, oldest first, at most `max` of them. */
	since(afterSeq = 0, max = Number.POSITIVE_INFINITY): T[] {
		const result: T[] = [];
		for (let i = 0; i < this.ring.length && result.length < max; i++) {
			const entry = this.ring[(this.start + i) % this.ring.length];
			if (entry && entry.seq > afterSeq) result.push(entry);
		}
		return result;
	}

	clear(): void {
		this.ring.length = 0;
		this.start = 0;
		this.nextSeq = 1;
	}
}
