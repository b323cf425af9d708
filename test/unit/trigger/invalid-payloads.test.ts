import fc from 'fast-check';

import { onlyItem, TriggerHarness, type Answer } from '../../support/n8n/triggerHarness';
import { seedFieldNames } from '../../support/seedFields';
import { selartiPayload } from '../../../harness/selartiPayload';

const acceptEverything = { messageTypes: [], options: { ignoreRepeatedDeliveries: false } };
const rejectInvalid = {
	messageTypes: [],
	options: { ignoreRepeatedDeliveries: false, onInvalidPayload: 'reject' },
};

async function deliverRaw(raw: string, parameters = acceptEverything): Promise<Answer> {
	let body: unknown = {};
	try {
		body = JSON.parse(raw);
	} catch {
		body = raw;
	}
	return await new TriggerHarness(parameters).deliver({ body, rawBody: Buffer.from(raw) });
}

describe('On Invalid Payload: Output It (default)', () => {
	it('outputs the item with the valid fields normalised, invalid ones null/false, the errors and the raw body', async () => {
		const raw = JSON.stringify(
			selartiPayload({ task_id: { id: 1 }, close: 'maybe', contacts: ['+998', '@a'], lead: 1 }),
		);
		const json = onlyItem(await deliverRaw(raw));
		expect(json).toMatchObject({
			message_id: selartiPayload().message_id,
			interest: true,
			task_id: null,
			close: false,
			contacts: null,
			lead: 1,
			_rawBody: raw,
			_validation: {
				valid: false,
				errors: [
					{ field: 'close', message: expect.stringMatching(/yes\/no/) },
					{ field: 'contacts', message: expect.stringMatching(/text or an object/) },
					{ field: 'task_id', message: expect.stringMatching(/Expected text/) },
				],
			},
		});
		for (const field of seedFieldNames) expect(json).toHaveProperty(field);
	});

	it.each([
		['a list', '[{"message_id":"1"}]', /is a list/],
		['a JSON string', '"hello"', /neither JSON nor form/],
		['a number', '42', /neither JSON nor form|is a number/],
		['broken JSON', '{"message_id": "1",', /not valid JSON/],
		['plain text', 'hello there', /neither JSON nor form/],
		['an empty body', '', /empty/],
	])(
		'a body that is %s is output with a body error and its raw text',
		async (_case, raw, problem) => {
			const json = onlyItem(await deliverRaw(raw));
			expect(json._validation).toEqual({
				valid: false,
				errors: [{ field: 'body', message: expect.stringMatching(problem) }],
			});
			expect(json._rawBody).toBe(raw);
			for (const field of seedFieldNames) expect(json).toHaveProperty(field);
		},
	);

	it('a body n8n already parsed into a list (application/json) is an error too', async () => {
		const json = onlyItem(
			await new TriggerHarness(acceptEverything).deliver({ body: [selartiPayload()] }),
		);
		expect(json._validation).toMatchObject({
			errors: [{ field: 'body', message: expect.stringMatching(/list/) }],
		});
		expect(JSON.parse(json._rawBody as string)).toEqual([selartiPayload()]);
	});

	it('a form-encoded value given twice for a text field is an error, for an extra field a list', async () => {
		const json = onlyItem(
			await new TriggerHarness(acceptEverything).deliver({
				body: { message_id: ['1', '2'], tag: ['a', 'b'] },
			}),
		);
		expect(json.tag).toEqual(['a', 'b']);
		expect(json._validation).toMatchObject({ errors: [{ field: 'message_id' }] });
	});

	it('booleans and objects are impossible for ids and texts; numbers other than 1/0 for flags', async () => {
		const json = onlyItem(
			await new TriggerHarness(acceptEverything).deliver({
				body: { thread_id: true, title: { first: 'A' }, success: 2 },
			}),
		);
		expect(json).toMatchObject({ thread_id: null, title: null, success: false });
		expect(
			(json._validation as { errors: Array<{ field: string }> }).errors.map((error) => error.field),
		).toEqual(['success', 'thread_id', 'title']);
	});
});

describe('On Invalid Payload: Reject With 400', () => {
	it('answers 400 with the reasons as JSON and starts nothing', async () => {
		const answer = await deliverRaw(
			JSON.stringify(selartiPayload({ is_bot: 'perhaps' })),
			rejectInvalid,
		);
		expect(answer).toEqual({
			status: 400,
			body: {
				status: 'rejected',
				message: 'Invalid Selarti payload',
				errors: [{ field: 'is_bot', message: expect.stringMatching(/yes\/no/) }],
			},
			items: undefined,
		});
	});

	it('answers 400 for an unreadable body', async () => {
		const answer = await deliverRaw('<xml/>', rejectInvalid);
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ errors: [{ field: 'body' }] });
	});

	it('valid payloads still start the workflow', async () => {
		onlyItem(await deliverRaw(JSON.stringify(selartiPayload()), rejectInvalid));
	});
});

describe('Prototype pollution guard', () => {
	afterEach(() => {
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('a top-level "__proto__" key is not copied, is reported, and the raw body keeps it', async () => {
		const raw = '{"message_id":"1","__proto__":{"polluted":true},"lead":2}';
		const json = onlyItem(await deliverRaw(raw));
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
		expect(Object.prototype.hasOwnProperty.call(json, '__proto__')).toBe(false);
		expect(json.polluted).toBeUndefined();
		expect(json.lead).toBe(2);
		expect(json._validation).toMatchObject({
			errors: [{ field: '__proto__', message: expect.stringMatching(/not allowed/) }],
		});
		expect(json._rawBody).toBe(raw);
	});

	it('"constructor" and "prototype" keys, also nested in contacts and extra fields, are left out and reported', async () => {
		const raw =
			'{"constructor":{"prototype":{"polluted":true}},"contacts":{"phone":"+1","__proto__":{"polluted":true}},' +
			'"meta":{"list":[{"prototype":1,"ok":true}]}}';
		const json = onlyItem(await deliverRaw(raw));
		expect(json.contacts).toEqual({ phone: '+1' });
		expect(Object.getPrototypeOf(json.contacts)).toBe(Object.prototype);
		expect(json.meta).toEqual({ list: [{ ok: true }] });
		expect(Object.prototype.hasOwnProperty.call(json, 'constructor')).toBe(false);
		expect(
			(json._validation as { errors: Array<{ field: string }> }).errors.map((error) => error.field),
		).toEqual(['constructor', 'contacts.__proto__', 'meta.list[0].prototype']);
	});

	it('the same guard applies to form-encoded bodies (n8n parses them into objects without a prototype)', async () => {
		const form = Object.assign(Object.create(null) as Record<string, unknown>, { message_id: '1' });
		Object.defineProperty(form, '__proto__', { value: 'x', enumerable: true });
		const json = onlyItem(await new TriggerHarness(acceptEverything).deliver({ body: form }));
		expect(json.message_id).toBe('1');
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
		expect(json._validation).toMatchObject({ errors: [{ field: '__proto__' }] });
	});

	it("reports keys that would overwrite the trigger's own _rawBody and _validation", async () => {
		const json = onlyItem(await deliverRaw('{"message_id":"1","_validation":"fake"}'));
		expect(json._validation).toMatchObject({ valid: false, errors: [{ field: '_validation' }] });
	});

	it('very deep nesting is cut at 64 levels and reported instead of overflowing the stack', async () => {
		const raw = `{"message_id":"1","deep":${'['.repeat(5000)}${']'.repeat(5000)}}`;
		const json = onlyItem(await deliverRaw(raw));
		expect(json._validation).toMatchObject({
			errors: [{ message: expect.stringMatching(/64 levels/) }],
		});
	});
});

describe('Any input at all', () => {
	const anyJson = fc.jsonValue({ maxDepth: 4 });
	const anyBody = fc.oneof(
		anyJson,
		fc.dictionary(fc.constantFrom(...seedFieldNames, '__proto__', 'constructor', 'extra'), anyJson),
		fc.string(),
	);

	it('never crashes or answers 5xx, and every item has the 20 fields with their types', async () => {
		const harness = new TriggerHarness(acceptEverything);
		await fc.assert(
			fc.asyncProperty(anyBody, async (body) => {
				const answer = await harness.deliver({ body });
				expect(answer.status).toBe(200);
				const json = onlyItem(answer);
				for (const field of seedFieldNames) expect(json).toHaveProperty(field);
				for (const flag of ['close', 'get_contact', 'interest', 'is_bot', 'operator', 'success']) {
					expect(typeof json[flag]).toBe('boolean');
				}
				for (const field of ['message_id', 'task_id', 'message_text', 'message_type']) {
					expect(json[field] === null || typeof json[field] === 'string').toBe(true);
				}
				expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			}),
			{ numRuns: 300 },
		);
	});

	it('in reject mode answers only 200 or 400', async () => {
		const harness = new TriggerHarness(rejectInvalid);
		await fc.assert(
			fc.asyncProperty(anyBody, async (body) => {
				expect([200, 400]).toContain((await harness.deliver({ body })).status);
			}),
			{ numRuns: 200 },
		);
	});
});
