import { createHash, timingSafeEqual } from 'node:crypto';

import { MIN_WEBHOOK_SECRET_CHARS, triggerWords } from './wording';

/*
 * Selarti's integration form only takes a URL, so the secret travels as the query parameter "secret".
 * Both sides are hashed first: the digests always have the same length, so timingSafeEqual's running time says
 * nothing about the secret's length or content. (node:crypto is on the community lint's list of allowed imports.)
 */

export type SecretCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The trigger's URL must carry the Webhook Secret of its credential (`?secret=…`). Without a credential or a secret
 * nothing is taken: the node's activation already said what to add.
 */
export function checkSecret(expectedSecret: string | undefined, query: unknown): SecretCheck {
	if (expectedSecret === undefined)
		return { ok: false, status: 401, message: triggerWords.noCredential };
	if (expectedSecret.length < MIN_WEBHOOK_SECRET_CHARS)
		return { ok: false, status: 401, message: triggerWords.noWebhookSecret };
	const given =
		typeof query === 'object' && query !== null
			? (query as Record<string, unknown>).secret
			: undefined;
	if (given === undefined || given === '') {
		return {
			ok: false,
			status: 401,
			message: triggerWords.missingSecret,
		};
	}
	// A repeated parameter arrives as a list: never a match.
	const candidate = typeof given === 'string' ? given : '';
	const matches = timingSafeEqual(digest(candidate), digest(expectedSecret));
	return matches
		? { ok: true }
		: {
				ok: false,
				status: 403,
				message: triggerWords.wrongSecret,
			};
}
