import { stopAll } from './running';

/** Jest global teardown: stops every n8n and fake the global setup started (by process group). */
export default async function globalTeardown(): Promise<void> {
	await stopAll();
}
