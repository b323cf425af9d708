import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

/**
 * The output item of a failed item under Settings → On Error. On the regular output: the item's fields with the
 * error's message. Under "Continue (using error output)" the item carries the error itself, which is how n8n tells an
 * error item from a success; n8n then outputs it as its own nodes' error items are, the input item with the error.
 */
export function errorItem(
	context: IExecuteFunctions,
	error: Error,
	fields: IDataObject,
	itemIndex: number,
): INodeExecutionData {
	const item: INodeExecutionData = {
		json: { error: error.message, ...fields },
		pairedItem: { item: itemIndex },
	};
	if (context.getNode().onError === 'continueErrorOutput') {
		item.error = error as NodeApiError | NodeOperationError;
	}
	return item;
}
