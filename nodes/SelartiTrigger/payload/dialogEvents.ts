/*
 * Dialog events: the moments Selarti's AI tags a dialog with (a contact left, interest shown, success, closed, handed to an
 * operator, identified as a bot). Every "All messages" webhook carries these flags; an event fires the first time its
 * flag is seen true in a dialog, whichever message carries it, and never again for that dialog. The vocabulary lives
 * with the payload, whose schema names its values; what fires when is in ../dialogEvents.
 */

export const DIALOG_EVENTS = [
	{
		value: 'contact_received',
		name: 'Contact Received',
		flag: 'get_contact',
		description: 'The customer left a phone number, e-mail or username (get_contact)',
	},
	{
		value: 'interest_shown',
		name: 'Interest Shown',
		flag: 'interest',
		description: 'The customer showed interest in a product or service (interest)',
	},
	{
		value: 'dialog_successful',
		name: 'Dialog Successful',
		flag: 'success',
		description: 'Selarti marked the dialog successful (success)',
	},
	{
		value: 'dialog_closed',
		name: 'Dialog Closed',
		flag: 'close',
		description: 'The dialog was closed (close)',
	},
	{
		value: 'handed_to_operator',
		name: 'Handed to an Operator',
		flag: 'operator',
		description: 'The dialog was handed over to a human operator (operator)',
	},
	{
		value: 'identified_as_bot',
		name: 'Identified as a Bot',
		flag: 'is_bot',
		description: 'Selarti decided the customer is a bot, not a person (is_bot)',
	},
] as const satisfies ReadonlyArray<{
	value: string;
	name: string;
	flag: string;
	description: string;
}>;

export type DialogEvent = (typeof DIALOG_EVENTS)[number]['value'];

export const DIALOG_EVENT_VALUES: DialogEvent[] = DIALOG_EVENTS.map((event) => event.value);

/** The fields that name a message's dialog. */
interface DialogIdentity {
	thread_id: string | null;
	task_id: string | null;
	external_chat_id: string | null;
}

/** Which dialog a message belongs to: its thread, or, when Selarti sent none, its task and chat. */
export function dialogKeyOf(message: DialogIdentity): string | undefined {
	if (message.thread_id !== null) return message.thread_id;
	if (message.task_id !== null && message.external_chat_id !== null)
		return `${message.task_id}/${message.external_chat_id}`;
	return undefined;
}

/** What the repeated-delivery checks remember for an event of a dialog: it fires once. */
export const eventKey = (event: string, dialogKey: string): string =>
	`event ${event} of dialog ${dialogKey}`;
