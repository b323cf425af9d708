import { createHash, createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/*
 * The secrets both nodes can read in any n8n process are those of the Selarti API credential: its API key, or its
 * bearer token in that mode (never the session token, which n8n refreshes), and the webhook secret its owner chose.
 * The wait key is derived from the first for its one purpose, so it reveals nothing of the credential.
 */

/** Authenticates what a waiting send and the Selarti Trigger say to each other; its id names it without revealing it. */
export interface WaitKey {
	id: string;
	secret: Buffer;
}

export interface CredentialKeys {
	wait: WaitKey;
	/** What the URL of a Selarti Trigger with this credential must carry (?secret=…); empty when not set. */
	webhookSecret: string;
}

export function credentialKeys(
	credentials: ICredentialDataDecryptedObject,
): CredentialKeys | undefined {
	const mode = credentials.authentication === 'accessToken' ? 'accessToken' : 'apiKey';
	const material = String(credentials[mode] ?? '').trim();
	if (material === '') return undefined;
	const secret = createHmac('sha256', material)
		.update(`n8n-nodes-selarti: replies for waiting sends, v1\n${mode}`, 'utf8')
		.digest();
	return {
		wait: {
			id: createHash('sha256').update('id\n').update(secret).digest('hex').slice(0, 16),
			secret,
		},
		webhookSecret: String(credentials.webhookSecret ?? '').trim(),
	};
}
