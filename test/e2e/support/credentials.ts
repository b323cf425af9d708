import { TEST_WEBHOOK_SECRET } from '../../../harness/workflows';
import type { E2eState } from './state';

/** The sandbox's default seed (sandbox/selarti/options.ts): an API key and a static bearer token it accepts. */
export const sandboxApiKey = 'sandbox-api-key';
export const sandboxToken = 'sandbox-token';

export type SelartiCredentialData = {
	authentication: 'apiKey' | 'accessToken';
	apiKey?: string;
	accessToken?: string;
	server: string;
	customBaseUrl?: string;
	webhookSecret?: string;
};

/** A Selarti API credential as a user fills it in for a custom server: here, the sandbox. */
export function selartiCredentialData(
	state: E2eState,
	overrides: Partial<SelartiCredentialData> = {},
): SelartiCredentialData {
	const authentication = overrides.authentication ?? 'apiKey';
	return {
		authentication,
		...(authentication === 'apiKey' ? { apiKey: sandboxApiKey } : { accessToken: sandboxToken }),
		server: 'custom',
		customBaseUrl: state.sandbox.baseUrl,
		webhookSecret: TEST_WEBHOOK_SECRET,
		...overrides,
	};
}

/** n8n's own Telegram credential with its Base URL pointed at the fake Telegram (any `<digits>:<text>` token is a bot). */
export function telegramCredentialData(
	state: E2eState,
	accessToken = '424242:selarti-e2e-bot',
): Record<string, string> {
	return { accessToken, baseUrl: state.telegram.baseUrl };
}
