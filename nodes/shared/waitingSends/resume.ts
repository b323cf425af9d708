import type {
	IDataObject,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { handOverSchema, resumeToken, sameText } from './protocol';

/** The waiting send's webhook, as n8n's own send-and-wait nodes declare theirs: only waiting executions use it. */
export const resumeWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];

/**
 * What the waiting send's webhook does: the trigger posts the items (one per input item) and the execution goes on with them
 * as the node's output. Only a post with this execution's token resumes it.
 */
export function resumeWithReplies(context: IWebhookFunctions): IWebhookResponseData {
	const handOver = handOverSchema.safeParse(context.getBodyData());
	const response = context.getResponseObject();
	if (!handOver.success) {
		response
			.status(400)
			.json({ status: 'rejected', message: 'Expected the items of a waiting send' });
		return { noWebhookResponse: true };
	}
	const expected = resumeToken(
		context.getInstanceId(),
		context.getExecutionId(),
		context.getNode().id,
	);
	if (!sameText(expected, handOver.data.token)) {
		response.status(403).json({ status: 'rejected', message: 'Not a hand-over of this n8n' });
		return { noWebhookResponse: true };
	}
	return {
		workflowData: [
			handOver.data.items.map((json, item) => ({
				json: json as IDataObject,
				pairedItem: { item },
			})),
		],
		webhookResponse: { status: 'resumed' },
	};
}
