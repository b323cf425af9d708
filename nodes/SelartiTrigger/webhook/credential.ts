import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { credentialKeys, type CredentialKeys, type WaitKey } from '../../shared/credentialKeys';
import { keepAsMostRecent } from '../../shared/mostRecent';
import { nodeKey } from '../repeatedDeliveries/perNode';
import { SELARTI_CREDENTIAL } from '../../shared/transport';
import { webhookSecretProblem } from './secret';
import { triggerWords } from './wording';

/*
 * The keys of the trigger's Selarti API credential: its webhook secret and its wait key. Read once a minute per
 * trigger, not per delivery (n8n reads and decrypts a credential from its database on every call); an edited
 * credential takes effect within that minute.
 */
const KEYS_REUSE_MS = 60_000;
const read = new Map<string, { keys: CredentialKeys | undefined; readAt: number }>();

/** The keys of the trigger's credential; undefined when none is selected or it has no key or token. */
export async function triggerKeys(
	context: IWebhookFunctions | IHookFunctions,
): Promise<CredentialKeys | undefined> {
	const reference = `${nodeKey(context)}/${context.getNode().credentials?.[SELARTI_CREDENTIAL]?.id ?? ''}`;
	const known = read.get(reference);
	if (known !== undefined && Date.now() - known.readAt < KEYS_REUSE_MS) return known.keys;
	const credentials = await context.getCredentials(SELARTI_CREDENTIAL).catch(() => undefined);
	const keys = credentials === undefined ? undefined : credentialKeys(credentials);
	keepAsMostRecent(read, reference, { keys, readAt: Date.now() }, 1000);
	return keys;
}

/** A wait key of this process's triggers, which requests of sends in other processes may be signed with. */
export function waitKeyNamed(id: string): WaitKey | undefined {
	for (const { keys } of read.values()) if (keys?.wait.id === id) return keys.wait;
	return undefined;
}

/** At activation: the credential with a webhook secret, or an error that says what to add. */
export async function requireTriggerKeys(context: IHookFunctions): Promise<CredentialKeys> {
	const keys = await triggerKeys(context);
	const problem = webhookSecretProblem(keys?.webhookSecret);
	if (problem !== undefined || keys === undefined)
		throw new NodeOperationError(context.getNode(), problem ?? triggerWords.noCredential);
	return keys;
}
