import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { directRead } from '../../../nodes/Selarti/helpers/directValues';
import { fakeSelartiPerTest, success } from '../../support/fakeSelarti';
import { selartiContext, sendParameters, tokenCredentials } from '../../support/n8n/nodeHarness';

const serve = fakeSelartiPerTest();

const item: IDataObject = {
	chat_id: 'chat-7',
	message: { text: '  Hello there  ', chat: { id: -1001234567890 } },
	'user name': 'Ann',
	count: 3,
	empty: '',
	missing: null,
	flag: true,
	list: ['a'],
};

/** What n8n itself resolves the Chat ID parameter to for `item`, through its real expression resolution. */
function n8nValue(raw: string): unknown {
	const { context } = selartiContext({
		parameters: sendParameters({ chatId: raw }),
		items: [item],
		credentials: tokenCredentials('http://127.0.0.1:1'),
	});
	return context.getNodeParameter('chatId', 0, '');
}

describe('fields read without the expression engine', () => {
	test.each([
		['fixed text', '1721129985149x478019552540622850'],
		['a field', '={{ $json.chat_id }}'],
		['a field without spaces', '={{$json.chat_id}}'],
		['a nested field that is a number', '={{ $json.message.chat.id }}'],
		['a nested text, spaces kept as n8n keeps them', '={{ $json.message.text }}'],
		['a quoted key', "={{ $json['user name'] }}"],
		['a double-quoted key, then a dot', '={{ $json["message"].text }}'],
		['a number', '={{ $json.count }}'],
		['an empty text', '={{ $json.empty }}'],
	])('%s: the same value n8n resolves', (_, raw) => {
		const read = directRead(raw);
		expect(read).toBeDefined();
		expect(read?.(item)).toEqual(n8nValue(raw));
	});

	test.each([
		['text around the expression', '=Chat {{ $json.chat_id }}'],
		['a method call', '={{ $json.chat_id.toUpperCase() }}'],
		['another node', "={{ $('Telegram Trigger').item.json.chat_id }}"],
		['two expressions', '={{ $json.chat_id }}{{ $json.count }}'],
		['an index', '={{ $json.list[0] }}'],
		['an operator', '={{ $json.count + 1 }}'],
		['a fallback', "={{ $json.missing ?? 'x' }}"],
		['an expression that is not a path', '={{ 42 }}'],
	])('%s: left to n8n', (_, raw) => {
		expect(directRead(raw)).toBeUndefined();
	});

	test.each([
		['missing', '={{ $json.nothing }}'],
		['null', '={{ $json.missing }}'],
		['true', '={{ $json.flag }}'],
		['a list', '={{ $json.list }}'],
		['an object', '={{ $json.message.chat }}'],
		['a path through a text', '={{ $json.chat_id.length }}'],
	])('a value that is %s: left to n8n, whose answer the validation explains', (_, raw) => {
		expect(directRead(raw)?.(item)).toBeUndefined();
	});

	test('a send reads mapped text fields without asking n8n, and asks n8n for the others', async () => {
		const selarti = await serve(() => success());
		const { selarti: node, context } = selartiContext({
			parameters: sendParameters(),
			items: [
				{ taskId: 'task-1', chatId: 'chat-1', text: 'Hi' },
				{ taskId: 'task-1', chatId: 42, text: { nested: true } },
			],
			credentials: tokenCredentials(selarti.baseUrl),
			continueOnFail: true,
		});
		const asked: string[] = [];
		const ask = context.getNodeParameter.bind(context);
		jest.spyOn(context, 'getNodeParameter').mockImplementation(((
			name: string,
			itemIndex: number,
			fallback?: unknown,
		) => {
			asked.push(`${name} ${itemIndex}`);
			return ask(name, itemIndex, fallback);
		}) as typeof context.getNodeParameter);

		const output = ((await node.execute?.call(context)) as INodeExecutionData[][])[0];

		const readFields = asked.filter((entry) => /^(taskId|chatId|message) /.test(entry));
		expect(readFields).toEqual(['message 1']);
		expect(selarti.calls.map((call) => call.body)).toEqual([
			{ task_id: 'task-1', chat_id: 'chat-1', message: 'Hi' },
		]);
		expect(output[1].json.error).toMatch(
			/^Item 2: Message must be text or a number, but it is an object/,
		);
	});
});
