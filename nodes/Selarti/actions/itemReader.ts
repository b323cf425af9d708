import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { describeIssues, textField, type FieldText } from '../helpers/validation';
import type { SelartiEndpoint } from '../transport';
import type { PreparedItem } from './types';

export interface ItemField extends FieldText {
	/** The node parameter, e.g. chatId. */
	parameter: string;
	/** Selarti's name for it in the request body, e.g. chat_id. */
	bodyKey: string;
}

/**
 * Builds an operation's `prepare`: reads the fields of one item, validates them with one zod schema and
 * either returns the request body or an error naming the item and the fix. Runs before any request is sent.
 */
export function itemReader(endpoint: SelartiEndpoint, fields: readonly ItemField[], lane: (body: IDataObject) => string) {
	const schema = z.object(Object.fromEntries(fields.map((field) => [field.bodyKey, textField(field)])));

	return function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
		const mapped: IDataObject = {};
		try {
			for (const field of fields) mapped[field.bodyKey] = this.getNodeParameter(field.parameter, itemIndex, '');
		} catch (error) {
			// An expression that cannot be resolved for this item: report it as this item's problem.
			const message = `Item ${itemIndex + 1}: ${(error as Error).message}`;
			return { valid: false, fields: mapped, error: new NodeOperationError(this.getNode(), message, { itemIndex }) };
		}
		const parsed = schema.safeParse(mapped);
		if (!parsed.success) {
			const error = new NodeOperationError(this.getNode(), describeIssues(itemIndex, parsed.error), {
				itemIndex,
				description: 'Nothing was sent to Selarti for this item.',
			});
			return { valid: false, fields: mapped, error };
		}
		const body = parsed.data as IDataObject;
		return { valid: true, endpoint, body, lane: lane(body) };
	};
}
