import {
	createSelartiSandbox,
	DEFAULT_TASK_ID,
	DEFAULT_TOKEN,
	summariseDeliveries,
} from '../../../sandbox';
import { bearer, postJson } from './helpers';

describe('summariseDeliveries', () => {
	const m = (chatId: string, message: string) => ({ chatId, message });

	it('counts unique deliveries, duplicates, missing, unexpected and out-of-order per chat', () => {
		const expected = [m('a', '1'), m('a', '2'), m('a', '3'), m('b', '1'), m('b', '2')];
		const accepted = [
			m('a', '1'),
			m('a', '3'),
			m('b', '1'),
			m('a', '2'),
			m('a', '1'),
			m('b', '1'),
			m('c', 'x'),
		];
		expect(summariseDeliveries(accepted, expected)).toEqual({
			expected: 5,
			accepted: 7,
			deliveredUnique: 4,
			duplicates: 2,
			missing: 1,
			missingMessages: [m('b', '2')],
			unexpected: 1,
			outOfOrderPerChat: { a: 1 },
			outOfOrder: 1,
		});
	});

	it('treats a text sent twice on purpose as two expected messages', () => {
		const expected = [m('a', 'ok'), m('a', 'ok')];
		expect(summariseDeliveries([m('a', 'ok'), m('a', 'ok'), m('a', 'ok')], expected)).toMatchObject(
			{
				deliveredUnique: 2,
				duplicates: 1,
				missing: 0,
				outOfOrder: 0,
			},
		);
	});

	it('is served by the control API over the sandbox call log, in acceptance order', async () => {
		const sandbox = await createSelartiSandbox();
		try {
			const send = (chat: string, message: string) =>
				postJson(
					`${sandbox.url}/api/1.1/wf/send_message_external`,
					{ task_id: DEFAULT_TASK_ID, chat_id: chat, message },
					bearer(DEFAULT_TOKEN),
				);
			await sandbox.control.addFault({ status: 503, count: 1, chatId: '2' });
			await send('1', 'first');
			await send('1', 'first');
			await send('2', 'lost');
			await send('1', 'second');
			const viaHttp = await postJson(`${sandbox.url}/__control/summary`, {
				expected: [m('1', 'first'), m('1', 'second'), m('2', 'lost')],
			});
			expect(viaHttp.json).toMatchObject({
				deliveredUnique: 2,
				duplicates: 1,
				missing: 1,
				outOfOrder: 0,
			});
		} finally {
			await sandbox.close();
		}
	});
});
