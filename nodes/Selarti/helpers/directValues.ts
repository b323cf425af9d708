import type { IDataObject, NodeParameterValueType } from 'n8n-workflow';

/**
 * Reads a field the way n8n would, without n8n's expression engine, where the result cannot differ: a fixed text, or
 * an expression that is nothing but a path into the item, such as `{{ $json.message.chat.id }}`, whose value is text
 * or a number. Everything else returns undefined and is left to n8n. Reading 2,000 items through the engine costs
 * seconds, and the node reads every item before it sends the first one.
 */
export type DirectRead = (json: IDataObject) => string | number | undefined;

/** One step into the item: `.name`, `["key"]` or `['key']`. */
const KEY = String.raw`\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]`;
const ITEM_PATH = new RegExp(String.raw`^\{\{\s*\$json((?:\s*(?:${KEY}))+)\s*\}\}$`);

/** How to read one parameter directly, or undefined when only n8n can resolve it. */
export function directRead(raw: NodeParameterValueType | undefined): DirectRead | undefined {
	if (typeof raw !== 'string') return undefined;
	if (!raw.startsWith('=')) return () => raw;
	const path = itemPath(raw.slice(1));
	if (path === undefined) return undefined;
	return (json) => {
		let value: unknown = json;
		for (const key of path) {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
			if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
			value = (value as IDataObject)[key];
		}
		if (typeof value === 'string') return value;
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		return undefined;
	};
}

/** The keys of `{{ $json.a.b }}` or `{{ $json["a"].b }}`; undefined for any other expression. */
function itemPath(expression: string): string[] | undefined {
	const match = ITEM_PATH.exec(expression);
	if (match === null) return undefined;
	return [...match[1].matchAll(new RegExp(KEY, 'g'))].map(
		(found) => found[1] ?? found[2] ?? found[3],
	);
}
