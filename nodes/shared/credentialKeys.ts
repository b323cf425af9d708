import { createHash, createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/*
 * The one secret both nodes can read in any n8n process is the Selarti API credential: its API key, or its bearer
 * token in that mode (never the session token, which n8n refreshes). The keys the package needs are derived from it,
 * each for one purpose, so none can stand in for another and none reveals the credential.
 */

/** Authenticates what a waiting send and the Selarti Trigger say to each other; its id names it without revealing it. */
export interface WaitKey {
	id: string;
	secret: Buffer;
}

export interface CredentialKeys {
	wait: WaitKey;
	/** The secret a trigger's URL carries (?secret=…), one per trigger: a leaked URL opens no other trigger. */
	webhookSecret(webhookId: string): string;
}

export function credentialKeys(
	credentials: ICredentialDataDecryptedObject,
): CredentialKeys | undefined {
	const mode = credentials.authentication === 'accessToken' ? 'accessToken' : 'apiKey';
	const material = String(credentials[mode] ?? '').trim();
	if (material === '') return undefined;
	const derive = (purpose: string) =>
		createHmac('sha256', material)
			.update(`n8n-nodes-selarti: ${purpose}\n${mode}`, 'utf8')
			.digest();
	const secret = derive('replies for waiting sends, v1');
	const webhook = derive('webhook secrets, v1');
	return {
		wait: {
			id: createHash('sha256').update('id\n').update(secret).digest('hex').slice(0, 16),
			secret,
		},
		webhookSecret: (webhookId) =>
			createHmac('sha256', webhook).update(webhookId, 'utf8').digest('base64url').slice(0, 32),
	};
}
