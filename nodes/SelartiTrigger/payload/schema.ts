import { z } from 'zod/v3';

import { DIALOG_EVENT_VALUES, DIALOG_EVENTS, type DialogEvent } from './dialogEvents';

/*
 * The one description of Selarti's "All messages" webhook payload. Everything else derives from it:
 * - the TypeScript type of the trigger's output (SelartiMessage, via z.infer),
 * - the runtime normaliser (normalise.ts parses each field with the schemas below),
 * - the editor's output schema (scripts/generate-trigger-schema.ts → __schema__/v1.0.0.json, at build time),
 * - the field table in docs/reference.md (same script, npm run docs; a unit test fails when either is stale).
 *
 * Only the classic zod 3 API is used: n8n 1.x and 2.x both ship zod 3.25.x, and node code gets zod from the host.
 */

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0', '']);

/** Missing, null and blank become null; numbers become their decimal text. Anything else is left for zod to reject. */
function toText(value: unknown, trim: boolean): unknown {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return null;
	return trim ? value.trim() : value;
}

/** true/"true"/"yes"/"1"/1 → true; false/"false"/"no"/"0"/0/""/null/missing → false (trimmed, any case). */
function toFlag(value: unknown): unknown {
	if (value === undefined || value === null) return false;
	if (typeof value === 'boolean') return value;
	if (value === 1) return true;
	if (value === 0) return false;
	if (typeof value !== 'string') return value;
	const word = value.trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return value;
}

function toMessageType(value: unknown): unknown {
	const text = toText(value, true);
	return typeof text === 'string' ? text.toLowerCase() : text;
}

/** Contacts arrive as text (a phone, a username) or as an object of contact details: both are kept as they are. */
function toContacts(value: unknown): unknown {
	if (
		typeof value === 'string' ||
		typeof value === 'number' ||
		value === undefined ||
		value === null
	) {
		return toText(value, true);
	}
	return value;
}

const textMessage = 'Expected text or a number';
const flagMessage = 'Expected a yes/no value: true/false, "yes"/"no", "true"/"false", 1/0 or empty';

/** A text field: kept as sent, or trimmed where spaces around it mean nothing (ids, types). */
const textField = (trim: boolean) => (description: string) =>
	z
		.preprocess(
			(value) => toText(value, trim),
			z.string({ invalid_type_error: textMessage }).nullable(),
		)
		.describe(description);

const text = textField(false);
const trimmedText = textField(true);
const id = trimmedText;

const flag = (description: string) =>
	z.preprocess(toFlag, z.boolean({ invalid_type_error: flagMessage })).describe(description);

/** The 20 fields of the seed, in the seed's order, under the seed's names. */
export const selartiPayloadFields = {
	channel_id: id('ID of the Selarti channel the dialog runs through (for routing).'),
	close: flag('Whether the dialog is closed (the conversation or task is finished).'),
	company_id: id('ID of the Selarti company (organisation) the message belongs to.'),
	contacts: z
		.preprocess(
			toContacts,
			z.union([z.string(), z.record(z.string(), z.unknown()), z.null()], {
				errorMap: () => ({ message: 'Expected text or an object of contact details' }),
			}),
		)
		.describe(
			'Contact details the customer gave (phone, username…): text, or an object when Selarti sends several details. Numbers become text.',
		),
	external_chat_id: id(
		'The Chat ID you passed to the Selarti node (send_message_external): use it to send the reply to the right chat.',
	),
	get_contact: flag('Whether the customer has given a contact (phone, e-mail…) in this dialog.'),
	interest: flag('Whether the customer has shown interest in a product or service.'),
	is_bot: flag('Whether Selarti decided that the other side of this dialog is a bot.'),
	manager_id: id('ID of the manager assigned to the task or dialog.'),
	message_id: id('ID of this message (used to ignore repeated deliveries).'),
	message_text: text('The text of the message, exactly as sent.'),
	message_type: z
		.preprocess(toMessageType, z.string({ invalid_type_error: textMessage }).nullable())
		.describe(
			'Who wrote the message: bot (the AI), operator or user (your customer). Trimmed and lower-cased; other values are kept.',
		),
	operator: flag('Whether the dialog has been handed over to a human operator.'),
	panel_url: trimmedText(
		'Link to the dialog in the Selarti panel, where you can reply (needs a Selarti login).',
	),
	share_url: trimmedText('Read-only link to the dialog.'),
	success: flag('Whether the dialog is marked successful.'),
	task_id: id('ID of the Selarti task.'),
	thread_id: id('ID of the dialog (thread) with the customer.'),
	title: text("The customer's full name."),
	wh_type: trimmedText(
		'Webhook type: which kind of event Selarti reports (for the "All messages" integration, a new message).',
	),
};

export type SelartiPayloadFieldName = keyof typeof selartiPayloadFields;

export const selartiPayloadFieldNames = Object.keys(
	selartiPayloadFields,
) as SelartiPayloadFieldName[];

/** The normalised payload: the 20 fields plus any field Selarti adds later (kept as received). */
export const selartiPayloadSchema = z.object(selartiPayloadFields).passthrough();

export type SelartiMessage = z.infer<typeof selartiPayloadSchema>;

/** Keys the trigger adds next to the payload fields. The leading underscore keeps them apart from Selarti's names. */
export const selartiTriggerExtraFields = {
	_rawBody: z
		.string()
		.optional()
		.describe(
			'The request body exactly as received. Present when Include Raw Body is on, and always on an invalid payload.',
		),
	_validation: z
		.object({
			valid: z.literal(false),
			errors: z.array(z.object({ field: z.string(), message: z.string() })),
		})
		.optional()
		.describe(
			'Only on an invalid payload (On Invalid Payload: Output It): valid is false and errors lists each field (or "body") and what is wrong. Invalid fields are null (false for yes/no fields).',
		),
};

/**
 * What an item of Start On: Dialog Events adds in front of the message's fields. Not reserved like the extras above:
 * should Selarti ever send fields of these names, an event item shows the trigger's.
 */
export const dialogEventFields = {
	dialog_event: z
		.enum(DIALOG_EVENT_VALUES as [DialogEvent, ...DialogEvent[]])
		.optional()
		.describe(
			`Only with Start On: Dialog Events. The event, fired once per dialog: ${DIALOG_EVENTS.map((event) => `${event.value} (${event.flag})`).join(', ')}.`,
		),
	dialog_key: z
		.string()
		.optional()
		.describe(
			'Only with Start On: Dialog Events. The dialog the event belongs to: its thread_id, or task_id/external_chat_id when Selarti sent no thread_id.',
		),
};

export const selartiTriggerOutputSchema = selartiPayloadSchema
	.extend(dialogEventFields)
	.extend(selartiTriggerExtraFields);

export type SelartiTriggerOutput = z.infer<typeof selartiTriggerOutputSchema>;
