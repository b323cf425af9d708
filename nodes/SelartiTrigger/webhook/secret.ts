import { sameSecretText } from '../../shared/sameSecretText';
import { MIN_WEBHOOK_SECRET_CHARS, triggerWords } from './wording';

/*
 * Selarti's integration form only takes a URL, so the secret travels as the query parameter "secret".
 * (node:crypto, used to compare it, is on the community lint's list of allowed imports.)
 */

export type SecretCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * What keeps a trigger from taking calls, checked at activation and on every call: no credential, or a Webhook
 * Secret that is missing or too short. Undefined when the credential is ready.
 */
export function webhookSecretProblem(expectedSecret: string | undefined): string | undefined {
	if (expectedSecret === undefined) return triggerWords.noCredential;
	if (expectedSecret.length < MIN_WEBHOOK_SECRET_CHARS) return triggerWords.noWebhookSecret;
	return undefined;
}

/**
 * The trigger's URL must carry the Webhook Secret of its credential (`?secret=…`). Without a credential or a secret
 * nothing is taken: the node's activation already said what to add.
 */
export function checkSecret(expectedSecret: string | undefined, query: unknown): SecretCheck {
	const problem = webhookSecretProblem(expectedSecret);
	if (problem !== undefined || expectedSecret === undefined)
		return { ok: false, status: 401, message: problem ?? triggerWords.noCredential };
	const given =
		typeof query === 'object' && query !== null
			? (query as Record<string, unknown>).secret
			: undefined;
	if (given === undefined || given === '') {
		return {
			ok: false,
			status: 401,
			message: triggerWords.missingSecret,
		};
	}
	return sameSecretText(expectedSecret, given)
		? { ok: true }
		: {
				ok: false,
				status: 403,
				message: triggerWords.wrongSecret,
			};
}
