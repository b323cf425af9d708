import { textParam, type Params } from '../shared/body-params';
import { sleep } from '../shared/timing';
import type { Accounts } from './accounts';
import {
	missingParameter,
	success,
	unauthorized,
	unknownObject,
	bubbleError,
	type SandboxAnswer,
} from './bubble-responses';
import type { RuntimeOptions } from './options';
import type { TaskRegistry } from './tasks';
import type { WebhookDeliverer } from './webhook-delivery';
import { buildWebhookPayload, type MessageType } from './webhook-payload';

export const WORKFLOWS = ['auth', 'send_message_external', 'add_target'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

export interface WorkflowResult {
	answer: SandboxAnswer;
	accepted: boolean;
	/** Work to start once the answer is written (webhooks go out after the API call returned). */
	afterAnswer?: () => void;
}

export interface PlatformDeps {
	accounts: Accounts;
	tasks: TaskRegistry;
	deliverer: WebhookDeliverer;
	options: () => RuntimeOptions;
	reply: (userText: string) => string;
	baseUrl: () => string;
}

const UNAUTHORIZED_MESSAGES = {
	missing: 'This workflow requires authentication: missing bearer token',
	unknown: 'Invalid or unknown bearer token',
	expired: 'The bearer token has expired',
} as const;

/** Selarti's three workflows, behind Bubble's authentication and parameter checks. */
export class SelartiPlatform {
	constructor(private readonly deps: PlatformDeps) {}

	run(workflow: WorkflowName, params: Params, authorization: string | undefined): WorkflowResult {
		if (workflow === 'auth') return this.auth(params);
		const check = this.deps.accounts.check(authorization);
		if (check !== 'valid')
			return { answer: unauthorized(UNAUTHORIZED_MESSAGES[check]), accepted: false };
		return workflow === 'send_message_external'
			? this.sendMessageExternal(params)
			: this.addTarget(params);
	}

	/** Posts a message written by a human operator in the panel (control API), through the same webhooks. */
	postOperatorMessage(taskId: string, chatId: string, text: string): boolean {
		const task = this.deps.tasks.get(taskId);
		if (!task) return false;
		this.queueMessages(taskId, chatId, [{ type: 'operator', text }]);
		return true;
	}

	private auth(params: Params): WorkflowResult {
		const key = textParam(params, 'key');
		if (!key) return { answer: missingParameter('auth', 'key'), accepted: false };
		const token = this.deps.accounts.issueToken(key, this.deps.options().tokenTtlSeconds);
		if (!token) {
			const status = this.deps.options().authFailureStatus;
			const answer =
				status === 401
					? unauthorized('Invalid API key')
					: bubbleError(400, 'INVALID_DATA', 'Invalid API key');
			return { answer, accepted: false };
		}
		return { answer: success({ token }), accepted: true };
	}

	private sendMessageExternal(params: Params): WorkflowResult {
		const workflow = 'send_message_external';
		const [taskId, chatId, message] = ['task_id', 'chat_id', 'message'].map((name) =>
			textParam(params, name),
		);
		if (!taskId) return { answer: missingParameter(workflow, 'task_id'), accepted: false };
		if (!chatId) return { answer: missingParameter(workflow, 'chat_id'), accepted: false };
		if (!message) return { answer: missingParameter(workflow, 'message'), accepted: false };
		if (!this.deps.tasks.get(taskId))
			return { answer: unknownObject('task_id', taskId), accepted: false };
		const dialog = this.deps.tasks.dialog(taskId, chatId);
		this.deps.tasks.noteUserText(dialog, message);
		const queue = this.prepareMessages(taskId, chatId, [
			{ type: 'user', text: message },
			...this.answerParts(this.deps.reply(message)),
		]);
		return { answer: success({}), accepted: true, afterAnswer: queue };
	}

	/** The AI's answer as Selarti would post it: one message, several (numbered), or none. */
	private answerParts(answerText: string): { type: MessageType; text: string }[] {
		const parts = Math.floor(this.deps.options().replyParts);
		if (parts <= 1) return parts === 1 ? [{ type: 'bot', text: answerText }] : [];
		return Array.from({ length: parts }, (_, index) => ({
			type: 'bot',
			text: `${answerText} (${index + 1}/${parts})`,
		}));
	}

	private addTarget(params: Params): WorkflowResult {
		const taskId = textParam(params, 'task');
		const target = textParam(params, 'target');
		if (!taskId) return { answer: missingParameter('add_target', 'task'), accepted: false };
		if (!target) return { answer: missingParameter('add_target', 'target'), accepted: false };
		const task = this.deps.tasks.get(taskId);
		if (!task) return { answer: unknownObject('task', taskId), accepted: false };
		task.targets.push(target);
		return { answer: success({}), accepted: true };
	}

	private queueMessages(
		taskId: string,
		chatId: string,
		messages: { type: MessageType; text: string }[],
	): void {
		this.prepareMessages(taskId, chatId, messages)();
	}

	/**
	 * Builds the payloads now (flags as they are when the message is taken, fresh message_ids) and returns
	 * the function that queues their delivery on the chat's chain.
	 */
	private prepareMessages(
		taskId: string,
		chatId: string,
		messages: { type: MessageType; text: string }[],
	): () => void {
		const task = this.deps.tasks.get(taskId);
		if (!task) return () => undefined;
		const dialog = this.deps.tasks.dialog(taskId, chatId);
		const { booleans, replyDelayMs, replyPartGapMs } = this.deps.options();
		const payloads = messages.map((m) =>
			buildWebhookPayload({
				task,
				chatId,
				dialog,
				messageType: m.type,
				text: m.text,
				baseUrl: this.deps.baseUrl(),
				booleans,
			}),
		);
		return () => {
			const urls = [...task.webhookUrls];
			if (urls.length === 0) return;
			this.deps.deliverer.enqueue(`${taskId}\u0000${chatId}`, async (isCancelled) => {
				for (const [index, payload] of payloads.entries()) {
					const pause =
						index > 0 && payload.message_type === 'bot'
							? payloads[index - 1].message_type === 'bot'
								? replyPartGapMs
								: replyDelayMs
							: 0;
					if (pause > 0) await sleep(pause);
					await this.deps.deliverer.deliver(urls, payload, isCancelled);
				}
			});
		};
	}
}
