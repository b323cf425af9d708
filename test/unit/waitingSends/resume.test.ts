import type { IWebhookFunctions } from 'n8n-workflow';

import { resumeToken } from '../../../nodes/shared/waitingSends/protocol';
import { resumeWithReplies } from '../../../nodes/shared/waitingSends/resume';

function resumeContext(body: unknown) {
	const response = { status: jest.fn().mockReturnThis(), json: jest.fn().mockReturnThis() };
	const context = {
		getBodyData: () => body,
		getResponseObject: () => response,
		getInstanceId: () => 'instance',
		getExecutionId: () => '42',
		getNode: () => ({ id: 'node' }),
	} as unknown as IWebhookFunctions;
	return { context, response };
}

describe("the waiting send's resume webhook", () => {
	it("outputs the trigger's items, paired with the input items, when the token is this execution's", () => {
		const items = [{ replied: true, reply_text: 'AI: Hi' }, { error: 'Item 2 failed' }];
		const { context } = resumeContext({ token: resumeToken('instance', '42', 'node'), items });
		expect(resumeWithReplies(context)).toEqual({
			workflowData: [
				[
					{ json: items[0], pairedItem: { item: 0 } },
					{ json: items[1], pairedItem: { item: 1 } },
				],
			],
			webhookResponse: { status: 'resumed' },
		});
	});

	it('refuses another token (403) and a body that is not a hand-over (400), and resumes nothing', () => {
		const wrong = resumeContext({ token: resumeToken('instance', '43', 'node'), items: [{}] });
		expect(resumeWithReplies(wrong.context)).toEqual({ noWebhookResponse: true });
		expect(wrong.response.status).toHaveBeenCalledWith(403);
		const junk = resumeContext({ hello: 'world' });
		expect(resumeWithReplies(junk.context)).toEqual({ noWebhookResponse: true });
		expect(junk.response.status).toHaveBeenCalledWith(400);
	});
});
