import { createHmac, randomUUID } from 'node:crypto';

import { credentialKeys } from '../../../nodes/shared/credentialKeys';
import {
	LIMITS,
	NonceLedger,
	givenBackMark,
	isGivenBackMark,
	openAnswer,
	openRequest,
	sealAnswer,
	sealRequest,
	type WaitRequest,
} from '../../../nodes/shared/waitingSends/messages';

/** The messages between a waiting send and the trigger's process: what an outsider can and cannot do with them. */

const waitKeyOf = (credentials: Parameters<typeof credentialKeys>[0]) =>
	credentialKeys(credentials)?.wait;

const INSTANCE_ID = 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f';
const key = waitKeyOf({ authentication: 'apiKey', apiKey: 'key-of-this-account' })!;
const otherKey = waitKeyOf({ authentication: 'apiKey', apiKey: 'key-of-another-account' })!;
const keyNamed = (id: string) => (id === key.id ? key : undefined);

const open = (waitId = randomUUID()): WaitRequest => ({
	action: 'open',
	waitId,
	conversations: [{ task_id: 'task-1', chat_id: 'chat-1' }],
	waitLimitMs: 60_000,
	combineWithinMs: 0,
});

describe('the wait key', () => {
	it('comes from the API key or the bearer token, never the session token, and names itself without revealing it', () => {
		const bearer = waitKeyOf({ authentication: 'accessToken', accessToken: 'token-1' })!;
		expect(waitKeyOf({ authentication: 'apiKey', apiKey: ' key-of-this-account ' })).toEqual(key);
		expect(
			waitKeyOf({ authentication: 'apiKey', apiKey: 'key-of-this-account', sessionToken: 'x' }),
		).toEqual(key);
		expect(bearer.id).not.toBe(key.id);
		expect(otherKey.id).not.toBe(key.id);
		expect(key.id).toMatch(/^[0-9a-f]{16}$/);
		expect(key.secret.toString('hex')).not.toContain(key.id);
		expect(waitKeyOf({ authentication: 'apiKey', apiKey: '' })).toBeUndefined();
		expect(
			waitKeyOf({ authentication: 'accessToken', sessionToken: 'only-a-session' }),
		).toBeUndefined();
	});
});

describe('a request of a waiting send', () => {
	it('is taken when signed with a key of this process, fresh, and new', () => {
		const { envelope, nonce } = sealRequest(key, open(), Date.now());
		const opened = openRequest(envelope, keyNamed, new NonceLedger(), Date.now());
		expect(opened).toMatchObject({ ok: true, nonce, request: { action: 'open' } });
	});

	it("is refused when signed with n8n's instance id, as 0.1.0 signed it", () => {
		const payload = JSON.stringify({ ...open(), issuedAt: Date.now(), nonce: randomUUID() });
		const signature = createHmac('sha256', INSTANCE_ID).update(payload, 'utf8').digest('hex');
		for (const keyId of [key.id, 'anything']) {
			const opened = openRequest(
				{ key: keyId, payload, signature },
				keyNamed,
				new NonceLedger(),
				Date.now(),
			);
			expect(opened).toMatchObject({ ok: false, status: 403 });
		}
		expect(
			openRequest({ payload, signature }, keyNamed, new NonceLedger(), Date.now()),
		).toMatchObject({
			ok: false,
			status: 400,
		});
	});

	it('is refused when signed with the key of a credential no trigger here uses', () => {
		const { envelope } = sealRequest(otherKey, open(), Date.now());
		expect(openRequest(envelope, keyNamed, new NonceLedger(), Date.now())).toMatchObject({
			ok: false,
			status: 403,
			problem: 'Not signed with the credential of a Selarti Trigger here',
		});
	});

	it('is refused once expired, or when taken before (a replay)', () => {
		const now = Date.now();
		const stale = sealRequest(key, open(), now - LIMITS.messageLifetimeMs - 1);
		expect(openRequest(stale.envelope, keyNamed, new NonceLedger(), now)).toMatchObject({
			ok: false,
			problem: 'The message expired',
		});
		const ledger = new NonceLedger();
		const { envelope } = sealRequest(key, open(), now);
		expect(openRequest(envelope, keyNamed, ledger, now).ok).toBe(true);
		expect(openRequest(envelope, keyNamed, ledger, now + 1000)).toMatchObject({
			ok: false,
			problem: 'The message was taken already',
		});
	});

	it('is refused when too long, or of another shape (a resume URL, ids over the limit)', () => {
		const now = Date.now();
		const long = {
			...open(),
			conversations: [{ task_id: 't', chat_id: 'c'.repeat(LIMITS.idChars + 1) }],
		};
		const withUrl = { ...open(), resumeUrl: 'http://127.0.0.1:1/steal' } as unknown as WaitRequest;
		for (const request of [long as WaitRequest, withUrl]) {
			const { envelope } = sealRequest(key, request, now);
			expect(openRequest(envelope, keyNamed, new NonceLedger(), now)).toMatchObject({
				ok: false,
				status: 400,
			});
		}
		const huge = { key: key.id, payload: 'x'.repeat(LIMITS.envelopeChars + 1), signature: '0' };
		expect(openRequest(huge, keyNamed, new NonceLedger(), now)).toMatchObject({
			ok: false,
			status: 400,
		});
	});

	it('the ledger of taken nonces stays bounded: expired ones leave, a full ledger of live ones refuses', () => {
		const ledger = new NonceLedger(2);
		expect(ledger.take('a', 0)).toBe(true);
		expect(ledger.take('b', 0)).toBe(true);
		expect(ledger.take('c', 1)).toBe(false);
		expect(ledger.take('c', 3 * LIMITS.messageLifetimeMs)).toBe(true);
		expect(ledger.take('a', 3 * LIMITS.messageLifetimeMs)).toBe(true);
	});
});

describe('an answer of the trigger process', () => {
	it('is read only when signed with the key for the request it answers', () => {
		const answer = sealAnswer(key, 'nonce-1', {
			status: 'ready',
			replies: [[{ message_text: 'AI' }]],
		});
		expect(openAnswer(key, 'nonce-1', answer)).toMatchObject({ status: 'ready' });
		expect(openAnswer(key, 'nonce-2', answer)).toBeUndefined();
		expect(openAnswer(otherKey, 'nonce-1', answer)).toBeUndefined();
		const forged = {
			payload: answer.payload.replace('AI', 'Outsider'),
			signature: answer.signature,
		};
		expect(openAnswer(key, 'nonce-1', forged)).toBeUndefined();
		expect(openAnswer(key, 'nonce-1', { status: 'ready', replies: [] })).toBeUndefined();
	});

	it('cannot be posted back as a request', () => {
		const answer = sealAnswer(key, 'nonce-1', open());
		const asRequest = { key: key.id, ...answer };
		expect(openRequest(asRequest, keyNamed, new NonceLedger(), Date.now())).toMatchObject({
			ok: false,
			status: 403,
		});
	});
});

describe('the mark of a reply given back', () => {
	it('holds for its message, with this key, while fresh', () => {
		const now = Date.now();
		const mark = givenBackMark(key, 'message-1', now);
		expect(isGivenBackMark(key, 'message-1', mark, now)).toBe(true);
		expect(isGivenBackMark(key, 'message-2', mark, now)).toBe(false);
		expect(isGivenBackMark(otherKey, 'message-1', mark, now)).toBe(false);
		expect(isGivenBackMark(key, 'message-1', mark, now + LIMITS.messageLifetimeMs + 1)).toBe(false);
		const byInstanceId = createHmac('sha256', INSTANCE_ID)
			.update('returned:message-1')
			.digest('hex');
		expect(isGivenBackMark(key, 'message-1', byInstanceId, now)).toBe(false);
		expect(isGivenBackMark(key, 'message-1', `${now}.${byInstanceId}`, now)).toBe(false);
		expect(isGivenBackMark(key, 'message-1', undefined, now)).toBe(false);
	});
});
