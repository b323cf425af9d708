import { createHash, createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/*
 * The one secret both nodes can read in any n8n process is the Selarti API credential. Everything a waiting send and
 * the Selarti Trigger say to each other is authenticated with a key derived from it: the API key, or the bearer token
 * in that mode, never the session token, which n8n refreshes. Its id names it without revealing it.
 */
export interface WaitKey {
	id: string;
	secret: Buffer;
}

const PURPOSE = 'n8n-nodes-selarti: replies for waiting sends, v1';

export function waitKeyOf(credentials: ICredentialDataDecryptedObject): WaitKey | undefined {
	const mode = credentials.authentication === 'accessToken' ? 'accessToken' : 'apiKey';
	const material = String(credentials[mode] ?? '').trim();
	if (material === '') return undefined;
	const secret = createHmac('sha256', material).update(`${PURPOSE}\n${mode}`, 'utf8').digest();
	const id = createHash('sha256').update('id\n').update(secret).digest('hex').slice(0, 16);
	return { id, secret };
}
