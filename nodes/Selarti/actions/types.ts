import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeOperationError,
} from 'n8n-workflow';

import type { BodyField, SelartiEndpoint } from '../../shared/transport';

/** A node parameter that becomes one field of Selarti's request body. */
export interface ItemField extends BodyField {
	/** The node parameter, e.g. chatId. */
	parameter: string;
}

/** One field of an operation, declared once: what the editor shows, and where it goes in Selarti's request body. */
export interface OperationField {
	property: INodeProperties;
	bodyKey: string;
	/** What to do when it is empty or wrong, e.g. "Map the messenger's chat or user ID, e.g. {{ $json.message.chat.id }}". */
	fix: string;
}

/** The fields as the item reader reads them: parameter, body key, and the label and fix its errors name. */
export const itemFields = (fields: readonly OperationField[]): ItemField[] =>
	fields.map(({ property, bodyKey, fix }) => ({
		parameter: property.name,
		label: property.displayName,
		bodyKey,
		hint: fix,
	}));

/** The resources and their operations, as the node's Resource and Operation parameters name them. */
export interface SelartiOperationNames {
	message: 'send' | 'sendAndWait';
	task: 'addTarget';
}
export type SelartiResource = keyof SelartiOperationNames;

/**
 * An operation is data: what the editor shows, the Selarti endpoint it calls, the fields that make the request
 * body, and the key that keeps related items in order. The router runs every operation the same way.
 */
export interface SelartiOperation {
	description: INodeProperties[];
	endpoint: SelartiEndpoint;
	fields: readonly ItemField[];
	/** Items with the same key (one chat, one contact) are sent one after another, in input order. */
	orderKey(body: IDataObject): string;
	/** Runs the sends its own way (Send and Wait for Reply waits around them); else the router outputs them. */
	run?: OperationRun;
}

/** What the router's sends made: one output item per input item, and the items whose message went out. */
export interface SentItems {
	output: INodeExecutionData[];
	sent: ReadonlySet<number>;
}

export type OperationRun = (
	context: IExecuteFunctions,
	prepared: PreparedItem[],
	send: () => Promise<SentItems>,
) => Promise<INodeExecutionData[]>;

/** One input item, read and validated, ready to be sent. */
export interface ValidItem {
	valid: true;
	/** Exactly the JSON body Selarti receives; also what the output item shows as sent. */
	body: IDataObject;
	orderKey: string;
}

/** An item that failed validation: nothing is sent for it. */
export interface InvalidItem {
	valid: false;
	/** The values as mapped, under Selarti's field names, for the error item. */
	fields: IDataObject;
	error: NodeOperationError;
}

export type PreparedItem = ValidItem | InvalidItem;
