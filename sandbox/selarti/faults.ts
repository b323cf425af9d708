export type FaultAction = 'status' | 'slow' | 'drop';

export interface FaultRuleInput {
	/** Status to answer (429, 500, 502, 503, 504, …). Implies action "status". */
	status?: number;
	/** "slow": answer only after delayMs; "drop": destroy the connection without answering. */
	action?: FaultAction;
	/** Fire on the next `count` matching calls, then the rule is used up. */
	count?: number;
	/** Fire on each matching call with this probability (deterministic PRNG seeded by `seed`). */
	rate?: number;
	seed?: number;
	/** Let the first `after` matching calls through untouched. */
	after?: number;
	/** Retry-After header in seconds; undefined = the sandbox's retryAfterSeconds for 429, none otherwise; null = none. */
	retryAfterSeconds?: number | null;
	/** Delay of a "slow" answer; default 30 s (beyond any sensible client timeout). */
	delayMs?: number;
	/** Only calls of this workflow (auth, send_message_external, add_target); default all. */
	workflow?: string;
	/** Only send_message_external calls for this chat_id. */
	chatId?: string;
	/**
	 * Whether the call is still carried out (message accepted, webhooks sent) although the answer fails:
	 * the "answer lost" case that makes a client retry a duplicate. Default true for slow, false otherwise.
	 */
	process?: boolean;
}

export interface FaultRule extends Required<Pick<FaultRuleInput, 'action' | 'process'>> {
	id: number;
	input: FaultRuleInput;
	seen: number;
	fired: number;
	random?: () => number;
}

export interface FaultDecision {
	ruleId: number;
	action: FaultAction;
	status?: number;
	retryAfterSeconds?: number;
	delayMs: number;
	process: boolean;
}

/** Mulberry32: tiny, fast, deterministic PRNG so rate-based faults are reproducible. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const DEFAULT_SLOW_DELAY_MS = 30_000;

export class FaultInjector {
	private rules: FaultRule[] = [];
	private nextId = 1;

	add(input: FaultRuleInput): FaultRule {
		const action: FaultAction = input.action ?? 'status';
		if (
			action === 'status' &&
			!(
				Number.isInteger(input.status) &&
				Number(input.status) >= 400 &&
				Number(input.status) <= 599
			)
		) {
			throw new Error('a status fault needs status between 400 and 599');
		}
		if (!['status', 'slow', 'drop'].includes(action))
			throw new Error('action must be status, slow or drop');
		if (input.rate !== undefined && !(input.rate >= 0 && input.rate <= 1))
			throw new Error('rate must be between 0 and 1');
		if (input.count !== undefined && !(Number.isInteger(input.count) && input.count > 0)) {
			throw new Error('count must be a positive integer');
		}
		const rule: FaultRule = {
			id: this.nextId++,
			input: { ...input },
			action,
			process: input.process ?? action === 'slow',
			seen: 0,
			fired: 0,
			random: input.rate === undefined ? undefined : seededRandom(input.seed ?? 1),
		};
		this.rules.push(rule);
		return rule;
	}

	list(): FaultRule[] {
		return [...this.rules];
	}

	remove(id?: number): number {
		const before = this.rules.length;
		this.rules = id === undefined ? [] : this.rules.filter((rule) => rule.id !== id);
		return before - this.rules.length;
	}

	/** Decides the fault (if any) for one call; the first rule that fires wins. */
	decide(
		workflow: string,
		chatId: string | undefined,
		defaultRetryAfterSeconds: number,
	): FaultDecision | undefined {
		for (const rule of this.rules) {
			const { input } = rule;
			if (input.workflow !== undefined && input.workflow !== workflow) continue;
			if (input.chatId !== undefined && input.chatId !== chatId) continue;
			rule.seen++;
			if (rule.seen <= (input.after ?? 0)) continue;
			const fires = rule.random ? rule.random() < (input.rate ?? 0) : true;
			if (!fires) continue;
			rule.fired++;
			if (input.count !== undefined && rule.fired >= input.count) this.remove(rule.id);
			return {
				ruleId: rule.id,
				action: rule.action,
				status: input.status,
				retryAfterSeconds: this.retryAfter(input, defaultRetryAfterSeconds),
				delayMs: input.delayMs ?? DEFAULT_SLOW_DELAY_MS,
				process: rule.process,
			};
		}
		return undefined;
	}

	/** Removes every rule and numbers new ones from 1 again. */
	reset(): void {
		this.rules = [];
		this.nextId = 1;
	}

	private retryAfter(input: FaultRuleInput, defaultSeconds: number): number | undefined {
		if (input.retryAfterSeconds === null) return undefined;
		if (input.retryAfterSeconds !== undefined) return input.retryAfterSeconds;
		return input.status === 429 ? defaultSeconds : undefined;
	}
}
