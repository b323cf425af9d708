import { checkSecret } from '../../../nodes/SelartiTrigger/webhook/secret';
import { HARNESS_CREDENTIALS, TriggerHarness } from '../../support/n8n/triggerHarness';
import { renderTable, writeSection } from '../support/report';
import { selartiPayload } from '../../../harness/selartiPayload';

/*
 * The trigger's secret (the Webhook Secret of its credential) through its real webhook() in n8n-core's WebhookContext: only the exact secret starts an
 * execution; a missing one is answered 401, any other 403, and no answer repeats the secret. Then the comparison's
 * running time is measured per kind of wrong guess and written to RELIABILITY.md as figures (no timing assertions:
 * a shared CI machine is too noisy for them). A naive `===` is measured the same way, to show what the instrument
 * can see.
 */

const startedAt = Date.now();
const secrets = [
	'a1b2c3d4e5f6g7h8',
	'p9Q-7fK2_vX0m3LrZ8tYw4Jd6Hs1Nc5B',
	'пароль с пробелами и 🔑',
	`long-${'k'.repeat(200)}-end`,
];

const replaceLast = (text: string) => `${text.slice(0, -1)}${text.endsWith('x') ? 'y' : 'x'}`;
const replaceFirst = (text: string) => `${text.startsWith('x') ? 'y' : 'x'}${text.slice(1)}`;

function wrongGuesses(secret: string): Array<[string, unknown]> {
	return [
		['wrong, same length', 'z'.repeat(secret.length)],
		['first character differs', replaceFirst(secret)],
		['last character differs', replaceLast(secret)],
		['one character shorter', secret.slice(0, -1)],
		['one character longer', `${secret}x`],
		['much longer', secret.repeat(20)],
		[
			'different case',
			secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase(),
		],
		['trailing space', `${secret} `],
		['leading space', ` ${secret}`],
		['NUL appended', `${secret}\u0000`],
		['given twice (?secret=…&secret=…)', [secret, secret]],
		[
			'Unicode-decomposed (NFD)',
			secret.normalize('NFD') === secret ? `${secret}\u0301` : secret.normalize('NFD'),
		],
	];
}

let tried = 0;
let executions = 0;

async function deliver(secret: string, query: Record<string, unknown>) {
	const harness = new TriggerHarness(
		{ messageTypes: ['bot', 'operator'] },
		{ credentials: { ...HARNESS_CREDENTIALS, webhookSecret: secret } },
	);
	const body = selartiPayload({ message_id: `secret-${tried}` });
	tried++;
	const answer = await harness.deliver({ body, rawBody: Buffer.from(JSON.stringify(body)), query });
	if (answer.items) executions++;
	expect(JSON.stringify(answer.body)).not.toContain(secret);
	return answer;
}

describe('the Selarti Trigger secret', () => {
	test.each(secrets)('only the exact secret %p starts an execution', async (secret) => {
		expect((await deliver(secret, {})).status).toBe(401);
		expect((await deliver(secret, { secret: '' })).status).toBe(401);
		for (const [kind, guess] of wrongGuesses(secret)) {
			const answer = await deliver(secret, { secret: guess });
			expect({ kind, status: answer.status, started: answer.items !== undefined }).toEqual({
				kind,
				status: 403,
				started: false,
			});
		}
		const right = await deliver(secret, { secret });
		expect(right.status).toBe(200);
		expect(right.items).toHaveLength(1);
	});

	test('timing of the comparison by kind of guess (figures for RELIABILITY.md)', () => {
		const secret = `timing-${'s'.repeat(4096 - 7)}`;
		const guesses: Array<[string, string]> = [
			// A copy, so `===` compares the characters instead of finding the same string object.
			['right secret', [...secret].join('')],
			['first character differs', replaceFirst(secret)],
			['last character differs', replaceLast(secret)],
			['one character shorter', secret.slice(0, -1)],
			['1 character long', 'x'],
		];
		const trigger = measure(guesses, (guess) => checkSecret(secret, { secret: guess }).ok);
		const naive = measure(guesses, (guess) => guess === secret);
		const rows = guesses.map(([kind]) => [kind, trigger.get(kind) ?? '', naive.get(kind) ?? '']);
		writeSection('secrets', {
			title: 'Webhook secret',
			summary: `Through the trigger's real webhook(): for ${secrets.length} secrets (6 to 210 characters, Cyrillic and emoji), no secret, an empty one and ${wrongGuesses('x').length} kinds of wrong guess (first or last character changed, shorter, longer, case, spaces, NUL, given twice, Unicode decomposition) were each answered 401 or 403 without an execution, and only the exact secret started one; no answer contains the secret. Timing: median nanoseconds per comparison of a 4,096-character secret (interleaved batches; measured, not asserted). The trigger hashes both sides with SHA-256 and compares the digests with timingSafeEqual, so a guess's time depends on the guess's own length only; the naive \`===\` column shows the early exit such a measurement detects.`,
			figures: {
				'secrets tried (webhook deliveries)': tried,
				'executions started': executions,
				'executions expected (one per secret)': secrets.length,
			},
			details: renderTable(
				['guess (4,096-character secret)', 'trigger: ns p50 / p90', 'naive ===: ns p50 / p90'],
				rows,
			),
			durationMs: Date.now() - startedAt,
		});
		expect(executions).toBe(secrets.length);
	});
});

/** Median and 90th percentile of ns per call, from interleaved batches so drift affects every kind alike. */
function measure(
	guesses: Array<[string, string]>,
	compare: (guess: string) => boolean,
): Map<string, string> {
	const batches = 300;
	const callsPerBatch = 200;
	const samples = new Map<string, number[]>(guesses.map(([kind]) => [kind, []]));
	let sink = 0;
	for (let batch = 0; batch < batches; batch++) {
		for (const [kind, guess] of guesses) {
			const start = process.hrtime.bigint();
			for (let call = 0; call < callsPerBatch; call++) if (compare(guess)) sink++;
			samples.get(kind)!.push(Number(process.hrtime.bigint() - start) / callsPerBatch);
		}
	}
	expect(sink).toBe(batches * callsPerBatch);
	const result = new Map<string, string>();
	for (const [kind, values] of samples) {
		values.sort((a, b) => a - b);
		const at = (quantile: number) => values[Math.floor(quantile * (values.length - 1))].toFixed(0);
		result.set(kind, `${at(0.5)} / ${at(0.9)}`);
	}
	return result;
}
