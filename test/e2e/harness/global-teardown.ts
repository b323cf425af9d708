import { stopVersion } from './running';

/** Jest global teardown, once per project: stops that version's n8n and fakes (by process group). */
export default async function globalTeardown(_globalConfig: unknown, projectConfig: { globals: Record<string, unknown> }): Promise<void> {
	await stopVersion(String(projectConfig.globals.n8nVersion));
}
