import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { announceReady, closeOnSignals, failAndExit, numberFlag } from './shared/cli';
import {
	DEFAULT_API_KEY,
	DEFAULT_TASK_ID,
	DEFAULT_TOKEN,
	validateRuntimeOptions,
	type SandboxSeed,
	type SelartiSandboxOptions,
} from './selarti/options';
import { createSelartiSandbox } from './selarti/sandbox';

const USAGE = `Selarti sandbox: a local emulation of Selarti's API (see sandbox/README.md).

npm run sandbox -- [options]
  --port N                  port on 127.0.0.1 (default 8787; 0 = any free port)
  --latency-ms N            delay added to every API call
  --capacity N              concurrent API calls served; beyond it 429 + Retry-After (0 = unlimited)
  --retry-after S           Retry-After seconds of capacity 429s (default 1)
  --booleans yesno|bool     webhook flags as "yes"/"no" (default) or true/false
  --form                    webhooks as application/x-www-form-urlencoded instead of JSON
  --duplicate-webhooks      deliver every webhook twice
  --reply-delay-ms N        AI "thinking time" between the user's and the bot's webhook
  --reply-parts N           messages per AI answer, "<answer> (i/N)" (default 1; 0 = the AI never answers)
  --reply-part-gap-ms N     pause between two messages of one answer
  --webhook-retries N       extra attempts for failed webhook deliveries (default 0)
  --webhook-retry-delay-ms N  first retry delay, doubling (default 200)
  --webhook-timeout-ms N    receiver timeout per delivery (default 10000)
  --token-ttl-s N           lifetime of tokens issued by /wf/auth (default 0 = forever)
  --auth-failure-status 400|401  status of /wf/auth for a bad key (default 401)
  --api-key KEY             accepted API key (repeatable; default ${DEFAULT_API_KEY})
  --token TOKEN             static bearer token (repeatable; default ${DEFAULT_TOKEN})
  --task ID                 task id (repeatable; default ${DEFAULT_TASK_ID})
  --webhook URL             "All messages" webhook URL added to every task (repeatable)
  --seed-file FILE          JSON {apiKeys, tokens, tasks:[{id, webhookUrls}]} instead of the flags above
  --log-limit N             entries kept per log (default 100000)
`;

interface SeedFlags {
	'api-key'?: string[];
	token?: string[];
	task?: string[];
	webhook?: string[];
}

function seedFromFlags(flags: SeedFlags): SandboxSeed {
	const webhookUrls = flags.webhook ?? [];
	return {
		apiKeys: flags['api-key'] ?? [DEFAULT_API_KEY],
		tokens: flags.token ?? [DEFAULT_TOKEN],
		tasks: (flags.task ?? [DEFAULT_TASK_ID]).map((id) => ({ id, webhookUrls })),
	};
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8787' },
			'latency-ms': { type: 'string' },
			capacity: { type: 'string' },
			'retry-after': { type: 'string' },
			booleans: { type: 'string' },
			form: { type: 'boolean' },
			'duplicate-webhooks': { type: 'boolean' },
			'reply-delay-ms': { type: 'string' },
			'reply-parts': { type: 'string' },
			'reply-part-gap-ms': { type: 'string' },
			'webhook-retries': { type: 'string' },
			'webhook-retry-delay-ms': { type: 'string' },
			'webhook-timeout-ms': { type: 'string' },
			'token-ttl-s': { type: 'string' },
			'auth-failure-status': { type: 'string' },
			'api-key': { type: 'string', multiple: true },
			token: { type: 'string', multiple: true },
			task: { type: 'string', multiple: true },
			webhook: { type: 'string', multiple: true },
			'seed-file': { type: 'string' },
			'log-limit': { type: 'string' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		process.stdout.write(USAGE);
		return;
	}
	const runtime = validateRuntimeOptions({
		latencyMs: values['latency-ms'],
		capacity: values.capacity,
		retryAfterSeconds: values['retry-after'],
		booleans: values.booleans,
		webhookEncoding: values.form ? 'form' : undefined,
		duplicateWebhooks: values['duplicate-webhooks'],
		replyDelayMs: values['reply-delay-ms'],
		replyParts: values['reply-parts'],
		replyPartGapMs: values['reply-part-gap-ms'],
		webhookRetries: values['webhook-retries'],
		webhookRetryDelayMs: values['webhook-retry-delay-ms'],
		webhookTimeoutMs: values['webhook-timeout-ms'],
		tokenTtlSeconds: values['token-ttl-s'],
		authFailureStatus: values['auth-failure-status'],
	});
	const seed: SandboxSeed = values['seed-file']
		? (JSON.parse(readFileSync(values['seed-file'], 'utf8')) as SandboxSeed)
		: seedFromFlags(values);
	const options: SelartiSandboxOptions = {
		...runtime,
		port: numberFlag(values.port, 'port'),
		logLimit: numberFlag(values['log-limit'], 'log-limit'),
		seed,
	};
	const sandbox = await createSelartiSandbox(options);
	const tasks = await sandbox.control.listTasks();
	announceReady('selarti-sandbox', sandbox.url, sandbox.port, [
		`Selarti sandbox on ${sandbox.url} (control API ${sandbox.url}/__control/, Ctrl-C stops it)`,
		...tasks.map(
			(task) =>
				`  task ${task.id} → ${task.webhookUrls.length ? task.webhookUrls.join(', ') : 'no webhook yet'}`,
		),
	]);
	closeOnSignals(() => sandbox.close());
}

main().catch((error: unknown) => failAndExit(error, USAGE));
