import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether a given text equals the expected secret (a webhook secret, a signature). Both are hashed first: the digests
 * always have one length, so timingSafeEqual's running time says nothing about the secret's length or content. Anything
 * but a string (a query parameter given twice arrives as a list) never matches.
 */
export function sameSecretText(expected: string, given: unknown): boolean {
	return timingSafeEqual(digest(expected), digest(typeof given === 'string' ? given : ''));
}
