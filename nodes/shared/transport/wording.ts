/*
 * The words users read when a Selarti call or the credential test fails, written once. Each failure has a message
 * (what happened; n8n's credential test shows nothing else, so there it also says what to do) and a description
 * (what to do).
 */

/** Where the API key comes from, as the Selarti panel words it. */
export const GET_API_KEY =
	'In the Selarti panel click your avatar → Get API key; the key arrives in your Telegram.';

/** The API key field's hint: the key exchange's one parameter. */
export const API_KEY_HINT = `${GET_API_KEY} Paste it into the Selarti API credential.`;

const FIX_CREDENTIAL =
	`Open the Selarti API credential used by this node. With API Key: paste the current key (${GET_API_KEY}) ` +
	'With Bearer Token: paste a fresh token. Then save it: n8n tests it on saving.';

const FIX_SERVER =
	'In the Selarti API credential, choose the Selarti Server you open the panel at (selarti.com or selarti.ru). ' +
	'For a Custom Base URL enter only the address, e.g. https://selarti.com, without /api/1.1.';

const FILL_IN_CREDENTIAL = `Open the Selarti API credential and fill it in: the API key (${GET_API_KEY}) and the Selarti Server you open the panel at.`;

const MAYBE_CARRIED_OUT =
	'so the node did not send it again: a second send could reach your customer twice. Check the dialog in the Selarti panel';

export interface FailureText {
	message: string;
	description: string;
}

const seconds = (ms: number): string => {
	const value = ms / 1000;
	return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
};

/** `said`: what Selarti's answer said, prefixed ": ", or empty. */
export const failureText = {
	busy: (status: number, overload: boolean, retryAfterMs: number | undefined): FailureText => ({
		message: overload
			? `Selarti is busy (HTTP ${status}: ${status === 429 ? 'too many requests' : 'temporarily unavailable'})`
			: `Selarti's gateway got no answer from Selarti (HTTP ${status})`,
		description:
			`Selarti did not take the call${retryAfterMs === undefined ? '' : ` and asked to wait ${seconds(retryAfterMs)}`}. ` +
			'The node waits and tries again by itself, up to Max Attempts; if it still fails, run the workflow again in a few minutes' +
			(overload ? ' or lower Max Concurrent Requests in the node options.' : '.'),
	}),
	apiKeyRejected: (status: number, said = ''): FailureText => ({
		message: `Selarti did not accept the API key (HTTP ${status}${said}). ${API_KEY_HINT}`,
		description:
			'n8n exchanges the key for a session token when it has none or Selarti says the token expired.',
	}),
	parameter: (
		label: string,
		parameter: string,
		missing: boolean,
		said: string,
		hint: string | undefined,
	): FailureText => ({
		message: `Selarti says the ${label} (${parameter}) ${missing ? 'is missing' : 'was rejected'} (HTTP 400${said})`,
		description: hint ?? 'Check this field in the node.',
	}),
	badRequest: (said: string, labels: readonly string[]): FailureText => ({
		message: `Selarti rejected the request (HTTP 400${said})`,
		description: `Check the node's fields against the Selarti panel: ${labels.join(', ')}.`,
	}),
	credentialRejected: (said: string): FailureText => ({
		message: `Selarti rejected the token or API key (HTTP 401${said})`,
		description: FIX_CREDENTIAL,
	}),
	forbidden: (said: string): FailureText => ({
		message: `Selarti refused this request for the credential (HTTP 403${said})`,
		description:
			'The token or key works but may not act here: check that the Task ID belongs to the same Selarti account as the ' +
			'API key or token in the credential.',
	}),
	noSelartiApi: (baseUrl: string, path: string): FailureText => ({
		message: `No Selarti API at ${baseUrl} (HTTP 404 for ${path}): check 'Selarti Server' and 'Custom Base URL' in the credential`,
		description: FIX_SERVER,
	}),
	internalError: (status: number, said: string): FailureText => ({
		message: `Selarti had an internal error (HTTP ${status}${said})`,
		description: `Selarti may have carried the call out before failing, ${MAYBE_CARRIED_OUT} and send it again only if it is missing.`,
	}),
	otherStatus: (status: number, said: string): FailureText => ({
		message: `Selarti rejected the request (HTTP ${status}${said})`,
		description: "Check the node's fields and the Selarti API credential.",
	}),
	answerTimeout: (timeoutMs: number): FailureText => ({
		message: `Selarti did not answer within ${seconds(timeoutMs)}`,
		description: `The call may or may not have been carried out, ${MAYBE_CARRIED_OUT}; if Selarti is just slow, raise Timeout in the node options.`,
	}),
	addressNotFound: (baseUrl: string): FailureText => ({
		message: `Cannot reach Selarti at ${baseUrl}: this address does not exist`,
		description: FIX_SERVER,
	}),
	unreachable: (baseUrl: string, problem: string): FailureText => ({
		message: `Cannot reach Selarti at ${baseUrl}: ${problem}`,
		description:
			'The node tried again and gave up. Check the Selarti Server or Custom Base URL in the credential, and that this ' +
			'n8n can reach the internet (proxy, firewall).',
	}),
	callFailed: (text: string): FailureText => ({
		message: `The call to Selarti failed: ${text}`,
		description: 'Check the Selarti API credential and that this n8n can reach the Selarti server.',
	}),
	notSelartiApi: (baseUrl: string): FailureText => ({
		message: `The server at ${baseUrl} did not answer like Selarti's API`,
		description: FIX_SERVER,
	}),
	answerWithoutToken: (baseUrl: string): FailureText => ({
		message: `Selarti at ${baseUrl} answered the API key exchange without a token`,
		description: FIX_SERVER,
	}),
	missingSetting: (message: string): FailureText => ({ message, description: FILL_IN_CREDENTIAL }),
};

/** The credential test's messages: the credential dialog shows them alone, so each says what to do. */
export const credentialTestText = {
	apiKeyRejected: (status: number) => failureText.apiKeyRejected(status).message,
	busy: (status: number) =>
		`Selarti is busy (HTTP ${status}). Test the credential again in a minute.`,
	internalError: (status: number) =>
		`Selarti had an internal error (HTTP ${status}). Test the credential again later.`,
	noSelartiApi: `No Selarti API at this address (HTTP 404). ${FIX_SERVER}`,
	notSelartiApi: `This address did not answer like Selarti's API. ${FIX_SERVER}`,
	tokenRejected:
		'Selarti rejected the bearer token (HTTP 401). Paste a fresh token, or switch to API Key.',
	tokenForbidden:
		'Selarti refused access with this token (HTTP 403). Check that it belongs to your Selarti account.',
	answerWithoutToken: `Selarti answered the API key exchange without a token. ${GET_API_KEY} Paste it into the credential.`,
};

/** Connection problems in words, by the network error's code. */
export function connectionProblem(code: string | undefined): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ETIMEDOUT':
		case 'UND_ERR_CONNECT_TIMEOUT':
			return 'connecting timed out';
		case 'EAI_AGAIN':
			return 'the address could not be looked up (DNS)';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'ENETDOWN':
			return 'the network is unreachable';
		default:
			return 'the connection closed before Selarti answered';
	}
}
