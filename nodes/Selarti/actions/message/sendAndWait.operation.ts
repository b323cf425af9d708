import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitWords } from '../../../shared/waitingSends/wording';
import {
	DEFAULT_COMBINE_REPLIES_WITHIN_SECONDS,
	DEFAULT_NO_REPLY_TEXT,
	DEFAULT_WAIT_LIMIT_SECONDS,
	sendAndWaitForReplies,
} from './waitForReplies';

export { endpoint, fields, orderKey } from './send.operation';

const properties: INodeProperties[] = [
	{
		displayName: waitWords.notice,
		name: 'waitNotice',
		type: 'notice',
		default: '',
	},
];

/** Its optional fields, in the node's Options collection, shown for this operation only. */
const onlyHere = { show: { '/operation': ['sendAndWait'] } };
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait Limit',
		name: 'waitLimit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 86_400 },
		default: DEFAULT_WAIT_LIMIT_SECONDS,
		description:
			"Seconds to wait for the reply. What happens to an item without a reply by then is set by 'On No Reply'.",
		displayOptions: onlyHere,
	},
	{
		displayName: 'On No Reply',
		name: 'onNoReply',
		type: 'options',
		options: [
			{
				name: 'Output It',
				value: 'output',
				description: 'Output the item with replied: false and go on',
			},
			{
				name: 'Stop With an Error',
				value: 'error',
				description: 'Fail the item (with Settings → On Error, it goes on as an error item)',
			},
		],
		default: 'output',
		description: 'What happens to an item without a reply by the wait limit',
		displayOptions: onlyHere,
	},
	{
		displayName: 'No Reply Text',
		name: 'noReplyText',
		type: 'string',
		default: DEFAULT_NO_REPLY_TEXT,
		description:
			"What 'reply_text' and 'output' say when no reply came within 'Wait Limit' (with 'On No Reply' → 'Output It'): the text n8n's Chat shows your customer then",
		displayOptions: onlyHere,
	},
	{
		displayName: 'Combine Replies Within',
		name: 'combineRepliesWithin',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 600 },
		default: DEFAULT_COMBINE_REPLIES_WITHIN_SECONDS,
		description:
			"Seconds of quiet after a reply before the node goes on: an AI that answers in several messages has its replies within this time combined in order. Once a task answered in one message three times in a row, its answers go on at once until one comes in parts (that later part starts the Selarti Trigger's workflow). 0 takes the first reply only.",
		displayOptions: onlyHere,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendAndWait'] } },
	properties,
);

export const run = sendAndWaitForReplies;
