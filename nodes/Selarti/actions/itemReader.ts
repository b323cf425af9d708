import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod/v3';

import { directRead, type DirectRead } from '../helpers/directValues';
import { describeIssues, textField } from '../helpers/validation';
import type { PreparedItem, SelartiOperation } from './types';

/**
 * Reads the fields of one item for an operation, validates them with one zod schema and returns either the request
 * body or an error naming the item and the fix. Runs before any request is sent. Fields that n8n would resolve to the
 * same value without its expression engine are read directly (helpers/directValues.ts).
 */
export function itemReader(operation: SelartiOperation, context: IExecuteFunctions) {
	const schema = z.object(
		Object.fromEntries(operation.fields.map((field) => [field.bodyKey, textField(field)])),
	);
	const parameters = context.getNode().parameters;
	const direct: Array<DirectRead | undefined> = operation.fields.map((field) =>
		directRead(parameters[field.parameter]),
	);
	const items = context.getInputData();

	return function prepare(itemIndex: number): PreparedItem {
		const json = items[itemIndex]?.json ?? {};
		const mapped: IDataObject = {};
		try {
			operation.fields.forEach((field, index) => {
				mapped[field.bodyKey] =
					direct[index]?.(json) ?? context.getNodeParameter(field.parameter, itemIndex, '');
			});
		} catch (error) {
			// An expression that cannot be resolved for this item: report it as this item's problem.
			const message = `Item ${itemIndex + 1}: ${(error as Error).message}`;
			return {
				valid: false,
				fields: mapped,
				error: new NodeOperationError(context.getNode(), message, { itemIndex }),
			};
		}
		const parsed = schema.safeParse(mapped);
		if (!parsed.success) {
			const error = new NodeOperationError(
				context.getNode(),
				describeIssues(itemIndex, parsed.error),
				{
					itemIndex,
					description: 'Nothing was sent to Selarti for this item.',
				},
			);
			return { valid: false, fields: mapped, error };
		}
		const body = parsed.data as IDataObject;
		return { valid: true, body, orderKey: operation.orderKey(body) };
	};
}
