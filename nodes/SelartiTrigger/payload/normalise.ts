import type { IDataObject } from 'n8n-workflow';
import type { ZodIssue } from 'zod/v3';

import type { DialogEvent } from './dialogEvents';
import type { BodyReadResult } from './body';
import { safeCopyRecord, type CopyIssue } from './safeCopy';
import {
	selartiPayloadFieldNames,
	selartiPayloadSchema,
	selartiTriggerExtraFields,
	type SelartiMessage,
	type SelartiPayloadFieldName,
	type SelartiTriggerOutput,
} from './schema';

export type ValidationIssue = CopyIssue;

export interface NormalisedPayload {
	/** All 20 fields (best effort when invalid: a field that failed is null, or false for yes/no fields) plus extras. */
	message: SelartiMessage;
	/** Empty when the payload is valid. */
	errors: ValidationIssue[];
	/** The body could not be read as an object of fields at all (so no field can be trusted). */
	bodyUnreadable: boolean;
	/** Seed fields whose value was of an impossible type. */
	invalidFields: ReadonlySet<SelartiPayloadFieldName>;
	rawText: string | undefined;
}

const RESERVED_KEYS = new Set(Object.keys(selartiTriggerExtraFields));

function isPayloadField(key: string): key is SelartiPayloadFieldName {
	return (selartiPayloadFieldNames as string[]).includes(key);
}

function fallbackFor(field: SelartiPayloadFieldName): null | false {
	return selartiPayloadSchema.shape[field].safeParse(undefined).data === false ? false : null;
}

function toIssue(field: string, issue: ZodIssue): ValidationIssue {
	const path = issue.path
		.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
		.join('');
	return { field: `${field}${path}`, message: issue.message };
}

export function normalisePayload(received: BodyReadResult): NormalisedPayload {
	const errors: ValidationIssue[] = [];
	const record = received.ok ? safeCopyRecord(received.record, errors) : {};
	if (!received.ok) errors.push({ field: 'body', message: received.problem });

	const invalidFields = new Set<SelartiPayloadFieldName>();
	const message: Record<string, unknown> = {};
	for (const field of selartiPayloadFieldNames) {
		const result = selartiPayloadSchema.shape[field].safeParse(record[field]);
		if (result.success) {
			message[field] = result.data;
		} else {
			invalidFields.add(field);
			message[field] = fallbackFor(field);
			errors.push(...result.error.issues.map((issue) => toIssue(field, issue)));
		}
	}
	for (const key of Object.keys(record)) {
		if (isPayloadField(key)) continue;
		if (RESERVED_KEYS.has(key)) {
			errors.push({
				field: key,
				message: `The key "${key}" is reserved for the trigger's own output`,
			});
			continue;
		}
		message[key] = record[key];
	}

	return {
		message: message as SelartiMessage,
		errors,
		bodyUnreadable: !received.ok,
		invalidFields,
		rawText: received.rawText,
	};
}

/** The item json: the fields, then the raw body when asked for (or when invalid), then the validation report. */
export function toOutputJson(payload: NormalisedPayload, includeRawBody: boolean): IDataObject {
	const output: SelartiTriggerOutput = { ...payload.message };
	const invalid = payload.errors.length > 0;
	if ((includeRawBody || invalid) && payload.rawText !== undefined)
		output._rawBody = payload.rawText;
	if (invalid) output._validation = { valid: false, errors: payload.errors };
	// Every value is parsed JSON or form data (safeCopy.ts), which is what IDataObject describes.
	return output as IDataObject;
}

/** The item json of a dialog event: the event and its dialog, then the message that carried it. */
export function toEventJson(
	payload: NormalisedPayload,
	event: DialogEvent,
	dialogKey: string,
	includeRawBody: boolean,
): IDataObject {
	return { dialog_event: event, dialog_key: dialogKey, ...toOutputJson(payload, includeRawBody) };
}
