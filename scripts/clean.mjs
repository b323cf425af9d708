// Removes the build output so a renamed or deleted file never lingers in the published package.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
