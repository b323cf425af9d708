import { isPlainObject } from './body';

/*
 * A deep copy of parsed JSON or form data that cannot pollute prototypes. JSON.parse and querystring.parse create keys
 * such as "__proto__" as own properties; copying them with ordinary assignment (here, in zod, or in a later node that
 * merges objects) would replace an object's prototype instead. Such keys are left out and reported, so the payload is
 * marked invalid and its raw body keeps them.
 */

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

export interface CopyIssue {
	field: string;
	message: string;
}

function joinPath(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	return path === '' ? key : `${path}.${key}`;
}

function copyValue(value: unknown, path: string, depth: number, issues: CopyIssue[]): unknown {
	if (Array.isArray(value)) {
		if (depth >= MAX_DEPTH) return tooDeep(path, issues);
		return value.map((element, index) =>
			copyValue(element, joinPath(path, index), depth + 1, issues),
		);
	}
	if (isPlainObject(value)) {
		if (depth >= MAX_DEPTH) return tooDeep(path, issues);
		return copyRecord(value, path, depth + 1, issues);
	}
	if (typeof value === 'object' && value !== null) {
		issues.push({
			field: path,
			message: 'Unsupported value: expected text, a number, yes/no, a list or an object',
		});
		return null;
	}
	return value;
}

function tooDeep(path: string, issues: CopyIssue[]): null {
	issues.push({ field: path, message: `Nested more than ${MAX_DEPTH} levels deep` });
	return null;
}

function copyRecord(
	record: Record<string, unknown>,
	path: string,
	depth: number,
	issues: CopyIssue[],
) {
	const copy: Record<string, unknown> = {};
	for (const key of Object.keys(record)) {
		const keyPath = joinPath(path, key);
		if (FORBIDDEN_KEYS.has(key)) {
			issues.push({
				field: keyPath,
				message: `The key "${key}" is not allowed (it could alter JavaScript objects)`,
			});
			continue;
		}
		copy[key] = copyValue(record[key], keyPath, depth, issues);
	}
	return copy;
}

/** Copies a record of fields; every key of the result is an ordinary own data property. */
export function safeCopyRecord(
	record: Record<string, unknown>,
	issues: CopyIssue[],
): Record<string, unknown> {
	return copyRecord(record, '', 0, issues);
}
