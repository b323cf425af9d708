import { z } from 'zod/v3';

import type { BodyField } from '../../shared/transport/types';

/**
 * zod fields for the values a user maps from another node. Expressions hand over whatever the previous node
 * produced: numbers for chat ids, null for missing fields, objects by mistake. Each field turns what it can
 * into trimmed text and otherwise explains, in a full sentence, what to map instead.
 */

export function textField({ label, hint }: Pick<BodyField, 'label' | 'hint'>) {
	return z.unknown().transform((value, context): string => {
		const fail = (problem: string) => {
			context.addIssue({ code: z.ZodIssueCode.custom, message: `${label} ${problem}. ${hint}` });
			return z.NEVER;
		};
		if (value === undefined || value === null) return fail('is empty');
		if (typeof value === 'number') {
			if (!Number.isFinite(value)) return fail('is not a usable number');
			// Selarti ids are longer than a JavaScript number can hold exactly: such a number is already wrong.
			if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
				return fail('is a number too large to be exact; map it as text');
			}
			return String(value);
		}
		if (typeof value === 'bigint') return value.toString();
		if (typeof value !== 'string')
			return fail(`must be text or a number, but it is ${describeType(value)}`);
		const trimmed = value.trim();
		if (trimmed === '') return fail(value === '' ? 'is empty' : 'contains only spaces');
		return trimmed;
	});
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return `the value ${String(value)}`;
	if (typeof value === 'object') return 'an object';
	return `of type ${typeof value}`;
}

/** "Item 3: Chat ID is empty. …" — every problem of one item, item numbers counted from 1 as users do. */
export function describeIssues(itemIndex: number, error: z.ZodError): string {
	return `Item ${itemIndex + 1}: ${error.issues.map((issue) => issue.message).join(' ')}`;
}
