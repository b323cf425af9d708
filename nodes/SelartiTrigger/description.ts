import type { INodeProperties } from 'n8n-workflow';

import { DIALOG_EVENTS } from './payload/dialogEvents';

// Selarti has no API to register webhooks: the user pastes the URL into the panel, so the node says which URL and where.
// The steps are a bulleted list in their order: n8n 2.x notices keep only <a>, <ul> and <li> (no <ol>; bold, line
// breaks and code become plain text), so names are quoted, as n8n's guidelines ask.
const setupNotice =
	"Select the 'Selarti API' credential your Selarti nodes use, and give it a 'Webhook Secret'. Paste this node's Production URL (under 'Webhook URLs' above) into Selarti with ?secret= and that secret at its end: calls without it start nothing. It receives events once the workflow is active (published); the Test URL only while the editor listens for a test event. In the Selarti panel:" +
	'<ul>' +
	"<li>Channels → Add channel, type 'Page messenger'.</li>" +
	'<li>AI → Create AI.</li>' +
	"<li>Integrations → Create integration, type 'Another', webhook type 'All messages', paste the URL with ?secret=….</li>" +
	"<li>Tasks → Create task, type 'Web', using that channel, AI and integration.</li>" +
	'</ul>';

export const selartiTriggerProperties: INodeProperties[] = [
	{
		displayName: setupNotice,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Start On',
		name: 'startOn',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Dialog Events',
				value: 'dialogEvents',
				description:
					'Once per dialog, when Selarti tags it: a contact left, interest shown, success, closed, handed to an operator',
			},
			{
				name: 'New Messages',
				value: 'messages',
				description:
					"Every new message of the chosen types: by default your Selarti AI's and operators' replies",
			},
		],
		default: 'messages',
	},
	{
		// Not "Events": n8n's node panel turns a trigger parameter of that name into one entry per option.
		displayName: 'Dialog Events',
		name: 'dialogEvents',
		type: 'multiOptions',
		options: [...DIALOG_EVENTS]
			.sort((a, b) => a.name.localeCompare(b.name))
			.map(({ name, value, description }) => ({ name, value, description })),
		default: ['contact_received'],
		description:
			"Which events start the workflow. Each fires once per dialog, the first time Selarti sets its flag, whichever message carries it (the customer's, the AI's or an operator's). A flag that is cleared and set again does not fire again.",
		displayOptions: { show: { startOn: ['dialogEvents'] } },
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		displayOptions: { show: { startOn: ['messages'] } },
		options: [
			{ name: 'Bot', value: 'bot', description: "The AI's replies" },
			{
				name: 'Operator',
				value: 'operator',
				description: 'Messages a human operator wrote in the Selarti panel',
			},
			{
				name: 'User',
				value: 'user',
				description:
					"Your customer's own messages. Do not send these back to the messenger: the customer would see their words twice.",
			},
		],
		default: ['bot', 'operator'],
		description:
			'Which messages start the workflow. Messages of other types, or without a type, are skipped. Select none to accept every message.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Also Start This Workflow With Handed Replies',
				name: 'alsoStartWithHandedReplies',
				displayOptions: { show: { '/startOn': ['messages'] } },
				type: 'boolean',
				default: false,
				description:
					"Whether a reply handed to a waiting send also starts this workflow (for example, to log every reply). Only with 'Hand Replies to Waiting Sends' on.",
			},
			{
				displayName: 'Hand Replies to Waiting Sends',
				name: 'handRepliesToWaitingSends',
				displayOptions: { show: { '/startOn': ['messages'] } },
				type: 'boolean',
				default: true,
				description:
					"Whether a reply (the AI's or an operator's) that a Selarti node's Send and Wait for Reply with this trigger's credential is waiting for goes to that send instead of starting this workflow. Replies no send waits for start this workflow as usual.",
			},
			{
				displayName: 'Hold Waits of Queue Mode Workers',
				name: 'holdWaitsOfQueueWorkers',
				displayOptions: { show: { '/startOn': ['messages'] } },
				type: 'boolean',
				default: false,
				description:
					"Whether sends that wait for a reply in queue mode workers reach this trigger's process, at n8n's fixed path /webhook/selarti-waiting-sends. Only for n8n in queue mode, with 'Hand Replies to Waiting Sends' on, and in one Selarti Trigger per n8n.",
			},
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreRepeatedDeliveries',
				displayOptions: { show: { '/startOn': ['messages'] } },
				type: 'boolean',
				default: true,
				description:
					'Whether a message whose message_id was seen recently (among the last 1,000) is skipped, so a repeated delivery is handled only once',
			},
			{
				displayName: 'Include Raw Body',
				name: 'includeRawBody',
				type: 'boolean',
				default: false,
				description: 'Whether to add the request body exactly as received, as _rawBody',
			},
			{
				displayName: 'On Invalid Payload',
				name: 'onInvalidPayload',
				type: 'options',
				options: [
					{
						name: 'Output It',
						value: 'output',
						description:
							'Start the workflow anyway: the item gets _validation (valid: false and the errors) and _rawBody, so nothing is lost',
					},
					{
						name: 'Reject With 400',
						value: 'reject',
						description: 'Answer Selarti with 400 and the reasons, and start nothing',
					},
				],
				default: 'output',
				description:
					'What to do when the body is not an object of fields or a field has an impossible value',
			},
			{
				displayName: 'Skip Closed Dialogs',
				name: 'skipClosedDialogs',
				displayOptions: { show: { '/startOn': ['messages'] } },
				type: 'boolean',
				default: false,
				description: 'Whether to skip messages of dialogs Selarti marked as closed (close)',
			},
			{
				displayName: 'Skip Dialogs Handed to an Operator',
				name: 'skipOperatorDialogs',
				displayOptions: { show: { '/startOn': ['messages'] } },
				type: 'boolean',
				default: false,
				description:
					"Whether to skip messages of dialogs handed over to a human operator (operator). To skip only what operators write, leave 'Operator' out of 'Message Types' instead.",
			},
			{
				displayName: 'Skip Dialogs With Bot Customers',
				name: 'skipBotDialogs',
				displayOptions: { show: { '/startOn': ['messages'] } },
				type: 'boolean',
				default: false,
				description:
					"Whether to skip dialogs where Selarti decided your customer is a bot, not a person (is_bot). This does not concern your Selarti AI's own replies: those are the message type Bot.",
			},
			{
				displayName: 'Task IDs',
				name: 'taskIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1721129985149x478019552540622850, 1721129985149x478019552540622851',
				description: 'Comma-separated task IDs to accept. Empty accepts every task.',
			},
			{
				displayName: 'Webhook Types',
				name: 'webhookTypes',
				type: 'string',
				default: '',
				description:
					'Comma-separated values of wh_type to accept (compared without regard to case). Empty accepts every type.',
			},
		],
	},
];
