import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';
import { seedFieldNames } from '../../support/seedFields';

/*
 * Generators of webhook requests (content type + raw bytes + secret in the URL) and of trigger settings.
 * Values are drawn from pools that make filters, flags and repeated message ids actually match, mixed with
 * arbitrary JSON, so the oracle sees both the interesting cases and the unexpected ones.
 */

export type FuzzGroup =
	| 'json-value'
	| 'seed-fields'
	| 'unicode'
	| 'prototype-keys'
	| 'form'
	| 'unparseable'
	| 'deep'
	| 'huge';

export type SecretInUrl =
	| 'none'
	| 'empty'
	| 'right'
	| 'wrong'
	| 'last-character'
	| 'longer'
	| 'repeated';

export interface FuzzRequest {
	group: FuzzGroup;
	contentType: string | undefined;
	raw: Buffer;
	secretInUrl: SecretInUrl;
}

export interface FuzzSettings {
	secret: string;
	messageTypes: string[];
	taskIds: string;
	webhookTypes: string;
	skipBotDialogs: boolean;
	skipOperatorDialogs: boolean;
	skipClosedDialogs: boolean;
	ignoreRepeatedDeliveries: boolean;
	onInvalidPayload: 'output' | 'reject';
	includeRawBody: boolean;
}

export const FLAG_FIELDS = ['close', 'get_contact', 'interest', 'is_bot', 'operator', 'success'];
export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];
export const RESERVED_KEYS = ['_rawBody', '_validation'];

const TASK_POOL = ['1721129985149x478019552540622850', 't-2', '42'];
const WEBHOOK_TYPE_POOL = ['all_messages', 'ALL_MESSAGES', 'new_dialog'];
const MESSAGE_ID_POOL = ['m-1', 'm-2', '1721129985149x478019552540622004', '7'];

export const settingsArbitrary: fc.Arbitrary<FuzzSettings> = fc.record({
	// The Webhook Secret of the trigger's credential: at least 16 characters, as n8n stores it (trimmed).
	secret: fc.oneof(
		{ weight: 3, arbitrary: fc.constant('fuzz-webhook-secret-0123456789') },
		fc.string({ minLength: 16, maxLength: 40 }).filter((secret) => secret.trim() === secret),
		fc.constant('s3cret-Ω-🔑-long-enough'),
	),
	messageTypes: fc.oneof(
		{ weight: 2, arbitrary: fc.constant<string[]>(['bot', 'operator']) },
		{ weight: 2, arbitrary: fc.constant<string[]>([]) },
		fc.subarray(['bot', 'operator', 'user']),
	),
	taskIds: fc.oneof(
		{ weight: 3, arbitrary: fc.constant('') },
		fc.subarray(TASK_POOL, { minLength: 1 }).map((ids) => ids.join(' , ')),
	),
	webhookTypes: fc.oneof(
		{ weight: 3, arbitrary: fc.constant('') },
		fc.subarray(WEBHOOK_TYPE_POOL, { minLength: 1 }).map((types) => types.join(',')),
	),
	skipBotDialogs: fc.boolean(),
	skipOperatorDialogs: fc.boolean(),
	skipClosedDialogs: fc.boolean(),
	ignoreRepeatedDeliveries: fc.oneof(
		{ weight: 3, arbitrary: fc.constant(true) },
		fc.constant(false),
	),
	onInvalidPayload: fc.oneof(
		{ weight: 3, arbitrary: fc.constant<'output'>('output') },
		fc.constant<'reject'>('reject'),
	),
	includeRawBody: fc.boolean(),
});

/** Settings that let every readable payload through, so each one must start exactly one execution. */
export const openSettings: FuzzSettings = {
	secret: 'fuzz-webhook-secret-0123456789',
	messageTypes: [],
	taskIds: '',
	webhookTypes: '',
	skipBotDialogs: false,
	skipOperatorDialogs: false,
	skipClosedDialogs: false,
	ignoreRepeatedDeliveries: false,
	onInvalidPayload: 'output',
	includeRawBody: false,
};

export function nodeParameters(settings: FuzzSettings): INodeParameters {
	// The secret is a field of the trigger's credential, not a node parameter (see deliver.ts).
	const { messageTypes, taskIds, webhookTypes, skipBotDialogs, skipOperatorDialogs } = settings;
	const { skipClosedDialogs, ignoreRepeatedDeliveries, onInvalidPayload, includeRawBody } =
		settings;
	return {
		messageTypes,
		options: {
			taskIds,
			webhookTypes,
			skipBotDialogs,
			skipOperatorDialogs,
			skipClosedDialogs,
			ignoreRepeatedDeliveries,
			onInvalidPayload,
			includeRawBody,
		},
	};
}

const unicodeSamples = fc.constantFrom(
	'\u0000',
	'a\u0000b',
	'\u202Eevil\u202C',
	'\u200Fמה שלומך?',
	'مرحبا بك',
	'👨‍👩‍👧‍👦🔥',
	'\uFEFFbom',
	'Z̷̢̛a̶l̸g̵o̶',
	'\uD800',
	'\uDFFF\uD800',
	'\u2028\u2029',
	'\u00A0\u3000',
);

const unicodeText = fc.oneof(
	unicodeSamples,
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const paddedWord = (words: string[]) =>
	fc
		.tuple(
			fc.constantFrom(...words),
			fc.constantFrom('', ' ', '\t', '\n '),
			fc.constantFrom('', ' ', '  \r\n'),
			fc.boolean(),
		)
		.map(([word, before, after, upper]) => `${before}${upper ? word.toUpperCase() : word}${after}`);

const flagWords = paddedWord([
	'true',
	'false',
	'yes',
	'no',
	'1',
	'0',
	'',
	'maybe',
	'on',
	'off',
	'TRUE',
	'Yes',
]);

const shortJson = fc.jsonValue({ maxDepth: 2 });

function poolsFor(field: string): fc.Arbitrary<unknown>[] {
	const pools: fc.Arbitrary<unknown>[] = [];
	if (field === 'message_type')
		pools.push(
			paddedWord(['bot', 'operator', 'user', 'Bot', 'SYSTEM']),
			fc.constant('bot'),
			fc.constant('operator'),
		);
	if (field === 'task_id') pools.push(fc.constantFrom(...TASK_POOL), fc.constant(42));
	if (field === 'wh_type') pools.push(fc.constantFrom(...WEBHOOK_TYPE_POOL));
	if (field === 'message_id')
		pools.push(fc.constantFrom(...MESSAGE_ID_POOL), fc.constant(7), fc.uuid());
	if (FLAG_FIELDS.includes(field))
		pools.push(flagWords, fc.constantFrom(0, 1, 2, -1, 0.5), fc.boolean());
	return pools;
}

/** One value for a seed field: every JSON type, plus the strings that mean something to the normaliser. */
function anyTypeValue(field: string, text: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
	return fc.oneof(
		...poolsFor(field).map((arbitrary) => ({ weight: 4, arbitrary })),
		fc.constant(null),
		fc.boolean(),
		fc.integer(),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
		fc.constantFrom('', ' ', '\t\n', '\u00A0'),
		fc.integer().map((n) => ` ${n} `),
		text,
		fc.array(shortJson, { maxLength: 3 }),
		fc.dictionary(fc.string({ maxLength: 6 }), shortJson, { maxKeys: 3 }),
	);
}

const validFlagWords = paddedWord(['true', 'false', 'yes', 'no', '1', '0', '']);

/** A value of the kind Selarti sends for this field (text, a number, yes/no, empty), so most payloads are valid. */
function plausibleValue(field: string, text: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
	if (FLAG_FIELDS.includes(field))
		return fc.oneof(validFlagWords, fc.boolean(), fc.constantFrom(0, 1, null));
	const pools = poolsFor(field);
	if (pools.length > 0)
		return fc.oneof({ weight: 6, arbitrary: fc.oneof(...pools) }, text, fc.constant(null));
	const kinds: fc.Arbitrary<unknown>[] = [text, fc.integer(), fc.constantFrom('', ' ', null)];
	if (field === 'contacts')
		kinds.push(
			fc.dictionary(fc.constantFrom('phone', 'email', 'username'), fc.string({ maxLength: 12 }), {
				maxKeys: 3,
			}),
		);
	return fc.oneof(...kinds);
}

const extraKey = fc
	.string({ minLength: 1, maxLength: 12 })
	.filter((key) => !seedFieldNames.includes(key) && !FORBIDDEN_KEYS.includes(key));

/** A record with any subset of the 20 fields and a few extra fields; a field is of any JSON type when `anyType`. */
function seedRecord(
	text: fc.Arbitrary<string>,
	anyType: boolean,
): fc.Arbitrary<Record<string, unknown>> {
	const valueFor = anyType ? anyTypeValue : plausibleValue;
	const fields = Object.fromEntries(seedFieldNames.map((field) => [field, valueFor(field, text)]));
	return fc
		.tuple(
			fc.record(fields, { requiredKeys: [] }),
			fc.dictionary(
				fc.oneof({ weight: 5, arbitrary: extraKey }, fc.constantFrom(...RESERVED_KEYS)),
				shortJson,
				{ maxKeys: anyType ? 3 : 1 },
			),
		)
		.map(([seed, extras]) => ({ ...extras, ...seed }));
}

const jsonContentType = fc.constantFrom(
	'application/json',
	'application/json; charset=utf-8',
	'Application/JSON',
	'text/plain',
	undefined,
	'application/octet-stream',
);

function jsonRequest(
	group: FuzzGroup,
	body: fc.Arbitrary<string>,
	contentTypes = jsonContentType,
): fc.Arbitrary<Omit<FuzzRequest, 'secretInUrl'>> {
	return fc
		.tuple(body, contentTypes, fc.constantFrom('', '', '', '\uFEFF', ' \n'))
		.map(([text, contentType, prefix]) => ({
			group,
			contentType,
			raw: Buffer.from(`${prefix}${text}`, 'utf8'),
		}));
}

/**
 * JSON text in which "__proto__", "constructor" and "prototype" are real own keys at any depth (as JSON.parse and
 * querystring.parse create them), mixed with seed fields and names of Object.prototype's methods.
 */
const prototypeKeyJson: fc.Arbitrary<string> = fc
	.letrec((tie) => ({
		node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, shortJson, tie('object')),
		object: fc.array(
			fc.tuple(
				fc.constantFrom(
					...FORBIDDEN_KEYS,
					'toString',
					'valueOf',
					'hasOwnProperty',
					'__defineGetter__',
					'isAdmin',
					...seedFieldNames,
				),
				tie('node'),
			),
			{ maxLength: 5 },
		),
	}))
	.object.map((entries) => serialiseEntries(entries as Array<[string, unknown]>));

function serialiseEntries(entries: Array<[string, unknown]>): string {
	const parts = entries.map(([key, value]) => {
		const text =
			Array.isArray(value) &&
			value.every(
				(entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string',
			)
				? serialiseEntries(value as Array<[string, unknown]>)
				: JSON.stringify(value);
		return `${JSON.stringify(key)}:${text}`;
	});
	return `{${parts.join(',')}}`;
}

const formKey = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...seedFieldNames) },
	fc.constantFrom(...FORBIDDEN_KEYS, '_rawBody', 'a[b]', 'x.y', ''),
	fc.string({ maxLength: 8 }),
);

const formValue = fc.oneof(
	flagWords,
	fc.constantFrom(...MESSAGE_ID_POOL, ...TASK_POOL, 'bot', 'user', 'Operator'),
	unicodeText,
	fc.string({ maxLength: 12 }),
);

/** encodeURIComponent throws on lone surrogates; a sender's encoder would have replaced them. */
const encode = (text: string): string =>
	encodeURIComponent(
		text.replace(
			/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
			'\uFFFD',
		),
	);

/** Form-encoded text: properly encoded pairs, repeated keys, "+" for spaces, raw unicode and broken %-escapes. */
const formText: fc.Arbitrary<string> = fc
	.array(fc.tuple(formKey, formValue, fc.constantFrom('encoded', 'plus', 'raw', 'broken')), {
		minLength: 1,
		maxLength: 10,
	})
	.map((pairs) =>
		pairs
			.map(([key, value, style]) => {
				if (style === 'raw') return `${key}=${value}`;
				if (style === 'broken') return `${encode(key)}=%E0%A4%A${encode(value)}%`;
				const encoded = `${encode(key)}=${encode(value)}`;
				return style === 'plus' ? encoded.replace(/%20/g, '+') : encoded;
			})
			.join('&'),
	);

const formRequest = fc
	.tuple(
		formText,
		fc.constantFrom(
			'application/x-www-form-urlencoded',
			'application/x-www-form-urlencoded; charset=UTF-8',
			'text/plain',
			undefined,
		),
	)
	.map(([text, contentType]) => ({
		group: 'form' as const,
		contentType,
		raw: Buffer.from(text, 'utf8'),
	}));

const xmlDocument = fc
	.dictionary(
		fc.constantFrom(...seedFieldNames, 'extra'),
		fc.string({ maxLength: 10 }).map((text) => text.replace(/[<&]/g, '')),
		{ maxKeys: 5 },
	)
	.map(
		(fields) =>
			`<?xml version="1.0"?><message>${Object.entries(fields)
				.map(([key, value]) => `<${key}>${value}</${key}>`)
				.join('')}</message>`,
	);

/** Empty, truncated, binary, plain text, XML and non-object JSON bodies. */
const unparseableRequest = fc.oneof(
	fc
		.constantFrom(
			'application/json',
			'application/x-www-form-urlencoded',
			'text/plain',
			undefined,
			'application/xml',
		)
		.map((contentType) => ({ group: 'unparseable' as const, contentType, raw: Buffer.alloc(0) })),
	fc
		.tuple(
			fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
			fc.nat(),
		)
		.map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length)))
		.chain((text) => jsonRequest('unparseable', fc.constant(text))),
	fc
		.tuple(
			fc.uint8Array({ maxLength: 64 }),
			fc.constantFrom(
				'application/json',
				'application/octet-stream',
				'text/plain',
				undefined,
				'image/png',
			),
		)
		.map(([bytes, contentType]) => ({
			group: 'unparseable' as const,
			contentType,
			raw: Buffer.from(bytes),
		})),
	fc
		.tuple(
			fc.oneof(
				unicodeText,
				fc.constantFrom(
					'null',
					'true',
					'42',
					'"text"',
					'[]',
					'[{}]',
					'{',
					'}',
					'=',
					'&&',
					'a=',
					'=b',
					' {} ',
					'{"message_id":1e400,"close":1e400}',
				),
			),
			fc.constantFrom('text/plain', undefined, 'application/json'),
		)
		.map(([text, contentType]) => ({
			group: 'unparseable' as const,
			contentType,
			raw: Buffer.from(text, 'utf8'),
		})),
	fc
		.tuple(
			fc.oneof(xmlDocument, fc.constant('<a><b>')),
			fc.constantFrom('application/xml', 'text/xml', 'application/atom+xml'),
		)
		.map(([text, contentType]) => ({
			group: 'unparseable' as const,
			contentType,
			raw: Buffer.from(text, 'utf8'),
		})),
);

const secretInUrl: fc.Arbitrary<SecretInUrl> = fc.oneof(
	{ weight: 6, arbitrary: fc.constant<SecretInUrl>('right') },
	fc.constantFrom<SecretInUrl>('none', 'empty', 'wrong', 'last-character', 'longer', 'repeated'),
);

/** How a request is printed in a counter-example: 1 MB bodies are cut short. */
export function describeRequest(request: FuzzRequest): string {
	const text = request.raw.toString('utf8');
	const shown = text.length > 300 ? `${text.slice(0, 300)}… (${request.raw.length} bytes)` : text;
	return `{group: ${request.group}, contentType: ${JSON.stringify(request.contentType)}, secret: ${request.secretInUrl}, body: ${JSON.stringify(shown)}}`;
}

function withSecret(
	request: fc.Arbitrary<Omit<FuzzRequest, 'secretInUrl'>>,
): fc.Arbitrary<FuzzRequest> {
	return fc.tuple(request, secretInUrl).map(([partial, secret]) => {
		const complete: FuzzRequest = { ...partial, secretInUrl: secret };
		return Object.assign(complete, { [fc.toStringMethod]: () => describeRequest(complete) });
	});
}

/** The everyday mix: each request from one of the groups. */
export const mixedRequest: fc.Arbitrary<FuzzRequest> = withSecret(
	fc.oneof(
		{
			weight: 5,
			arbitrary: jsonRequest(
				'json-value',
				fc.jsonValue().map((value) => JSON.stringify(value)),
			),
		},
		{
			weight: 5,
			arbitrary: jsonRequest(
				'seed-fields',
				seedRecord(fc.string({ maxLength: 20 }), true).map((record) => JSON.stringify(record)),
			),
		},
		{
			weight: 5,
			arbitrary: jsonRequest(
				'seed-fields',
				seedRecord(fc.string({ maxLength: 20 }), false).map((record) => JSON.stringify(record)),
			),
		},
		{
			weight: 3,
			arbitrary: jsonRequest(
				'unicode',
				seedRecord(unicodeText, false).map((record) => JSON.stringify(record)),
			),
		},
		{ weight: 3, arbitrary: jsonRequest('prototype-keys', prototypeKeyJson) },
		{ weight: 3, arbitrary: formRequest },
		{ weight: 3, arbitrary: unparseableRequest },
	),
);

/** Nesting from a little below to far beyond the trigger's copy depth, as the whole body or inside a field. */
export const deepRequest: fc.Arbitrary<FuzzRequest> = withSecret(
	fc
		.tuple(
			fc.integer({ min: 20, max: 5000 }),
			fc.constantFrom('array', 'object'),
			fc.constantFrom('body', 'message_text', 'contacts', 'extra'),
		)
		.map(([depth, kind, where]) => {
			const nested =
				kind === 'array'
					? `${'['.repeat(depth)}1${']'.repeat(depth)}`
					: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
			const text =
				where === 'body'
					? nested
					: `{"message_type":"bot","message_id":"deep-${depth}","${where}":${nested}}`;
			return {
				group: 'deep' as const,
				contentType: 'application/json',
				raw: Buffer.from(text, 'utf8'),
			};
		}),
);

export const HUGE_LENGTH = 1024 * 1024;

/** 1 MB strings: in the text, in an extra field, as the message id, as a form value and as garbage. */
export const hugeRequest: fc.Arbitrary<FuzzRequest> = withSecret(
	fc
		.tuple(
			fc.constantFrom('message_text', 'extra', 'message_id', 'form', 'garbage'),
			fc.constantFrom('a', 'é', '😀', '\u0000'),
		)
		.map(([where, unit]) => {
			const huge = unit.repeat(Math.ceil(HUGE_LENGTH / Buffer.byteLength(unit)));
			if (where === 'form')
				return {
					group: 'huge' as const,
					contentType: 'application/x-www-form-urlencoded',
					raw: Buffer.from(`message_type=bot&message_text=${encodeURIComponent(huge)}`),
				};
			if (where === 'garbage')
				return { group: 'huge' as const, contentType: 'text/plain', raw: Buffer.from(huge) };
			return {
				group: 'huge' as const,
				contentType: 'application/json',
				raw: Buffer.from(JSON.stringify({ message_type: 'bot', [where]: huge })),
			};
		}),
);
