import { parseArgs } from 'node:util';
import { announceReady, closeOnSignals, failAndExit, numberFlag } from './shared/cli';
import { createFakeTelegram } from './telegram/fake-telegram';

const USAGE = `Fake Telegram Bot API for n8n's Telegram Trigger and Telegram nodes (see sandbox/README.md).

npm run fake-telegram -- [options]
  --port N          port on 127.0.0.1 (default 8081; 0 = any free port)
  --token TOKEN     only accept this bot token (repeatable; default: any well-formed 123:ABC token)
Point the n8n Telegram credential's Base URL at the printed URL.
`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8081' },
			token: { type: 'string', multiple: true },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		process.stdout.write(USAGE);
		return;
	}
	const fake = await createFakeTelegram({
		port: numberFlag(values.port, 'port'),
		tokens: values.token,
	});
	announceReady('fake-telegram', fake.url, fake.port, [
		`Fake Telegram Bot API on ${fake.url} (control API ${fake.url}/__control/, Ctrl-C stops it)`,
	]);
	closeOnSignals(() => fake.close());
}

main().catch((error: unknown) => failAndExit(error, USAGE));
