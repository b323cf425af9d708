import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { SelartiApi } from '../../credentials/SelartiApi.credentials';
import { Selarti } from '../../nodes/Selarti/Selarti.node';
import { SelartiTrigger } from '../../nodes/SelartiTrigger/SelartiTrigger.node';

/**
 * n8n's UX guidelines that its published lint does not check yet (or checks only for literal lists of five or more),
 * as n8n's review applies them: lists in alphabetical order, optional fields in the Options collection, booleans
 * described with "Whether", placeholders that start with "e.g.".
 */

const described = {
	Selarti: new Selarti().description.properties,
	'Selarti Trigger': new SelartiTrigger().description.properties,
	'Selarti API credential': new SelartiApi().properties,
};

/** Every parameter, with the collection options inside it, and where it is. */
function everyParameter(
	properties: INodeProperties[],
	path = '',
): Array<{ at: string; parameter: INodeProperties }> {
	return properties.flatMap((parameter) => {
		const at = `${path}${parameter.displayName}`;
		const inside =
			parameter.type === 'collection'
				? everyParameter((parameter.options ?? []) as INodeProperties[], `${at} → `)
				: [];
		return [{ at, parameter }, ...inside];
	});
}

const sorted = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));

describe.each(Object.entries(described))('%s', (_node, properties) => {
	const parameters = everyParameter(properties);

	it('lists its choices, and the fields of its collections, in alphabetical order', () => {
		const unsorted = parameters.flatMap(({ at, parameter }) => {
			if (parameter.type === 'collection') {
				const names = ((parameter.options ?? []) as INodeProperties[]).map(
					(option) => option.displayName,
				);
				return names.join() === sorted(names).join() ? [] : [`${at}: ${names.join(', ')}`];
			}
			if (parameter.type !== 'options' && parameter.type !== 'multiOptions') return [];
			const names = ((parameter.options ?? []) as INodePropertyOptions[]).map(
				(option) => option.name,
			);
			// An operation list is ordered as n8n orders its own (alphabetically too).
			return names.join() === sorted(names).join() ? [] : [`${at}: ${names.join(', ')}`];
		});
		expect(unsorted).toEqual([]);
	});

	it('describes each yes/no field with "Whether"', () => {
		const booleans = parameters.filter(({ parameter }) => parameter.type === 'boolean');
		expect(
			booleans
				.filter(({ parameter }) => !parameter.description?.startsWith('Whether'))
				.map(({ at }) => at),
		).toEqual([]);
	});

	it('starts every placeholder with "e.g."', () => {
		expect(
			parameters
				.filter(
					({ parameter }) => parameter.type !== 'collection' && parameter.placeholder !== undefined,
				)
				.filter(({ parameter }) => !String(parameter.placeholder).startsWith('e.g. '))
				.map(({ at, parameter }) => `${at}: ${parameter.placeholder}`),
		).toEqual([]);
	});

	it('writes "ID", never "Id" or a lower-case "id", in what users read', () => {
		const texts = parameters.flatMap(({ at, parameter }) =>
			[parameter.displayName, parameter.description ?? '', parameter.hint ?? ''].map((text) => ({
				at,
				text,
			})),
		);
		/** An expression such as {{ $json.message.chat.id }} is what users type, spelled as the data spells it. */
		const prose = (text: string) => text.replace(/\{\{.*?\}\}/g, '');
		expect(
			texts
				.filter(({ text }) => /\bId\b|\bids?\b/.test(prose(text)))
				.map(({ at, text }) => `${at}: ${text}`),
		).toEqual([]);
	});
});

describe('Selarti', () => {
	it('keeps optional fields in the Options collection: top-level fields are required, or choose what the node does', () => {
		const choosing = new Set(['resource', 'operation', 'options']);
		const optionalTopLevel = described.Selarti.filter(
			(parameter) =>
				parameter.type !== 'notice' && !choosing.has(parameter.name) && parameter.required !== true,
		);
		expect(optionalTopLevel.map((parameter) => parameter.displayName)).toEqual([]);
	});

	it("shows Send and Wait for Reply's optional fields in Options for that operation only", () => {
		const options = (
			described.Selarti.find((parameter) => parameter.name === 'options') as INodeProperties
		).options as INodePropertyCollection[] as unknown as INodeProperties[];
		for (const name of ['waitLimit', 'onNoReply', 'combineRepliesWithin'])
			expect(options.find((option) => option.name === name)?.displayOptions).toEqual({
				show: { '/operation': ['sendAndWait'] },
			});
	});
});
