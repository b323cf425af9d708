import type { DeliveryLogEntry } from '../../../sandbox';
import { describeFailedDelivery } from '../../../scripts/dev-follow';

const delivery = (overrides: Partial<DeliveryLogEntry>): DeliveryLogEntry => ({
	seq: 1,
	at: 0,
	url: 'http://127.0.0.1:5678/webhook/abc/webhook',
	taskId: '1721129985149x478019552540622850',
	chatId: '42',
	messageId: 'm1',
	messageType: 'bot',
	text: 'AI: hello',
	copy: 1,
	attempt: 1,
	status: 200,
	durationMs: 3,
	...overrides,
});

describe('npm run dev reports webhook deliveries n8n did not accept', () => {
	test('a rejected secret comes with the one command that points the sandbox at the URL with the secret', () => {
		const lines = describeFailedDelivery(delivery({ status: 401 }), 'http://127.0.0.1:8787');
		expect(lines[0]).toBe(
			'[Selarti sandbox → n8n] the bot message of chat 42 was not accepted at http://127.0.0.1:5678/webhook/abc/webhook: HTTP 401',
		);
		expect(lines.at(-1)).toBe(
			'  curl -s -X PUT http://127.0.0.1:8787/__control/tasks/1721129985149x478019552540622850/webhooks -H \'content-type: application/json\' -d \'{"url":"http://127.0.0.1:5678/webhook/abc/webhook?secret=YOUR_SECRET"}\'',
		);
	});

	test('a wrong secret (403) gets the same advice; a missing webhook (404) asks whether the workflow is active', () => {
		expect(describeFailedDelivery(delivery({ status: 403 }), 'http://s').join('\n')).toMatch(
			/secret=YOUR_SECRET/,
		);
		expect(describeFailedDelivery(delivery({ status: 404 }), 'http://s').join('\n')).toMatch(
			/is the workflow active/,
		);
	});

	test('a receiver that did not answer is named with the error', () => {
		expect(
			describeFailedDelivery(delivery({ status: 0, error: 'ECONNREFUSED' }), 'http://s')[0],
		).toMatch(/no answer \(ECONNREFUSED\)$/);
	});
});
