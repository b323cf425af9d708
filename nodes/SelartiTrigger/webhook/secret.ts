import { createHash, timingSafeEqual } from 'node:crypto';

/*
 * Selarti's integration form only takes a URL, so the shared secret travels as the query parameter "secret".
 * Both sides are hashed first: the digests always have the same length, so timingSafeEqual's running time says
 * nothing about the secret's length or content. (node:crypto is on the community lint's list of allowed imports.)
 */

export type SecretCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

export function checkSecret(expectedSecret: string, query: unknown): SecretCheck {
	if (expectedSecret === '') return { ok: true };
	const given =
		typeof query === 'object' && query !== null
			? (query as Record<string, unknown>).secret
			: undefined;
	if (given === undefined || given === '') {
		return {
			ok: false,
			status: 401,
			message: 'Missing secret: add ?secret=… to the webhook URL in Selarti',
		};
	}
	// A repeated parameter arrives as a list: never a match.
	const candidate = typeof given === 'string' ? given : '';
	const matches = timingSafeEqual(digest(candidate), digest(expectedSecret));
	return matches
		? { ok: true }
		: { ok: false, status: 403, message: 'Wrong secret in the webhook URL' };
}
