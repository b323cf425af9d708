import { FLAG_FIELDS, FORBIDDEN_KEYS } from './arbitraries';
import { seedFieldNames } from '../../support/seedFields';

/*
 * Checks that hold for every item the trigger outputs and for the process around it, whatever the input was.
 * They throw with a description, so fast-check can shrink the input that broke them.
 */

const TRIMMED_TEXT_FIELDS = seedFieldNames.filter(
	(field) => !FLAG_FIELDS.includes(field) && !['message_text', 'title', 'contacts'].includes(field),
);

export function fail(message: string): never {
	throw new Error(message);
}

/**
 * Deep equality of JSON-like values, ignoring key order and prototypes (see hasOrdinaryPrototype). Used instead of
 * jest's expect in the hot loop: each expect() call builds an error with a stack trace, which made the fuzzing slow.
 */
export function sameJson(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	return keysA.every(
		(key) =>
			Object.prototype.hasOwnProperty.call(b, key) &&
			sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
	);
}

export function check(condition: boolean, message: () => string): void {
	if (!condition) fail(message());
}

/** All 20 fields are own properties of the documented types. */
export function checkTypedFields(item: Record<string, unknown>): void {
	for (const field of seedFieldNames) {
		if (!Object.prototype.hasOwnProperty.call(item, field)) fail(`field ${field} is missing`);
		const value = item[field];
		if (FLAG_FIELDS.includes(field)) {
			if (typeof value !== 'boolean') fail(`${field} is ${typeof value}, not a boolean`);
			continue;
		}
		if (value === null) continue;
		if (field === 'contacts' && typeof value === 'object' && !Array.isArray(value)) continue;
		if (typeof value !== 'string')
			fail(`${field} is ${Array.isArray(value) ? 'a list' : typeof value}, not text or null`);
		if (value.trim() === '') fail(`${field} is blank text instead of null`);
		if (TRIMMED_TEXT_FIELDS.includes(field) && value !== value.trim())
			fail(`${field} is not trimmed`);
		if (field === 'message_type' && value !== value.toLowerCase())
			fail('message_type is not lower-cased');
	}
}

/** No key at any depth can alter a prototype when a later node copies or merges the item, and n8n can store it as JSON. */
export function checkSafeStructure(item: unknown): void {
	const stack: Array<{ value: unknown; path: string }> = [{ value: item, path: 'item' }];
	while (stack.length > 0) {
		const { value, path } = stack.pop()!;
		if (typeof value === 'number' && !Number.isFinite(value))
			fail(`${path} is ${value}, which JSON cannot hold`);
		if (typeof value !== 'object' || value === null) continue;
		if (!hasOrdinaryPrototype(value)) fail(`${path} has an unusual prototype`);
		for (const key of Object.keys(value)) {
			if (FORBIDDEN_KEYS.includes(key)) fail(`${path} has the key ${key}`);
			const descriptor = Object.getOwnPropertyDescriptor(value, key);
			if (descriptor?.get !== undefined || descriptor?.set !== undefined)
				fail(`${path}.${key} is an accessor`);
			stack.push({ value: (value as Record<string, unknown>)[key], path: `${path}.${key}` });
		}
	}
}

/**
 * An ordinary object or array. Compared by constructor name, not identity: under jest, Node's built-in modules
 * (querystring) create their arrays in another realm than the test's, which n8n in production never sees.
 */
function hasOrdinaryPrototype(value: object): boolean {
	const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
	if (prototype === null) return false;
	const chain = Array.isArray(value) ? Object.getPrototypeOf(prototype) : prototype;
	return (
		prototype.constructor?.name === (Array.isArray(value) ? 'Array' : 'Object') &&
		Object.getPrototypeOf(chain) === null
	);
}

/** Objects of the parsed request body: an output that shares one with the input could be changed through it. */
export function objectsOf(value: unknown, limit = 100_000): Set<object> {
	const found = new Set<object>();
	const stack: unknown[] = [value];
	while (stack.length > 0 && found.size < limit) {
		const current = stack.pop();
		if (typeof current !== 'object' || current === null || found.has(current)) continue;
		found.add(current);
		for (const key of Object.keys(current)) stack.push((current as Record<string, unknown>)[key]);
	}
	return found;
}

export function checkNoSharedObjects(output: unknown, input: Set<object>): void {
	for (const object of objectsOf(output))
		if (input.has(object)) fail('the output shares an object with the request body');
}

/** A fingerprint of the built-in prototypes; any change after a request is pollution. */
export function prototypeFingerprint(): string {
	const describe = (target: object) =>
		Object.getOwnPropertyNames(target)
			.map((name) => {
				const descriptor = Object.getOwnPropertyDescriptor(target, name);
				return `${name}:${typeof descriptor?.value}:${String(descriptor?.enumerable)}`;
			})
			.join(',');
	const inherited: string[] = [];
	const probe = {};
	for (const key in probe) inherited.push(key);
	return [
		describe(Object.prototype),
		describe(Array.prototype),
		describe(Function.prototype),
		describe(String.prototype),
		inherited.join(','),
		String(Object.getPrototypeOf(probe) === Object.prototype),
	].join('|');
}
