import fc from 'fast-check';

import {
	MAX_REMEMBERED_ID_LENGTH,
	RECENT_MESSAGE_IDS_CAPACITY,
} from '../../../nodes/SelartiTrigger/repeatedDeliveries/webhookCheck';
import { renderTable, writeSection } from '../support/report';
import {
	deepRequest,
	hugeRequest,
	mixedRequest,
	settingsArbitrary,
	type FuzzGroup,
	type FuzzRequest,
	type FuzzSettings,
} from './arbitraries';
import { FuzzedTrigger, type Outcome } from './deliver';
import {
	check,
	checkNoSharedObjects,
	checkSafeStructure,
	checkTypedFields,
	objectsOf,
	prototypeFingerprint,
	sameJson,
} from './invariants';
import { TriggerModel, type ExpectedAnswer } from './trigger-model';
import { selartiPayload } from '../../../harness/selartiPayload';

/*
 * Property-based fuzzing of the Selarti Trigger's real webhook() in n8n-core's real WebhookContext, fed the way
 * n8n's body parser feeds it (support/n8n-request.ts). Every run: random trigger settings, one workflow, a reference
 * delivery, four generated requests, the reference again. Each answer is compared with an independent model of the
 * rules (trigger-model.ts) and with invariants that hold whatever the input (invariants.ts).
 * RELIABILITY_SEED=<n> replays a run; the seed of every run is in RELIABILITY.md.
 */

const seed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MIXED_RUNS = 1300;
const SEQUENCE_LENGTH = 8;
/** The repeated-delivery memory's ceiling in JSON: every remembered id at most 6 bytes (\u0000) per character. */
const STATIC_DATA_CEILING = RECENT_MESSAGE_IDS_CAPACITY * (MAX_REMEMBERED_ID_LENGTH * 6 + 3) + 200;
const startedAt = Date.now();
const pristinePrototypes = prototypeFingerprint();

const payloadsByGroup = new Map<FuzzGroup, number>();
const outcomes = new Map<string, number>();
let referenceDeliveries = 0;
let largestStaticData = 0;
let serverErrors = 0;

function count(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}

const SKIP_REASONS: Array<[RegExp, string]> = [
	[/^message type/, 'message type not selected in Message Types'],
	[/^task/, 'task not in Task IDs'],
	[/^webhook type/, 'webhook type not in Webhook Types'],
	[/customer as a bot/, 'customer identified as a bot (Skip Dialogs With Bot Customers)'],
	[/operator/, 'dialog handed to an operator (Skip Dialogs Handed to an Operator)'],
	[/closed/, 'dialog closed (Skip Closed Dialogs)'],
	[/already received/, 'repeated delivery (message id already received)'],
];

function outcomeLabel(outcome: Outcome): string {
	if (outcome.by === 'n8n')
		return 'n8n answered 422 (body not parseable as its content type; node not run)';
	const { answer } = outcome;
	if (answer.items !== undefined)
		return answer.items[0]?._validation === undefined
			? 'execution, valid payload'
			: 'execution, invalid payload output with its errors';
	if (answer.status === 200) {
		const reason = String((answer.body as { reason?: unknown }).reason);
		return `200 skipped: ${SKIP_REASONS.find(([pattern]) => pattern.test(reason))?.[1] ?? reason}`;
	}
	return `${answer.status}: ${String((answer.body as { message?: unknown }).message)}`;
}

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 2000);

function checkAgainstModel(outcome: Outcome & { by: 'trigger' }, expected: ExpectedAnswer): void {
	const { answer } = outcome;
	const body = (answer.body ?? {}) as { message?: unknown; reason?: unknown; errors?: unknown };
	const seen = () =>
		`got ${answer.status} ${show(answer.body)} with ${answer.items === undefined ? 'no execution' : `items ${show(answer.items)}`}; expected ${expected.kind} ${show(expected)}`;
	check(answer.status < 500, seen);
	switch (expected.kind) {
		case 'secret':
			check(
				answer.status === expected.status &&
					answer.items === undefined &&
					/secret/i.test(String(body.message)),
				seen,
			);
			return;
		case 'rejected':
			check(
				answer.status === 400 &&
					answer.items === undefined &&
					body.message === 'Invalid Selarti payload',
				seen,
			);
			check(Array.isArray(body.errors) && body.errors.length > 0, seen);
			return;
		case 'skipped':
			check(
				answer.status === 200 &&
					answer.items === undefined &&
					body.message === 'Event received and skipped',
				seen,
			);
			check(expected.reason.test(String(body.reason)), seen);
			return;
		case 'execution': {
			check(answer.status === 200 && answer.items?.length === 1, seen);
			const { _validation: validation, ...item } = answer.items![0];
			checkTypedFields(item);
			checkSafeStructure(answer.items![0]);
			checkNoSharedObjects(answer.items![0], objectsOf(outcome.body));
			check(sameJson(item, expected.item), seen);
			if (!expected.invalid) {
				check(validation === undefined, seen);
				return;
			}
			const report = validation as
				| { valid?: unknown; errors?: Array<{ field: unknown; message: unknown }> }
				| undefined;
			check(
				report?.valid === false && Array.isArray(report.errors) && report.errors.length > 0,
				seen,
			);
			check(
				report!.errors!.every(
					(error) => typeof error.field === 'string' && typeof error.message === 'string',
				),
				seen,
			);
		}
	}
}

let referenceNumber = 0;

function referenceRequest(): { request: FuzzRequest; messageId: string } {
	const messageId = `reference-${++referenceNumber}-${seed}`;
	const raw = Buffer.from(JSON.stringify(selartiPayload({ message_id: messageId })));
	return {
		request: { group: 'seed-fields', contentType: 'application/json', raw, secretInUrl: 'right' },
		messageId,
	};
}

/** The reference delivery's answer with its message id blanked out, for comparison across workflows. */
async function referenceAnswer(trigger: FuzzedTrigger, model: TriggerModel): Promise<string> {
	const { request, messageId } = referenceRequest();
	const outcome = await trigger.deliver(request);
	if (outcome.by !== 'trigger') throw new Error('the reference payload did not reach the trigger');
	checkAgainstModel(outcome, model.expect(request, outcome.body));
	referenceDeliveries++;
	return JSON.stringify(outcome.answer).split(messageId).join('<id>');
}

async function runSequence(settings: FuzzSettings, requests: FuzzRequest[]): Promise<void> {
	const baseline = await referenceAnswer(new FuzzedTrigger(settings), new TriggerModel(settings));
	const trigger = new FuzzedTrigger(settings);
	const model = new TriggerModel(settings);
	check(
		(await referenceAnswer(trigger, model)) === baseline,
		() => 'the reference delivery was answered differently in a fresh workflow',
	);

	const emitted: Array<{ items: unknown; snapshot: string }> = [];
	for (const request of requests) {
		const outcome = await trigger.deliver(request);
		payloadsByGroup.set(request.group, (payloadsByGroup.get(request.group) ?? 0) + 1);
		count(outcomes, outcomeLabel(outcome));
		if (outcome.by === 'trigger' && outcome.answer.status >= 500) serverErrors++;
		if (prototypeFingerprint() !== pristinePrototypes)
			throw new Error('a request changed a built-in prototype');
		if (outcome.by === 'n8n') continue;
		checkAgainstModel(outcome, model.expect(request, outcome.body));
		if (outcome.answer.items)
			emitted.push({ items: outcome.answer.items, snapshot: JSON.stringify(outcome.answer.items) });
		const staticDataSize = JSON.stringify(trigger.harness.storedStaticData).length;
		largestStaticData = Math.max(largestStaticData, staticDataSize);
		check(
			staticDataSize <= STATIC_DATA_CEILING,
			() => `the workflow's static data grew to ${staticDataSize} bytes`,
		);
	}

	check(
		(await referenceAnswer(trigger, model)) === baseline,
		() => 'after the generated requests, the reference delivery was answered differently',
	);
	for (const { items, snapshot } of emitted)
		check(
			JSON.stringify(items) === snapshot,
			() => `an earlier output changed: ${snapshot.slice(0, 500)}`,
		);
}

const sequence = (request: fc.Arbitrary<FuzzRequest>, length: number) =>
	fc.array(request, { minLength: length, maxLength: length });

describe('fuzzing the Selarti Trigger webhook (n8n-core WebhookContext)', () => {
	afterAll(() => {
		const payloads = [...payloadsByGroup.values()].reduce((sum, n) => sum + n, 0);
		writeSection('fuzz', {
			title: 'Fuzzed webhook payloads (Selarti Trigger)',
			summary: `fast-check seed ${seed}. Each generated request went through n8n's body parsing rules and the trigger's real webhook() in n8n-core's WebhookContext, with random trigger settings, and was compared with an independent model of the rules. Properties: no throw, no 5xx, exactly one execution or a documented answer with a reason, the 20 fields present and typed, no prototype keys or shared objects in the output, no change to built-in prototypes, the reference delivery before and after each sequence answered identically, earlier outputs unchanged.`,
			figures: {
				'payloads fuzzed': payloads,
				'reference deliveries (isolation checks)': referenceDeliveries,
				'largest workflow static data seen (bytes)': largestStaticData,
				'5xx answers or throws': serverErrors,
				seed,
			},
			details: `${renderTable(['payload group', 'payloads'], [...payloadsByGroup.entries()].sort())}\n\n${renderTable(
				['answer', 'payloads'],
				[...outcomes.entries()].sort((a, b) => b[1] - a[1]),
			)}`,
			durationMs: Date.now() - startedAt,
		});
	});

	test(`${MIXED_RUNS} runs of ${SEQUENCE_LENGTH} requests: JSON values, seed fields of every type, unicode, prototype keys, form bodies, empty and unparseable bodies`, async () => {
		await fc.assert(
			fc.asyncProperty(settingsArbitrary, sequence(mixedRequest, SEQUENCE_LENGTH), runSequence),
			{ numRuns: MIXED_RUNS, seed },
		);
	});

	test('deep nesting (20 to 5,000 levels) as the body and inside fields', async () => {
		await fc.assert(fc.asyncProperty(settingsArbitrary, sequence(deepRequest, 2), runSequence), {
			numRuns: 60,
			seed,
		});
	});

	test('1 MB strings in the text, an extra field, the message id, a form value and as garbage', async () => {
		await fc.assert(fc.asyncProperty(settingsArbitrary, sequence(hugeRequest, 1), runSequence), {
			numRuns: 12,
			seed,
		});
	});

	test('at least 10,000 payloads were fuzzed', () => {
		const payloads = [...payloadsByGroup.values()].reduce((sum, n) => sum + n, 0);
		expect(payloads).toBeGreaterThanOrEqual(10_000);
	});
});
