/**
 * Keeps parallel calls from each exchanging the API key on their own. When a token expires, every call in
 * flight answers 401 and n8n runs preAuthentication for each of them: the first one exchanges the key, the
 * others wait for it (single flight) or, arriving a little later, reuse the token it got. A caller whose own
 * token is the one just obtained gets a new exchange: that token was rejected.
 */
export class TokenExchanges {
	private readonly pending = new Map<string, Promise<string>>();

	private readonly recent = new Map<string, { token: string; at: number }>();

	constructor(
		private readonly reuseForMs: number,
		private readonly now: () => number = Date.now,
		private readonly maxEntries = 100,
	) {}

	async obtain(
		cacheKey: string,
		rejectedToken: unknown,
		exchange: () => Promise<string>,
	): Promise<string> {
		const recent = this.recent.get(cacheKey);
		if (recent && recent.token !== rejectedToken && this.now() - recent.at < this.reuseForMs)
			return recent.token;
		const inFlight = this.pending.get(cacheKey);
		if (inFlight) return await inFlight;
		const started = exchange().then((token) => {
			this.remember(cacheKey, token);
			return token;
		});
		this.pending.set(cacheKey, started);
		try {
			return await started;
		} finally {
			this.pending.delete(cacheKey);
		}
	}

	private remember(cacheKey: string, token: string): void {
		this.recent.delete(cacheKey);
		this.recent.set(cacheKey, { token, at: this.now() });
		if (this.recent.size > this.maxEntries) {
			const oldest = this.recent.keys().next().value;
			if (oldest !== undefined) this.recent.delete(oldest);
		}
	}
}
