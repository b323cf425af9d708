/*
 * Generates, from the trigger's zod schema (nodes/SelartiTrigger/payload/schema.ts), the two documents that must
 * never be written by hand:
 * - the editor's output schema, nodes/SelartiTrigger/__schema__/v<version>.0.0.json for each of the trigger's versions
 *   (gulp copies them into dist/);
 * - the field table in docs/reference.md between <!-- trigger-fields:start --> and <!-- trigger-fields:end -->.
 * `npm run docs` runs it and the result is committed; a build only copies the schema files, so it changes no tracked
 * file. test/unit/trigger/generated-docs.test.ts fails when either is stale.
 *
 * n8n serves a node without resource and operation, like this trigger, the file __schema__/v<version>.0.0.json beside
 * the compiled node (docs/design/2026-12-n8n-behaviour.md, "Output schemas for the editor").
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zodToJsonSchema } from 'zod-to-json-schema';

import type { z } from 'zod/v3';

import {
	dialogEventFields,
	selartiPayloadFieldNames,
	selartiPayloadSchema,
	selartiTriggerOutputSchema,
	selartiTriggerExtraFields,
} from '../nodes/SelartiTrigger/payload/schema';
import { TRIGGER_VERSIONS } from '../nodes/SelartiTrigger/versions';

export const repositoryRoot = join(__dirname, '..');
/** The trigger's versions: n8n looks for a schema file per version, and every version outputs the same fields. */
export const outputSchemaPaths = TRIGGER_VERSIONS.map((version) =>
	join(repositoryRoot, 'nodes', 'SelartiTrigger', '__schema__', `v${version}.0.0.json`),
);
export const fieldTablePath = join(repositoryRoot, 'docs', 'reference.md');
export const fieldTableStartMarker = '<!-- trigger-fields:start -->';
export const fieldTableEndMarker = '<!-- trigger-fields:end -->';

type JsonSchema = {
	type?: string | string[];
	anyOf?: JsonSchema[];
	description?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	[key: string]: unknown;
};

function toJsonSchema(schema: z.ZodTypeAny): JsonSchema {
	// Preprocessed fields are described by their output type, which is what the trigger emits.
	// zod-to-json-schema is typed against zod's root export; the nodes import the same classes from zod/v3.
	const convert = zodToJsonSchema as (schema: unknown, options: object) => unknown;
	return convert(schema, { $refStrategy: 'none', effectStrategy: 'input' }) as JsonSchema;
}

/**
 * The 20 payload fields, all present in every item (a missing value is null or false), then a dialog event's two
 * fields (present on event items only), plus any extra field.
 */
export function buildOutputJsonSchema(): JsonSchema {
	const schema = toJsonSchema(selartiPayloadSchema.extend(dialogEventFields));
	return { ...schema, required: [...selartiPayloadFieldNames] };
}

export function renderOutputJsonSchema(): string {
	return `${JSON.stringify(buildOutputJsonSchema(), null, '\t')}\n`;
}

const typeWords: Record<string, string> = {
	string: 'text',
	boolean: 'true/false',
	number: 'number',
	object: 'object',
	array: 'list',
	null: 'null',
};

function typeNames(schema: JsonSchema): string[] {
	if (schema.anyOf) return schema.anyOf.flatMap(typeNames);
	const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
	return types.map((type) => typeWords[type] ?? type);
}

/** "text or null", "text, object or null", "true/false". */
export function describeType(schema: JsonSchema): string {
	const names = [...new Set(typeNames(schema))];
	if (names.length <= 1) return names[0] ?? 'any';
	return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderFieldTable(): string {
	const properties = toJsonSchema(selartiTriggerOutputSchema).properties ?? {};
	const names = [
		...selartiPayloadFieldNames,
		...Object.keys(dialogEventFields),
		...Object.keys(selartiTriggerExtraFields),
	];
	const rows = names.map((name) => {
		const property = properties[name] ?? {};
		return `| \`${name}\` | ${cell(describeType(property))} | ${cell(property.description ?? '')} |`;
	});
	return ['| Field | Type | Description |', '|---|---|---|', ...rows].join('\n');
}

/** The document with the generated table between the markers; throws when the markers are missing. */
export function withFieldTable(document: string): string {
	const start = document.indexOf(fieldTableStartMarker);
	const end = document.indexOf(fieldTableEndMarker);
	if (start === -1 || end < start) {
		throw new Error(
			`docs/reference.md must contain ${fieldTableStartMarker} followed by ${fieldTableEndMarker}`,
		);
	}
	return `${document.slice(0, start + fieldTableStartMarker.length)}\n${renderFieldTable()}\n${document.slice(end)}`;
}

function main(): void {
	for (const path of outputSchemaPaths) {
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, renderOutputJsonSchema());
	}
	const document = readFileSync(fieldTablePath, 'utf8');
	const updated = withFieldTable(document);
	// The document belongs to everyone: only the table between the markers changes, and only when it is stale.
	if (updated !== document) writeFileSync(fieldTablePath, updated);
}

if (require.main === module) main();
