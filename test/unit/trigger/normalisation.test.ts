import { onlyItem, TriggerHarness } from '../../support/n8n/triggerHarness';
import { seedFieldNames } from '../../support/seedFields';
import { selartiPayload } from '../../../harness/selartiPayload';

// Every type of message is accepted and repeated deliveries are allowed, so each test sees its own item.
const acceptEverything = { messageTypes: [], options: { ignoreRepeatedDeliveries: false } };

async function normalised(body: object) {
	return onlyItem(await new TriggerHarness(acceptEverything).deliver({ body }));
}

const idFields = [
	'channel_id',
	'company_id',
	'external_chat_id',
	'manager_id',
	'message_id',
	'task_id',
	'thread_id',
];
const textFields = ['message_text', 'panel_url', 'share_url', 'title', 'wh_type'];
const flagFields = ['close', 'get_contact', 'interest', 'is_bot', 'operator', 'success'];

describe('Selarti Trigger output: the 20 seed fields', () => {
	it('outputs a complete payload unchanged, with nothing added', async () => {
		const json = await normalised(selartiPayload());
		expect(json).toEqual(selartiPayload());
		expect(Object.keys(json)).toEqual(seedFieldNames);
	});

	it('always has all 20 fields: missing ids and texts are null, missing flags false', async () => {
		const json = await normalised({ message_text: 'only this' });
		expect(Object.keys(json).sort()).toEqual([...seedFieldNames].sort());
		for (const field of [...idFields, ...textFields, 'contacts', 'message_type']) {
			if (field !== 'message_text') expect(json[field]).toBeNull();
		}
		for (const field of flagFields) expect(json[field]).toBe(false);
		expect(json._validation).toBeUndefined();
	});

	it.each(idFields)(
		'%s: a number becomes its text, spaces are trimmed, empty becomes null',
		async (field) => {
			expect((await normalised({ [field]: 123456789 }))[field]).toBe('123456789');
			expect((await normalised({ [field]: 0 }))[field]).toBe('0');
			expect((await normalised({ [field]: '  1721129985149x478019552540622850 ' }))[field]).toBe(
				'1721129985149x478019552540622850',
			);
			expect((await normalised({ [field]: '' }))[field]).toBeNull();
			expect((await normalised({ [field]: '   ' }))[field]).toBeNull();
			expect((await normalised({ [field]: null }))[field]).toBeNull();
		},
	);

	it('keeps message text exactly as sent (inner and outer spaces, line breaks), but empty text is null', async () => {
		expect((await normalised({ message_text: '  Hi,\n  see you ' })).message_text).toBe(
			'  Hi,\n  see you ',
		);
		expect((await normalised({ message_text: 42 })).message_text).toBe('42');
		expect((await normalised({ message_text: '' })).message_text).toBeNull();
		expect((await normalised({ message_text: ' \n ' })).message_text).toBeNull();
	});

	it('trims links and the webhook type, keeps the title as given', async () => {
		const json = await normalised({
			panel_url: ' https://selarti.com/p ',
			wh_type: ' all_messages\n',
			title: ' Aziza ',
		});
		expect(json.panel_url).toBe('https://selarti.com/p');
		expect(json.wh_type).toBe('all_messages');
		expect(json.title).toBe(' Aziza ');
	});

	const trueValues: unknown[] = [true, 'true', 'yes', '1', 1, 'TRUE', 'Yes', ' yes ', ' 1\n'];
	const falseValues: unknown[] = [
		false,
		'false',
		'no',
		'0',
		0,
		'',
		null,
		'FALSE',
		'No',
		'  ',
		' false ',
	];

	it.each(flagFields)('%s: every spelling of yes is true and of no is false', async (field) => {
		for (const value of trueValues)
			expect([value, (await normalised({ [field]: value }))[field]]).toEqual([value, true]);
		for (const value of falseValues)
			expect([value, (await normalised({ [field]: value }))[field]]).toEqual([value, false]);
		expect((await normalised({}))[field]).toBe(false);
	});

	it('message_type is trimmed and lower-cased; unknown types are kept; empty is null', async () => {
		expect((await normalised({ message_type: ' Bot ' })).message_type).toBe('bot');
		expect((await normalised({ message_type: 'OPERATOR' })).message_type).toBe('operator');
		expect((await normalised({ message_type: 'User' })).message_type).toBe('user');
		expect((await normalised({ message_type: 'System_Note' })).message_type).toBe('system_note');
		expect((await normalised({ message_type: '' })).message_type).toBeNull();
	});

	it('contacts: text is kept (numbers become text), an object of details is kept as it is, empty is null', async () => {
		expect((await normalised({ contacts: '@aziza' })).contacts).toBe('@aziza');
		expect((await normalised({ contacts: 998901234567 })).contacts).toBe('998901234567');
		const details = { phone: '+998901234567', username: '@aziza', emails: ['a@example.com'] };
		expect((await normalised({ contacts: details })).contacts).toEqual(details);
		expect((await normalised({ contacts: '' })).contacts).toBeNull();
		expect((await normalised({ contacts: null })).contacts).toBeNull();
	});

	it('keeps fields Selarti may add later, after the seed fields, with their values untouched', async () => {
		const extras = {
			lead_score: 87,
			tags: ['vip', 'uz'],
			meta: { source: 'instagram', nested: { ok: true } },
			note: null,
		};
		const json = await normalised(selartiPayload(extras));
		expect(json).toMatchObject(extras);
		expect(Object.keys(json)).toEqual([...seedFieldNames, 'lead_score', 'tags', 'meta', 'note']);
		expect(json._validation).toBeUndefined();
	});

	it('Include Raw Body adds the exact bytes received as _rawBody', async () => {
		const raw = '{"message_id": 7,  "message_text":"Salom"}';
		const harness = new TriggerHarness({ messageTypes: [], options: { includeRawBody: true } });
		const json = onlyItem(
			await harness.deliver({ body: JSON.parse(raw), rawBody: Buffer.from(raw) }),
		);
		expect(json._rawBody).toBe(raw);
		expect(json.message_id).toBe('7');
	});

	it('without Include Raw Body a valid item has no _rawBody', async () => {
		const raw = JSON.stringify(selartiPayload());
		const json = onlyItem(
			await new TriggerHarness().deliver({ body: JSON.parse(raw), rawBody: Buffer.from(raw) }),
		);
		expect(json).not.toHaveProperty('_rawBody');
	});
});

describe('a body n8n left unread (from version 2 on, a content type n8n does not parse)', () => {
	it('is read by the trigger and output like any other delivery', async () => {
		const body = selartiPayload();
		const answer = await new TriggerHarness(acceptEverything).deliver({
			unreadBody: Buffer.from(JSON.stringify(body)),
		});
		expect(onlyItem(answer)).toEqual(body);
	});

	it('a multipart form, which n8n parses itself, is taken as n8n parsed it', async () => {
		const form = { message_type: 'bot', message_id: 'm-form', message_text: 'from a form' };
		const answer = await new TriggerHarness(acceptEverything).deliver({
			body: form,
			bodyStreamConsumed: true,
		});
		expect(onlyItem(answer)).toMatchObject(form);
	});

	it('an empty body whose stream n8n consumed is output with its errors, not thrown', async () => {
		const answer = await new TriggerHarness(acceptEverything).deliver({ bodyStreamConsumed: true });
		expect(answer.status).toBe(200);
		expect(onlyItem(answer)).toMatchObject({ _validation: { valid: false } });
	});
});
