import type { ICredentialsDecrypted, IDataObject } from 'n8n-workflow';

export type SelartiEndpoint = 'auth' | 'send_message_external' | 'add_target';

/** A request field as the user knows it: its name in Selarti's request body, its label in the node, and what to map. */
export interface BodyField {
	/** Selarti's name for it in the request body, e.g. chat_id. */
	bodyKey: string;
	/** As the user sees it in the node, e.g. "Chat ID". */
	label: string;
	/** What to do about it, e.g. "Map the messenger's chat or user id, e.g. {{ $json.message.chat.id }}." */
	hint: string;
}

/** What every call of one run shares: where Selarti is, how long to wait, what never to show, and the credential. */
export interface SelartiConnection {
	baseUrl: string;
	timeoutMs: number;
	/** Values that must never appear in a message (API key, tokens). */
	secrets: readonly unknown[];
	/** The credential, read once per run (n8n then neither loads nor decrypts it per call). */
	credentials?: ICredentialsDecrypted;
}

/** One call: the connection, the endpoint and the body, and the fields it is made of (for messages about them). */
export interface SelartiCall extends SelartiConnection {
	endpoint: SelartiEndpoint;
	body: IDataObject;
	fields: readonly BodyField[];
}

/** How the scheduler treats a failed attempt (the caller decides it; the transport's SelartiFailure carries it). */
export interface FailureAdvice {
	/** Sending the same call again may succeed and cannot deliver the message twice. */
	retryable: boolean;
	/** Selarti said it is over capacity: send fewer calls at once. */
	overload: boolean;
	/** Every other job would fail the same way (wrong credential or server): start no more. */
	fatal: boolean;
	retryAfterMs?: number;
}
