import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core's InstanceSettings creates an encryption key in the n8n user folder on first use:
// point it at a throw-away folder so tests never write into ~/.n8n. Must run before n8n-core is loaded.
const userFolder = mkdtempSync(join(tmpdir(), 'selarti-trigger-unit-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY = 'selarti-trigger-unit-tests';

afterAll(() => rmSync(userFolder, { recursive: true, force: true }));
