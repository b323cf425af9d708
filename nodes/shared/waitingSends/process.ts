import { sleep } from 'n8n-workflow';

import { WaitingSendRegistry } from './registry';

/*
 * This n8n process's waits. The Selarti node and the Selarti Trigger load this module once per process (one module
 * cache), so a send and a trigger in one process share it; processes of queue mode each have their own.
 */
export const waitingSends = new WaitingSendRegistry({ now: Date.now, sleep });
