import { UserError } from 'n8n-workflow';

import type { FailureAdvice } from './types';
import type { FailureText } from './wording';

/**
 * Everything the node knows about a failed Selarti call: the words a user acts on, and how the scheduler treats it
 * (decided once, in classify.ts). The one value that travels from the transport to the scheduler and the output.
 */
export interface SelartiFailure extends FailureText, FailureAdvice {
	httpCode?: number;
}

/**
 * What callSelarti throws. A plain UserError carrying only safe text: n8n wraps errors thrown in preAuthentication
 * into NodeApiError and reads status-like fields from them, which would replace this message with a generic one,
 * and the raw HTTP error would carry the request headers (the token) along.
 */
export class SelartiCallError extends UserError {
	constructor(readonly selartiFailure: SelartiFailure) {
		super(selartiFailure.message, { description: selartiFailure.description });
	}
}

/** The failure behind each error the node reports (a NodeApiError n8n shows, or a SelartiCallError). */
const failures = new WeakMap<object, SelartiFailure>();

export function withFailure<E extends object>(error: E, failure: SelartiFailure): E {
	failures.set(error, failure);
	return error;
}

export function failureOf(error: unknown): SelartiFailure | undefined {
	if (error instanceof SelartiCallError) return error.selartiFailure;
	return typeof error === 'object' && error !== null ? failures.get(error) : undefined;
}

/** How the scheduler treats an error: as its failure says, or, for an error that is not a Selarti failure, not again. */
export function adviceFor(error: unknown): FailureAdvice {
	return failureOf(error) ?? { retryable: false, overload: false, fatal: false };
}
