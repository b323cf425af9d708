import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	createSelartiSandbox,
	DEFAULT_TASK_ID,
	DEFAULT_TOKEN,
	type SelartiSandbox,
} from '../sandbox';
import { newRunFolder } from '../harness/staleRuns';
import { startBenchN8n, type BenchN8n, type BenchN8nOptions } from './n8n';
import { packEarlierCommit, packPackage, type PackedPackage } from './package-tarball';
import type { SendTarget } from './send/workflows';
import { TEST_WEBHOOK_SECRET } from '../harness/workflows';

export interface BenchEnvironment {
	workFolder: string;
	packed: PackedPackage;
	n8n: BenchN8n;
	sandbox: SelartiSandbox;
	/** Epoch ms of the sandbox's clock origin: its call log's `at` is relative to it (± a few ms). */
	sandboxOriginEpochMs: number;
	target: SendTarget;
	stop(): Promise<void>;
}

/** A folder per bench run under the system temp folder; runs left behind by a killed bench are cleaned up. */
export async function benchWorkFolder(): Promise<string> {
	return await newRunFolder(join(tmpdir(), 'n8n-selarti-bench'), 2);
}

/**
 * One n8n (a tested version, package installed from its tarball) and one Selarti sandbox on loopback for all
 * measurements, so every configuration is compared in the same n8n. The sandbox runs in this process: its
 * counters and logs are read directly.
 */
export async function startEnvironment(
	workFolder: string,
	packed: PackedPackage,
	options: BenchN8nOptions,
): Promise<BenchEnvironment> {
	const sandboxOriginEpochMs = Date.now();
	const sandbox = await createSelartiSandbox({ port: 0, logLimit: 200_000 });
	let n8n: BenchN8n | undefined;
	try {
		n8n = await startBenchN8n(workFolder, packed.tarball, options);
		const selartiCredential = await n8n.client.createCredential('Selarti sandbox', 'selartiApi', {
			authentication: 'accessToken',
			accessToken: DEFAULT_TOKEN,
			server: 'custom',
			customBaseUrl: sandbox.url,
			webhookSecret: TEST_WEBHOOK_SECRET,
		});
		const headerAuthCredential = await n8n.client.createCredential(
			'Selarti bearer header',
			'httpHeaderAuth',
			{
				name: 'Authorization',
				value: `Bearer ${DEFAULT_TOKEN}`,
			},
		);
		const running = n8n;
		return {
			workFolder,
			packed,
			n8n: running,
			sandbox,
			sandboxOriginEpochMs,
			target: {
				sandboxUrl: sandbox.url,
				taskId: DEFAULT_TASK_ID,
				selartiCredential,
				headerAuthCredential,
			},
			stop: async () => {
				await running.stop();
				await sandbox.close();
			},
		};
	} catch (error) {
		await n8n?.stop();
		await sandbox.close();
		throw error;
	}
}

export { packEarlierCommit, packPackage };
