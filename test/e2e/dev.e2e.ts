import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

import { createFakeTelegramControlClient, createSelartiControlClient } from '../../sandbox';
import pinnedN8nVersions from '../../scripts/n8n-versions.json';
import { http } from '../../harness/http';
import { repoRoot } from '../../harness/paths';
import { e2eSuite } from './support/suite';
import { waitFor } from '../../harness/wait';

const e2e = e2eSuite();

/** `npm run dev` as a newcomer or an IDE runs it: its output, and the signal an IDE's stop button sends. */
class DevRun {
	readonly lines: string[] = [];

	private readonly child: ChildProcess;

	readonly exited: Promise<number | null>;

	constructor() {
		const env = { ...process.env };
		delete env.N8N_VERSION;
		// Its own process group, so that the test can clean up after a failure; the stop signal goes to npm alone.
		this.child = spawn('npm', ['run', 'dev'], {
			cwd: repoRoot,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let partial = '';
		const collect = (chunk: Buffer) => {
			const text = partial + chunk.toString();
			const complete = text.split('\n');
			partial = complete.pop() ?? '';
			this.lines.push(...complete);
		};
		this.child.stdout?.on('data', collect);
		this.child.stderr?.on('data', collect);
		this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
	}

	async lineMatching(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
		return await waitFor(
			`npm run dev to print ${pattern}`,
			async () =>
				this.lines.map((line) => pattern.exec(line)).find((match) => match !== null) ?? undefined,
			{
				timeoutMs,
				diagnostics: async () => this.lines.slice(-30).join('\n'),
			},
		);
	}

	stop(signal: NodeJS.Signals): void {
		this.child.kill(signal);
	}

	/** After a failed test: SIGTERM to npm and the dev script (which stops what it started), SIGKILL after 30 s. */
	async cleanUp(): Promise<void> {
		if (this.child.exitCode !== null || this.child.pid === undefined) return;
		const group = -this.child.pid;
		process.kill(group, 'SIGTERM');
		const stopped = await Promise.race([
			this.exited.then(() => true),
			new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000).unref()),
		]);
		if (!stopped) process.kill(group, 'SIGKILL');
	}
}

const portIsClosed = async (url: string) =>
	await new Promise<boolean>((resolve) => {
		const { hostname, port } = new URL(url);
		const socket = createConnection({ host: hostname, port: Number(port) });
		socket.once('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(true));
	});

// npm run dev starts the newest pinned n8n: it runs once, beside that version's suite.
// It starts an n8n of its own: not beside an n8n the suite did not start (SELARTI_E2E_N8N_URL).
const describeDev =
	e2e.version === pinnedN8nVersions.newest && !process.env.SELARTI_E2E_N8N_URL
		? describe
		: describe.skip;

describeDev('npm run dev, as a newcomer uses it', () => {
	it.each(['SIGINT', 'SIGTERM'] as const)(
		'starts n8n with every example working, shows replies, leads and failed deliveries, and %s to npm stops everything',
		async (signal) => {
			const dev = new DevRun();
			try {
				const [, n8nUrl] = await dev.lineMatching(/is ready: (http:\/\/\S+)/, 10 * 60_000);
				const [, sandboxUrl] = await dev.lineMatching(
					/What the Selarti sandbox received: (http:\/\/\S+)\/__control\/calls/,
				);
				const [, telegramUrl] = await dev.lineMatching(
					/What the fake Telegram sent: (http:\/\/\S+)\/__control\/sent/,
				);

				// Every link it prints answers.
				const links = dev.lines.flatMap((line) =>
					[...line.matchAll(/(?<!-X POST )(http:\/\/127\.0\.0\.1:\d+\/\S*)/g)].map(
						(match) => match[1],
					),
				);
				const printed = links.filter((link) => !link.includes('/webhook/'));
				expect(printed.length).toBeGreaterThanOrEqual(5);
				for (const link of printed)
					expect([
						link,
						(await http(link, { method: 'GET', headers: { accept: 'text/html,application/json' } }))
							.status,
					]).toEqual([link, 200]);

				// A Telegram user writes; the AI's reply comes back and is shown.
				await createFakeTelegramControlClient(telegramUrl).postUpdate({
					chatId: 42,
					text: `Hello (${signal})`,
				});
				await dev.lineMatching(new RegExp(`^\\[Telegram → chat 42\\] AI: Hello \\(${signal}\\)`));

				// The website chat answers in its page (the chat's own request, as the page sends it).
				const [, chatUrl] = await dev.lineMatching(/Website chat: +open (http:\/\/\S+\/chat) /);
				const chatAnswer = await http<{ output?: string }>(chatUrl, {
					body: {
						action: 'sendMessage',
						sessionId: `dev-${signal}`,
						chatInput: 'Hi from the chat',
					},
				});
				expect(chatAnswer.body?.output).toBe('AI: Hi from the chat');

				// The printed one-liner tags a dialog; the leads example posts the lead to the "CRM", whose line names the
				// dialog's panel page, which opens.
				const [, tagUrl, tagBody] = await dev.lineMatching(
					/curl -s -X POST (http:\/\/\S+\/send_message_external) .* -d '(.+)'$/,
				);
				const tagged = await http(tagUrl, {
					body: JSON.parse(tagBody) as Record<string, unknown>,
					headers: { authorization: 'Bearer sandbox-token' },
				});
				expect(tagged.status).toBe(200);
				const [, panelUrl] = await dev.lineMatching(
					/^\[CRM ← lead\] contact_received: Sandbox User 9, \+7 999 123-45-67 \((http:\/\/\S+)\)$/,
				);
				const panel = await http(panelUrl, { method: 'GET' });
				expect([panel.status, panel.text]).toEqual([
					200,
					expect.stringContaining('Tags: contact received'),
				]);

				// A delivery n8n does not accept is shown with what to do.
				const sandbox = createSelartiControlClient(sandboxUrl);
				const task = (await sandbox.listTasks()).find((candidate) =>
					candidate.webhookUrls.some((url) => url.startsWith(n8nUrl)),
				);
				if (!task) throw new Error('no sandbox task points at the dev n8n');
				await sandbox.setWebhook(task.id, `${n8nUrl}/webhook/not-a-selarti-trigger`);
				await sandbox.sendOperatorMessage(task.id, '42', 'Anyone there?');
				await dev.lineMatching(
					/^\[Selarti sandbox → n8n\] the operator message of chat 42 was not accepted at .*not-a-selarti-trigger: HTTP 404$/,
				);
				await dev.lineMatching(/is the workflow active/);

				dev.stop(signal);
				const exited = await Promise.race([
					dev.exited.then(() => true),
					new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000).unref()),
				]);
				expect([`npm run dev exited after ${signal}`, exited]).toEqual([
					`npm run dev exited after ${signal}`,
					true,
				]);
				for (const url of [n8nUrl, sandboxUrl, telegramUrl]) {
					await waitFor(
						`${url} to be closed after ${signal}`,
						async () => ((await portIsClosed(url)) ? true : undefined),
						{ timeoutMs: 30_000 },
					);
				}
				expect(dev.lines).toContain('Stopped n8n, the sandbox and the fake Telegram.');
			} finally {
				await dev.cleanUp();
			}
		},
		15 * 60_000,
	);
});
