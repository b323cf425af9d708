import { z } from 'zod/v3';

import { describeIssues, textField } from '../../../nodes/Selarti/helpers/validation';

const chatId = textField({
	label: 'Chat ID',
	hint: "Map the messenger's chat or user ID, e.g. {{ $json.message.chat.id }}",
});

const problemOf = (value: unknown) => {
	const result = chatId.safeParse(value);
	return result.success ? undefined : result.error.issues.map((issue) => issue.message).join(' ');
};

describe('text fields', () => {
	test.each([
		['  123456789  ', '123456789'],
		[123456789, '123456789'],
		[-1001234567890, '-1001234567890'],
		[12.5, '12.5'],
		[BigInt('1721129985149478019552540622850'), '1721129985149478019552540622850'],
		['1721129985149x478019552540622850', '1721129985149x478019552540622850'],
		['Привет 👋', 'Привет 👋'],
	])('%p is sent as %p', (value, expected) => {
		expect(chatId.parse(value)).toBe(expected);
	});

	test.each([
		['', 'Chat ID is empty.'],
		[null, 'Chat ID is empty.'],
		[undefined, 'Chat ID is empty.'],
		['   \n\t', 'Chat ID contains only spaces.'],
		[{ id: 1 }, 'Chat ID must be text or a number, but it is an object.'],
		[[1, 2], 'Chat ID must be text or a number, but it is a list.'],
		[true, 'Chat ID must be text or a number, but it is the value true.'],
		[Number.NaN, 'Chat ID is not a usable number.'],
		[2 ** 60, 'Chat ID is a number too large to be exact; map it as text.'],
	])('%p is refused: %p', (value, start) => {
		const problem = problemOf(value);
		expect(problem).toBe(
			`${start} Map the messenger's chat or user ID, e.g. {{ $json.message.chat.id }}`,
		);
	});

	test('the item is named, counted from 1, with every problem it has', () => {
		const schema = z.object({
			chat_id: chatId,
			message: textField({ label: 'Message', hint: 'Map the text.' }),
		});
		const result = schema.safeParse({ chat_id: ' ', message: null });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(describeIssues(2, result.error)).toBe(
				"Item 3: Chat ID contains only spaces. Map the messenger's chat or user ID, e.g. {{ $json.message.chat.id }} Message is empty. Map the text.",
			);
		}
	});
});
