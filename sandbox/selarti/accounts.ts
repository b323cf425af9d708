import { bubbleToken } from './bubble-ids';

export type TokenCheck = 'valid' | 'missing' | 'unknown' | 'expired';

interface TokenRecord {
	/** API key it was issued for; undefined for seeded static tokens. */
	key?: string;
	/** Epoch ms after which it is expired; undefined = no lifetime. */
	expiresAt?: number;
	expired: boolean;
}

/** API keys and bearer tokens. Values are secrets: nothing here is ever logged or returned by the control API. */
export class Accounts {
	private readonly keys = new Map<string, { revoked: boolean }>();
	private readonly tokens = new Map<string, TokenRecord>();

	addKey(key: string): void {
		this.keys.set(key, { revoked: false });
	}

	/** Revokes a key and every token issued for it; returns false if the key was unknown. */
	revokeKey(key: string): boolean {
		const record = this.keys.get(key);
		if (!record) return false;
		record.revoked = true;
		for (const token of this.tokens.values()) {
			if (token.key === key) token.expired = true;
		}
		return true;
	}

	addToken(token: string): void {
		this.tokens.set(token, { expired: false });
	}

	/** Issues a fresh token for a valid key, or undefined if the key is unknown or revoked. */
	issueToken(key: string, ttlSeconds: number): string | undefined {
		const record = this.keys.get(key);
		if (!record || record.revoked) return undefined;
		const token = bubbleToken();
		this.tokens.set(token, {
			key,
			expired: false,
			expiresAt: ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined,
		});
		return token;
	}

	/** Expires one token, or all tokens when none is given; returns how many became expired. */
	expireTokens(token?: string): number {
		const targets =
			token === undefined
				? [...this.tokens.values()]
				: [this.tokens.get(token)].filter((t) => t !== undefined);
		let count = 0;
		for (const record of targets) {
			if (!record.expired) count++;
			record.expired = true;
		}
		return count;
	}

	check(authorization: string | undefined): TokenCheck {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
		if (!match) return 'missing';
		const record = this.tokens.get(match[1]);
		if (!record) return 'unknown';
		if (record.expiresAt !== undefined && Date.now() >= record.expiresAt) record.expired = true;
		return record.expired ? 'expired' : 'valid';
	}

	clear(): void {
		this.keys.clear();
		this.tokens.clear();
	}

	counts(): { apiKeys: number; revokedApiKeys: number; tokens: number; expiredTokens: number } {
		const keyRecords = [...this.keys.values()];
		const tokenRecords = [...this.tokens.values()];
		return {
			apiKeys: keyRecords.length,
			revokedApiKeys: keyRecords.filter((k) => k.revoked).length,
			tokens: tokenRecords.length,
			expiredTokens: tokenRecords.filter((t) => t.expired).length,
		};
	}
}
