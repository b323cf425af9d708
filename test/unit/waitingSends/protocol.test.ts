import { webhookDescriptionFields, type INodeParameters } from 'n8n-workflow';

import {
	WAITING_SENDS_PATH,
	registrationUrlFor,
	resumeToken,
	seal,
	unseal,
	type WaitingSendMessage,
} from '../../../nodes/shared/waitingSends/protocol';
import { replyConversation } from '../../../nodes/shared/waitingSends/receiver';
import {
	waitingSendsPath,
	waitingSendsWebhook,
} from '../../../nodes/SelartiTrigger/webhook/waitingSends';

const registration: WaitingSendMessage = {
	action: 'register',
	resumeUrl: 'https://n8n.example.com/webhook-waiting/42/node-id?signature=abc',
	token: 'a'.repeat(64),
	waitLimitMs: 120_000,
	handOver: 'resume',
	combineWithinMs: 3_000,
	conversations: [{ task_id: 'task', chat_id: 'chat' }, null],
};

describe('waiting sends: what a send and the trigger say to each other', () => {
	it('a sealed message opens in the same n8n and nowhere else; a changed payload does not open', () => {
		const envelope = seal('instance-a', registration);
		expect(unseal('instance-a', envelope)).toEqual({ ok: true, message: registration });
		expect(unseal('instance-b', envelope)).toEqual({
			ok: false,
			problem: 'The signature does not match this n8n',
		});
		const changed = { ...envelope, payload: envelope.payload.replace('"chat"', '"other"') };
		expect(unseal('instance-a', changed).ok).toBe(false);
		expect(unseal('instance-a', { payload: 'x' })).toEqual({
			ok: false,
			problem: 'Expected a signed message',
		});
	});

	it('refuses a well-signed message of the wrong shape', () => {
		const bad = { ...registration, waitLimitMs: -1 } as unknown as WaitingSendMessage;
		expect(unseal('instance-a', seal('instance-a', bad)).ok).toBe(false);
	});

	it("finds the trigger's fixed path next to n8n's resume URL, under any base path", () => {
		expect(registrationUrlFor('https://n8n.example.com/webhook-waiting/42/node?signature=s')).toBe(
			`https://n8n.example.com/webhook/${WAITING_SENDS_PATH}`,
		);
		expect(registrationUrlFor('http://10.0.0.5:5678/n8n/webhook-waiting/7/node')).toBe(
			`http://10.0.0.5:5678/n8n/webhook/${WAITING_SENDS_PATH}`,
		);
		expect(registrationUrlFor('http://localhost/hooks/7/node')).toBeUndefined();
	});

	it('the resume token depends on the n8n, the execution and the node', () => {
		const token = resumeToken('instance', '42', 'node');
		expect(token).toMatch(/^[0-9a-f]{64}$/);
		expect(resumeToken('instance', '43', 'node')).not.toBe(token);
		expect(resumeToken('instance', '42', 'other')).not.toBe(token);
		expect(resumeToken('other', '42', 'node')).not.toBe(token);
	});

	it('only replies of the AI or an operator answer a waiting send, never the user’s own message', () => {
		const message = { task_id: 'task', external_chat_id: 'chat' };
		expect(replyConversation({ ...message, message_type: 'bot' })).toEqual({
			task_id: 'task',
			chat_id: 'chat',
		});
		expect(replyConversation({ ...message, message_type: 'operator' })).toEqual({
			task_id: 'task',
			chat_id: 'chat',
		});
		expect(replyConversation({ ...message, message_type: 'user' })).toBeUndefined();
		expect(
			replyConversation({ ...message, message_type: 'bot', external_chat_id: null }),
		).toBeUndefined();
	});
});

describe("the Selarti Trigger's webhook for waiting sends", () => {
	const cases: Array<[INodeParameters, string]> = [
		[{ startOn: 'messages', options: { handRepliesToWaitingSends: true } }, WAITING_SENDS_PATH],
		[{ options: { handRepliesToWaitingSends: true } }, WAITING_SENDS_PATH],
		[{ startOn: 'messages', options: {} }, ''],
		[{ startOn: 'messages' }, ''],
		[{ startOn: 'dialogEvents', options: { handRepliesToWaitingSends: true } }, ''],
	];

	it.each(cases)(
		'path for %j is %j (empty: the node’s own webhook id, which conflicts with nothing)',
		(parameters, path) => {
			expect(waitingSendsPath(parameters)).toBe(path);
		},
	);

	it('the expression n8n falls back to (1.x, or parameters with expressions) computes the same path', () => {
		const template = waitingSendsWebhook.path;
		const inner = /^=\{\{(.*)\}\}$/s.exec(template)?.[1];
		expect(inner).toBeDefined();
		const evaluate = new Function('$parameter', `return ${inner};`) as (
			p: INodeParameters,
		) => string;
		for (const [parameters, path] of cases) expect(evaluate(parameters)).toBe(path);
		// On n8n 2.40 and later the path is resolved without the expression engine.
		expect(typeof webhookDescriptionFields).toBe('function');
		expect(Object.getOwnPropertySymbols(waitingSendsWebhook)).toHaveLength(1);
	});
});
