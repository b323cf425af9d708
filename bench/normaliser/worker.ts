import { createRequire } from 'node:module';
import { join } from 'node:path';

import { allBot, halfUserHalfBot, webhookBodies } from '../payloads';

/**
 * Runs in a fresh process on n8n's own Node, with n8n's node_modules on NODE_PATH (as n8n gives community packages
 * their zod): times the Selarti Trigger's per-delivery work on the compiled package, one payload at a time.
 * argv: <unpacked package folder> <measured calls>. Prints one JSON line.
 */

interface BodyModule {
	readRequestBody(body: unknown, rawBody: unknown): unknown;
}
interface NormaliseModule {
	normalisePayload(received: unknown): { errors: unknown[] };
	toOutputJson(payload: unknown, includeRawBody: boolean): unknown;
}

const [packageFolder, callsText] = process.argv.slice(2);
const calls = Number(callsText);
const load = createRequire(join(packageFolder, 'package.json'));
const { readRequestBody } = load('./dist/nodes/SelartiTrigger/payload/body.js') as BodyModule;
const { normalisePayload, toOutputJson } = load(
	'./dist/nodes/SelartiTrigger/payload/normalise.js',
) as NormaliseModule;

// What n8n hands the webhook: the body parsed by its JSON parser, and the exact bytes as request.rawBody.
const deliveries = [...webhookBodies(500, allBot), ...webhookBodies(500, halfUserHalfBot)].map(
	(text) => ({
		body: JSON.parse(text) as unknown,
		rawBody: Buffer.from(text),
	}),
);

function handle(index: number): number {
	const delivery = deliveries[index % deliveries.length];
	const payload = normalisePayload(readRequestBody(delivery.body, delivery.rawBody));
	toOutputJson(payload, false);
	return payload.errors.length;
}

let invalid = 0;
for (let index = 0; index < 20_000; index++) invalid += handle(index);
const samples = new Float64Array(calls);
for (let index = 0; index < calls; index++) {
	const start = process.hrtime.bigint();
	invalid += handle(index);
	samples[index] = Number(process.hrtime.bigint() - start);
}
if (invalid > 0)
	throw new Error(
		`${invalid} payloads were reported invalid: the benchmark payloads do not match the schema`,
	);

// n8n's own JSON parse of the same bodies, for scale.
const parseSamples = new Float64Array(calls);
const texts = deliveries.map((delivery) => delivery.rawBody.toString());
for (let index = 0; index < calls; index++) {
	const start = process.hrtime.bigint();
	JSON.parse(texts[index % texts.length]);
	parseSamples[index] = Number(process.hrtime.bigint() - start);
}

const sorted = (values: Float64Array) => [...values].sort((a, b) => a - b);
const at = (values: number[], fraction: number) =>
	values[Math.min(values.length - 1, Math.ceil(fraction * values.length) - 1)];
const normalise = sorted(samples);
const parse = sorted(parseSamples);
process.stdout.write(
	`${JSON.stringify({
		medianNs: at(normalise, 0.5),
		p99Ns: at(normalise, 0.99),
		jsonParseMedianNs: at(parse, 0.5),
		bodyBytes: Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length),
		node: process.version,
	})}\n`,
);
