import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
	createFakeTelegramControlClient,
	createSelartiControlClient,
	DEFAULT_TASK_ID,
} from '../../../sandbox';
import { postJson } from './helpers';

const repoRoot = join(__dirname, '..', '..', '..');

/** Starts a CLI the way the e2e harness does and waits for its JSON ready line. */
function startCli(script: string, args: string[]): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn(
		join(repoRoot, 'node_modules', '.bin', 'tsx'),
		[join(repoRoot, script), ...args],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	return new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.once('line', (line) =>
			resolve({ child, url: (JSON.parse(line) as { url: string }).url }),
		);
		child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
	});
}

function stop(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => {
		child.once('exit', (code) => resolve(code));
		child.kill('SIGTERM');
	});
}

describe('sandbox command lines', () => {
	it('start on a free port, apply their flags, print a ready line and stop cleanly on SIGTERM', async () => {
		const [sandbox, telegram] = await Promise.all([
			startCli('sandbox/cli.ts', [
				'--port',
				'0',
				'--booleans',
				'bool',
				'--form',
				'--duplicate-webhooks',
				'--latency-ms',
				'5',
				'--capacity',
				'10',
				'--retry-after',
				'4',
				'--webhook',
				'http://127.0.0.1:9/hook',
			]),
			startCli('sandbox/fake-telegram-cli.ts', ['--port', '0', '--token', '1:allowed']),
		]);
		try {
			const control = createSelartiControlClient(sandbox.url);
			expect(await control.getOptions()).toMatchObject({
				booleans: 'bool',
				webhookEncoding: 'form',
				duplicateWebhooks: true,
				latencyMs: 5,
				capacity: 10,
				retryAfterSeconds: 4,
			});
			expect(await control.listTasks()).toEqual([
				expect.objectContaining({ id: DEFAULT_TASK_ID, webhookUrls: ['http://127.0.0.1:9/hook'] }),
			]);
			// What npm run dev prints for a Selarti Trigger that got a Secret: the task's URL replaced, as in the panel.
			await control.setWebhook(DEFAULT_TASK_ID, 'http://127.0.0.1:9/hook?secret=s3');
			expect((await control.listTasks())[0].webhookUrls).toEqual([
				'http://127.0.0.1:9/hook?secret=s3',
			]);
			await control.addFault({ status: 503, count: 1 });
			expect(await control.listFaults()).toEqual([
				expect.objectContaining({ id: 1, rule: { status: 503, count: 1 } }),
			]);

			expect((await fetch(`${telegram.url}/bot1:allowed/getMe`)).status).toBe(200);
			expect((await fetch(`${telegram.url}/bot2:other/getMe`)).status).toBe(401);
			await postJson(`${telegram.url}/bot1:allowed/sendMessage`, { chat_id: 1, text: 'x' });
			expect(await createFakeTelegramControlClient(telegram.url).sentMessages()).toHaveLength(1);
		} finally {
			expect(await Promise.all([stop(sandbox.child), stop(telegram.child)])).toEqual([0, 0]);
		}
	}, 30_000);
});
