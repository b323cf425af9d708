import { randomInt } from 'node:crypto';

/**
 * Bubble unique ids: 13-digit millisecond timestamp, "x", 18 digits. The last 9 digits are a process-wide
 * counter so two ids made in the same millisecond never collide.
 */
let counter = 0;

export function bubbleId(now = Date.now()): string {
	counter = (counter + 1) % 1_000_000_000;
	const randomPart = randomInt(100_000_000, 1_000_000_000);
	return `${now}x${randomPart}${String(counter).padStart(9, '0')}`;
}

export const BUBBLE_ID_PATTERN = /^\d{13}x\d{15,18}$/;

/** Tokens look like Bubble user session tokens ("bus|<user id>|<session id>"). */
export function bubbleToken(): string {
	return `bus|${bubbleId()}|${bubbleId()}`;
}
