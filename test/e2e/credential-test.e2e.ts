import { randomUUID } from 'node:crypto';

import {
	sandboxApiKey,
	selartiCredentialData,
	type SelartiCredentialData,
} from './support/credentials';
import { e2eSuite } from './support/suite';

const e2e = e2eSuite();

/** Saves the credential and presses "Test" the way the editor's credential dialog does. */
async function testCredential(data: SelartiCredentialData) {
	const credential = await e2e.n8n.createCredential(
		`Selarti ${data.authentication} ${randomUUID()}`,
		'selartiApi',
		data,
	);
	return await e2e.n8n.testCredential(credential, 'selartiApi', data);
}

describe(`n8n ${e2e.version}: the Selarti API credential test (POST /rest/credentials/test)`, () => {
	let firstCall = 0;

	beforeAll(async () => {
		const calls = await e2e.sandbox.calls();
		firstCall = calls.at(-1)?.seq ?? 0;
	});

	it('passes for a good API key', async () => {
		expect(
			await testCredential(selartiCredentialData(e2e.state, { authentication: 'apiKey' })),
		).toEqual({
			status: 'OK',
			message: expect.any(String),
		});
	});

	it('passes for a good bearer token', async () => {
		expect(
			await testCredential(selartiCredentialData(e2e.state, { authentication: 'accessToken' })),
		).toEqual({
			status: 'OK',
			message: expect.any(String),
		});
	});

	it('fails for a wrong API key with a message that says what to do and does not show the key', async () => {
		const apiKey = `wrong-key-${randomUUID()}`;
		const result = await testCredential(
			selartiCredentialData(e2e.state, { authentication: 'apiKey', apiKey }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/key/i);
		expect(result.message).not.toContain(apiKey);
	});

	describe('API Key mode checks the key in the form, whatever session token is stored', () => {
		/** A saved credential with a stored session token, opened again in the dialog and its key replaced. */
		async function testAfterKeyChange(storedToken: string, apiKey: string) {
			const saved = selartiCredentialData(e2e.state, { authentication: 'apiKey' });
			const credential = await e2e.n8n.createCredential(
				`Selarti key change ${randomUUID()}`,
				'selartiApi',
				{ ...saved, sessionToken: storedToken },
			);
			const form = await e2e.n8n.credentialFormData(credential.id);
			return await e2e.n8n.testCredential(credential, 'selartiApi', { ...form, apiKey });
		}

		it('a wrong key fails while the stored token still works, and the message says what to do', async () => {
			const workingToken = `working-token-${randomUUID()}`;
			await e2e.sandbox.addToken(workingToken);
			const wrongKey = `wrong-key-${randomUUID()}`;
			const result = await testAfterKeyChange(workingToken, wrongKey);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/API key/);
			expect(result.message).toMatch(/Get API key/);
			expect(result.message).not.toContain(wrongKey);
		});

		it('the right key passes while the stored token has expired', async () => {
			const result = await testAfterKeyChange(`expired-token-${randomUUID()}`, sandboxApiKey);
			expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		});
	});

	it('fails for a wrong bearer token with a message that says what to do and does not show the token', async () => {
		const accessToken = `wrong-token-${randomUUID()}`;
		const result = await testCredential(
			selartiCredentialData(e2e.state, { authentication: 'accessToken', accessToken }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/401|token/i);
		expect(result.message).not.toContain(accessToken);
	});

	it('fails for an address that is not a Selarti API, naming the address as the problem', async () => {
		const result = await testCredential(
			selartiCredentialData(e2e.state, {
				authentication: 'accessToken',
				customBaseUrl: `${e2e.state.sandbox.baseUrl}/not-selarti`,
			}),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/address|URL/i);
	});

	it('never sends a message while testing (every Selarti message is billed)', async () => {
		const calls = await e2e.sandbox.calls({ since: firstCall });
		// The tests above reached the sandbox (Bearer Token mode: an empty send; API Key mode: the key exchange), and none of
		// them was carried out as a message.
		expect(
			calls.filter((call) => call.workflow === 'send_message_external').length,
		).toBeGreaterThanOrEqual(2);
		expect(calls.filter((call) => call.workflow === 'auth').length).toBeGreaterThanOrEqual(4);
		expect(
			calls.filter((call) => call.workflow === 'send_message_external' && call.accepted),
		).toEqual([]);
	});
});
