import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	NodeOperationError,
} from 'n8n-workflow';

import type { SelartiCall, SelartiEndpoint } from '../transport';

/** One input item, read and validated, ready to be sent. */
export interface ValidItem {
	valid: true;
	endpoint: SelartiEndpoint;
	/** Exactly the JSON body Selarti receives; also what the output item shows as sent. */
	body: IDataObject;
	/** Items with the same lane (one chat) are sent one after another, in input order. */
	lane: string;
}

/** An item that failed validation: nothing is sent for it. */
export interface InvalidItem {
	valid: false;
	/** The values as mapped, under Selarti's field names, for the error item. */
	fields: IDataObject;
	error: NodeOperationError;
}

export type PreparedItem = ValidItem | InvalidItem;

/** Per-run settings every call of the run shares. */
export type CallSettings = Pick<SelartiCall, 'baseUrl' | 'timeoutMs' | 'secrets'> & { credentials: ICredentialsDecrypted };

export interface SelartiOperation {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem;
	execute(this: IExecuteFunctions, item: ValidItem, itemIndex: number, settings: CallSettings): Promise<IDataObject>;
}
