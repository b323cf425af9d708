import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * The Authorization header of every Selarti call: the session token (API Key mode) or the pasted token, which may
 * come with its "Bearer " prefix or spaces.
 */
export function authorizationHeader(credentials: ICredentialDataDecryptedObject): string {
	const token =
		credentials.authentication === 'accessToken'
			? credentials.accessToken
			: credentials.sessionToken;
	return `Bearer ${String(token ?? '')
		.trim()
		.replace(/^bearer\s+/i, '')}`;
}
