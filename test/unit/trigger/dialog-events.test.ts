import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DIALOG_EVENTS } from '../../../nodes/SelartiTrigger/payload/dialogEvents';
import type { SelartiTrigger } from '../../../nodes/SelartiTrigger/SelartiTrigger.node';
import { seedFieldNames } from '../../support/seedFields';
import { selartiPayload } from '../../../harness/selartiPayload';
import { TriggerHarness } from '../../support/n8n/triggerHarness';

const THREAD = '1721129985149x478019552540622005';

/** A message of a dialog with no flag set; `flags` sets some. */
const message = (flags: IDataObject = {}, overrides: IDataObject = {}): IDataObject =>
	selartiPayload({
		get_contact: false,
		interest: false,
		success: false,
		close: false,
		operator: false,
		is_bot: false,
		message_id: `m-${Math.random()}`,
		...flags,
		...overrides,
	});

const onEvents = (dialogEvents: string[], extra: INodeParameters = {}): INodeParameters => ({
	startOn: 'dialogEvents',
	dialogEvents,
	...extra,
});

const allEvents = DIALOG_EVENTS.map((event) => event.value);

const eventsOf = (items: IDataObject[] | undefined) =>
	(items ?? []).map((item) => item.dialog_event);

describe('Start On: Dialog Events', () => {
	it.each(DIALOG_EVENTS.map((event) => [event.value, event.flag]))(
		'%s fires when Selarti sets %s, with the dialog and every typed field of the message that carried it',
		async (event, flag) => {
			const harness = new TriggerHarness(onEvents(allEvents));
			const answer = await harness.deliver({ body: message({ [flag]: 'yes' }) });
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ status: 'accepted', message: 'Event received' });
			expect(answer.items).toHaveLength(1);
			const [item] = answer.items!;
			expect(item).toMatchObject({
				dialog_event: event,
				dialog_key: THREAD,
				[flag]: true,
				thread_id: THREAD,
				panel_url: expect.any(String),
				share_url: expect.any(String),
				contacts: '+998901234567',
				title: 'Aziza Karimova',
			});
			for (const field of seedFieldNames) expect(item).toHaveProperty(field);
		},
	);

	it('fires once per dialog: later messages with the flag still set start nothing; another dialog fires again', async () => {
		const harness = new TriggerHarness(onEvents(['contact_received']));
		expect(
			eventsOf((await harness.deliver({ body: message({ get_contact: true }) })).items),
		).toEqual(['contact_received']);
		const again = await harness.deliver({ body: message({ get_contact: true }) });
		expect(again).toMatchObject({
			status: 200,
			items: undefined,
			body: { status: 'skipped', reason: `dialog ${THREAD} had contact_received before` },
		});
		const other = await harness.deliver({
			body: message({ get_contact: true }, { thread_id: 'other-dialog' }),
		});
		expect(eventsOf(other.items)).toEqual(['contact_received']);
	});

	it("a new workflow's first events, arriving together from many dialogs, fire once each", async () => {
		const harness = new TriggerHarness(onEvents(['contact_received']));
		const threads = Array.from({ length: 10 }, (_, index) => `dialog-${index}`);
		const deliverAll = async () =>
			await Promise.all(
				threads.map(
					async (thread) =>
						await harness.deliver({ body: message({ get_contact: true }, { thread_id: thread }) }),
				),
			);
		expect((await deliverAll()).flatMap((answer) => eventsOf(answer.items))).toHaveLength(10);
		expect((await deliverAll()).map((answer) => answer.body)).toEqual(
			threads.map((thread) =>
				expect.objectContaining({
					status: 'skipped',
					reason: `dialog ${thread} had contact_received before`,
				}),
			),
		);
	});

	it('a first message that already carries several flags fires each selected event, in one execution', async () => {
		const harness = new TriggerHarness(onEvents(['contact_received', 'interest_shown']));
		const answer = await harness.deliver({
			body: message({ get_contact: true, interest: true, success: true }),
		});
		expect(eventsOf(answer.items)).toEqual(['contact_received', 'interest_shown']);
	});

	it('a flag that is cleared and set again does not fire again', async () => {
		const harness = new TriggerHarness(onEvents(['handed_to_operator']));
		expect(eventsOf((await harness.deliver({ body: message({ operator: true }) })).items)).toEqual([
			'handed_to_operator',
		]);
		expect((await harness.deliver({ body: message({ operator: false }) })).items).toBeUndefined();
		expect((await harness.deliver({ body: message({ operator: true }) })).items).toBeUndefined();
	});

	it('whoever wrote the message: the customer, the AI or an operator (Message Types does not apply)', async () => {
		for (const messageType of ['user', 'bot', 'operator']) {
			const harness = new TriggerHarness(onEvents(['interest_shown'], { messageTypes: ['bot'] }));
			const answer = await harness.deliver({
				body: message({ interest: true }, { message_type: messageType }),
			});
			expect([messageType, eventsOf(answer.items)]).toEqual([messageType, ['interest_shown']]);
		}
	});

	it('without a thread_id the dialog is its task and chat; without those nothing tells the dialog, and it says so', async () => {
		const harness = new TriggerHarness(onEvents(['dialog_closed']));
		const byChat = await harness.deliver({ body: message({ close: true }, { thread_id: '' }) });
		expect(byChat.items?.[0]).toMatchObject({
			dialog_event: 'dialog_closed',
			dialog_key: '1721129985149x478019552540622850/123456789',
		});
		const unknown = await harness.deliver({
			body: message({ close: true }, { thread_id: null, task_id: null, external_chat_id: null }),
		});
		expect(unknown.body).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(/tells which dialog/),
		});
	});

	it('a message that raises no selected event starts nothing, and says so', async () => {
		const harness = new TriggerHarness(onEvents(['dialog_successful']));
		const answer = await harness.deliver({ body: message({ interest: true }) });
		expect(answer).toMatchObject({
			items: undefined,
			body: { status: 'skipped', reason: 'the message raises none of the selected dialog events' },
		});
	});

	it('an invalid payload is still output, with its errors, so nothing is lost', async () => {
		const harness = new TriggerHarness(onEvents(['contact_received']));
		const answer = await harness.deliver({ body: message({ get_contact: 'perhaps' }) });
		expect(answer.items?.[0]).toMatchObject({ _validation: { valid: false } });
		expect(answer.items?.[0].dialog_event).toBeUndefined();
	});

	it('Webhook Types and Task IDs still filter', async () => {
		const harness = new TriggerHarness(
			onEvents(['contact_received'], { options: { taskIds: 'another-task' } }),
		);
		expect((await harness.deliver({ body: message({ get_contact: true }) })).items).toBeUndefined();
	});

	it("an event that reached another n8n process stops at the trigger with no item, through n8n's deduplication store", async () => {
		const parameters = onEvents(['contact_received']);
		const first = new TriggerHarness(parameters);
		expect(eventsOf((await first.deliver({ body: message({ get_contact: true }) })).items)).toEqual(
			['contact_received'],
		);
		let trigger: SelartiTrigger | undefined;
		jest.isolateModules(() => {
			trigger = new (jest.requireActual<
				typeof import('../../../nodes/SelartiTrigger/SelartiTrigger.node')
			>('../../../nodes/SelartiTrigger/SelartiTrigger.node').SelartiTrigger)();
		});
		const other = new TriggerHarness(parameters, { workflow: first, trigger });
		const repeat = await other.deliver({ body: message({ get_contact: true }) });
		expect(repeat.items).toEqual([]);
		expect(repeat.hints).toEqual([
			expect.objectContaining({
				message: `Event contact_received of dialog ${THREAD} fired before: skipped, so each event starts the workflow once per dialog`,
				type: 'info',
			}),
		]);
	});
});
