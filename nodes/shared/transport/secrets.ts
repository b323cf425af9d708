/** Removes the credential's secrets from text that came from outside (Selarti's answers, error messages). */
export function scrubSecrets(text: string, secrets: readonly unknown[]): string {
	let scrubbed = text.replace(/(bearer\s+)[\w.~+/=-]{8,}/gi, '$1***');
	for (const secret of secrets) {
		// Very short values are not secrets worth hiding and would mangle ordinary words.
		if (typeof secret !== 'string' || secret.trim().length < 6) continue;
		scrubbed = scrubbed.split(secret.trim()).join('***');
	}
	return scrubbed;
}

/** The credential fields that must never be shown. */
export function credentialSecrets(credentials: Record<string, unknown> | undefined): string[] {
	if (!credentials) return [];
	return ['apiKey', 'accessToken', 'sessionToken', 'webhookSecret']
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.length > 0);
}
