import type { IDataObject, INodeProperties, NodeOperationError } from 'n8n-workflow';

import type { BodyField, SelartiEndpoint } from '../transport';

/** A node parameter that becomes one field of Selarti's request body. */
export interface ItemField extends BodyField {
	/** The node parameter, e.g. chatId. */
	parameter: string;
}

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
	/** Set when the operation waits for Selarti's reply after sending (Send and Wait for Reply). */
	waitsForReply?: WaitSettings;
}

/** Where a waiting operation reads its wait limit and quiet window (both in seconds), and what to do without a reply. */
export interface WaitSettings {
	waitLimitParameter: string;
	combineWithinParameter: string;
	/** 'output' (the item with replied: false) or 'error'. */
	onNoReplyParameter: string;
	defaultWaitLimitSeconds: number;
	defaultCombineWithinSeconds: number;
}

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
