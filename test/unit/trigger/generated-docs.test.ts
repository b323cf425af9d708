import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

import {
	loadOutputSchema,
	resolveOutputSchemaPath,
} from 'n8n-core/dist/nodes-loader/output-schema-resolver';

import {
	selartiPayloadSchema,
	type SelartiPayloadFieldName,
} from '../../../nodes/SelartiTrigger/payload/schema';
import {
	describeType,
	outputSchemaPaths,
	fieldTableEndMarker,
	fieldTablePath,
	fieldTableStartMarker,
	renderFieldTable,
	renderOutputJsonSchema,
	withFieldTable,
} from '../../../scripts/generate-trigger-schema';
import { TRIGGER_VERSIONS } from '../../../nodes/SelartiTrigger/versions';
import { seedFieldNames } from '../../support/seedFields';

const regenerate = 'run `npm run docs` and commit the result';
const flagFields = ['close', 'get_contact', 'interest', 'is_bot', 'operator', 'success'];

function expectedTypeWords(field: string): string {
	if (flagFields.includes(field)) return 'true/false';
	return field === 'contacts' ? 'text, object or null' : 'text or null';
}

interface PropertySchema {
	type?: string | string[];
	anyOf?: PropertySchema[];
	description?: string;
}

describe('the editor output schema (__schema__) is generated from the zod schema', () => {
	const [outputSchemaPath] = outputSchemaPaths;
	const committed = readFileSync(outputSchemaPath, 'utf8');
	const schema = JSON.parse(committed) as {
		type: string;
		properties: Record<string, PropertySchema>;
		required: string[];
	};

	it(`matches what zod generates now, for every version of the trigger (if not: ${regenerate})`, () => {
		expect(TRIGGER_VERSIONS).toEqual([1, 2]);
		for (const path of outputSchemaPaths)
			expect(readFileSync(path, 'utf8')).toBe(renderOutputJsonSchema());
	});

	it('describes the 20 seed fields, all required, then the two a dialog event adds, and allows fields Selarti adds later', () => {
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties)).toEqual([
			...seedFieldNames,
			'dialog_event',
			'dialog_key',
		]);
		expect(schema.required).toEqual(seedFieldNames);
		expect(schema.properties.dialog_event).toMatchObject({
			type: 'string',
			enum: expect.arrayContaining(['contact_received', 'interest_shown']),
		});
		expect(schema).toMatchObject({ additionalProperties: true });
	});

	it('types the fields as the trigger outputs them', () => {
		for (const field of seedFieldNames) {
			const expected = flagFields.includes(field)
				? 'boolean'
				: field === 'contacts'
					? undefined
					: ['string', 'null'];
			if (expected) expect([field, schema.properties[field].type]).toEqual([field, expected]);
			expect(schema.properties[field].description).toEqual(
				selartiPayloadSchema.shape[field as SelartiPayloadFieldName].description,
			);
		}
		expect(schema.properties.contacts.anyOf?.map((option) => option.type)).toEqual([
			'string',
			'object',
			'null',
		]);
	});

	// n8n's own resolver (docs/design/2026-12-n8n-behaviour.md, "Output schemas"), given the folder of the node as the
	// loader sees it: the editor asks for /schemas/<type>/1.0.0.json (version padded, no fallback); the AI builder's
	// lookup passes the numeric typeVersion with version fallback.
	it.each(TRIGGER_VERSIONS.map((version, index) => [version, outputSchemaPaths[index]]))(
		'is where n8n looks for a version %s node without resource and operation',
		(version, path) => {
			const nodeDir = dirname(dirname(path));
			expect(resolveOutputSchemaPath({ nodeDir, version: `${version}.0.0` })).toBe(path);
			expect(loadOutputSchema({ nodeDir, version, versionFallback: true })).toEqual(schema);
		},
	);
});

describe("docs/reference.md's field table is generated from the zod schema", () => {
	const readme = readFileSync(fieldTablePath, 'utf8');
	const block = readme.slice(
		readme.indexOf(fieldTableStartMarker) + fieldTableStartMarker.length,
		readme.indexOf(fieldTableEndMarker),
	);
	const rows = block
		.trim()
		.split('\n')
		.slice(2)
		.map((line) =>
			line
				.split(/(?<!\\)\|/)
				.slice(1, -1)
				.map((cell) => cell.trim().replace(/\\\|/g, '|')),
		);

	it('has the markers', () => {
		expect(readme).toContain(fieldTableStartMarker);
		expect(readme.indexOf(fieldTableEndMarker)).toBeGreaterThan(
			readme.indexOf(fieldTableStartMarker),
		);
	});

	it(`matches what zod generates now (if not: ${regenerate})`, () => {
		expect(block.trim()).toBe(renderFieldTable());
		expect(withFieldTable(readme)).toBe(readme);
	});

	it('lists the 20 seed fields with their types and descriptions, then the keys the trigger adds', () => {
		expect(rows.map(([field]) => field)).toEqual(
			[...seedFieldNames, 'dialog_event', 'dialog_key', '_rawBody', '_validation'].map(
				(name) => `\`${name}\``,
			),
		);
		for (const [field, type, description] of rows.slice(0, 20)) {
			const name = field.replace(/`/g, '') as SelartiPayloadFieldName;
			expect([name, description]).toEqual([name, selartiPayloadSchema.shape[name].description]);
			expect([name, type]).toEqual([name, expectedTypeWords(name)]);
		}
	});

	it('describes types in words', () => {
		expect(describeType({ type: ['string', 'null'] })).toBe('text or null');
		expect(
			describeType({ anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'null' }] }),
		).toBe('text, object or null');
		expect(describeType({ type: 'boolean' })).toBe('true/false');
	});
});
