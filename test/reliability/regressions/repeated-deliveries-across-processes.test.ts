import { SelartiTrigger } from '../../../nodes/SelartiTrigger/SelartiTrigger.node';
import { mockPauses, TriggerHarness, type Answer } from '../../support/n8n/triggerHarness';
import { selartiPayload } from '../../../harness/selartiPayload';

/*
 * Found by the queue-mode test in a real n8n (n8n 2.40.7, a webhook process and the main process, two workers):
 * - a repeat that reached another n8n process than the first delivery started a second execution that output the
 *   message again (9 of 10), since the trigger's memory of ids was per process and n8n 2.x keeps only a workflow's
 *   first id in static data;
 * - checking in n8n's deduplication store instead, 200 messages from 10 senders split between two processes, then
 *   each resent to the other process: 149 output twice, because the store reads and rewrites its whole list, so
 *   checks at the same time erase each other's records.
 * The harness's store reads and writes the same way; each module instance of the node is an n8n process (two
 * webhook processes, two workers), and the trigger's pauses are real, since they get the workers out of step.
 */

beforeAll(() => {
	mockPauses.real = true;
});

function nodeInAnotherProcess(): SelartiTrigger {
	let trigger: SelartiTrigger | undefined;
	jest.isolateModules(() => {
		const module = jest.requireActual<
			typeof import('../../../nodes/SelartiTrigger/SelartiTrigger.node')
		>('../../../nodes/SelartiTrigger/SelartiTrigger.node');
		trigger = new module.SelartiTrigger();
	});
	return trigger!;
}

const deliver = async (harness: TriggerHarness, messageId: string): Promise<Answer> =>
	await harness.deliver({ body: selartiPayload({ message_id: messageId }) });

const outputOf = (answers: Answer[]) => answers.map((answer) => answer.items?.length ?? 0);

test('queue mode: a burst split between two webhook processes, then each message again to the other one: every message output once', async () => {
	const webhookProcess = new TriggerHarness({}, { executionTrigger: nodeInAnotherProcess() });
	const mainProcess = new TriggerHarness(
		{},
		{
			workflow: webhookProcess,
			trigger: nodeInAnotherProcess(),
			executionTrigger: nodeInAnotherProcess(),
		},
	);
	const processes = [webhookProcess, mainProcess];
	const ids = Array.from({ length: 60 }, (_, index) => `split-${index}`);
	expect(
		outputOf(
			await Promise.all(ids.map(async (id, index) => await deliver(processes[index % 2], id))),
		),
	).toEqual(ids.map(() => 1));
	// n8n 2.x keeps no id of these in static data: each process sees only its own memory and the store.
	for (const harness of processes) harness.storedStaticData = {};
	expect(
		outputOf(
			await Promise.all(
				ids.map(async (id, index) => await deliver(processes[(index + 1) % 2], id)),
			),
		),
	).toEqual(ids.map(() => 0));
});

test('a repeat to a process that never saw the message, after a restart of the one that did, is not output', async () => {
	const before = new TriggerHarness({});
	await deliver(before, 'before-restart');
	const afterRestart = new TriggerHarness(
		{},
		{ workflow: before, trigger: nodeInAnotherProcess() },
	);
	expect(outputOf([await deliver(afterRestart, 'before-restart')])).toEqual([0]);
});
