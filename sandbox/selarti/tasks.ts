import { bubbleId } from './bubble-ids';
import type { SandboxTask, TaskInput } from './options';

/** Dialog state of one (task, chat): what the webhook flags report. Flags only ever switch on. */
export interface Dialog {
	threadId: string;
	title: string;
	contacts: string;
	getContact: boolean;
	interest: boolean;
	success: boolean;
	close: boolean;
	operator: boolean;
	isBot: boolean;
}

/**
 * Deterministic stand-ins for what Selarti's AI detects in a user's text, so tests can drive every flag:
 * a phone number or e-mail → get_contact (and contacts), price/buy words → interest, both → success,
 * bye words → close, asking for a human → operator, a text starting with "[bot]" → is_bot.
 */
const CONTACT_PATTERN = /[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d\s()-]{8,}\d/;
const INTEREST_PATTERN = /\b(price|buy|order|cost)\b|цен|купи|заказ/i;
const CLOSE_PATTERN = /\b(bye|goodbye)\b|до свидания/i;
const OPERATOR_PATTERN = /\b(operator|human|manager)\b|оператор|менеджер/i;
const BOT_PATTERN = /^\[bot\]/i;

export class TaskRegistry {
	private readonly tasks = new Map<string, SandboxTask>();
	private readonly dialogs = new Map<string, Dialog>();

	add(input: TaskInput): SandboxTask {
		const existing = input.id === undefined ? undefined : this.tasks.get(input.id);
		const task: SandboxTask = {
			id: input.id ?? bubbleId(),
			webhookUrls: [...new Set([...(existing?.webhookUrls ?? []), ...(input.webhookUrls ?? [])])],
			companyId: input.companyId ?? existing?.companyId ?? bubbleId(),
			channelId: input.channelId ?? existing?.channelId ?? bubbleId(),
			managerId: input.managerId ?? existing?.managerId ?? bubbleId(),
			targets: existing?.targets ?? [],
		};
		this.tasks.set(task.id, task);
		return task;
	}

	get(id: string): SandboxTask | undefined {
		return this.tasks.get(id);
	}

	list(): SandboxTask[] {
		return [...this.tasks.values()];
	}

	addWebhook(taskId: string, url: string): SandboxTask | undefined {
		const task = this.tasks.get(taskId);
		if (task && !task.webhookUrls.includes(url)) task.webhookUrls.push(url);
		return task;
	}

	/** Removes one webhook URL, or all of them when url is undefined. */
	removeWebhooks(taskId: string, url?: string): SandboxTask | undefined {
		const task = this.tasks.get(taskId);
		if (task) task.webhookUrls = url === undefined ? [] : task.webhookUrls.filter((u) => u !== url);
		return task;
	}

	/** The dialog of a chat in a task, created on first use with a stable thread_id. */
	dialog(taskId: string, chatId: string): Dialog {
		const key = `${taskId}\u0000${chatId}`;
		let dialog = this.dialogs.get(key);
		if (!dialog) {
			dialog = {
				threadId: bubbleId(),
				title: `Sandbox User ${chatId}`,
				contacts: '',
				getContact: false,
				interest: false,
				success: false,
				close: false,
				operator: false,
				isBot: false,
			};
			this.dialogs.set(key, dialog);
		}
		return dialog;
	}

	/** Updates a dialog's flags from a user's text (see the patterns above). */
	noteUserText(dialog: Dialog, text: string): void {
		const contact = CONTACT_PATTERN.exec(text)?.[0];
		if (contact) {
			dialog.contacts = contact;
			dialog.getContact = true;
		}
		if (INTEREST_PATTERN.test(text)) dialog.interest = true;
		if (dialog.interest && dialog.getContact) dialog.success = true;
		if (CLOSE_PATTERN.test(text)) dialog.close = true;
		if (OPERATOR_PATTERN.test(text)) dialog.operator = true;
		if (BOT_PATTERN.test(text)) dialog.isBot = true;
	}

	/** The dialog with this thread_id (panel_url and share_url name it), with its task and chat. */
	dialogByThread(threadId: string): { taskId: string; chatId: string; dialog: Dialog } | undefined {
		for (const [key, dialog] of this.dialogs) {
			if (dialog.threadId !== threadId) continue;
			const [taskId, chatId] = key.split('\u0000');
			return { taskId, chatId, dialog };
		}
		return undefined;
	}

	get dialogCount(): number {
		return this.dialogs.size;
	}

	clear(): void {
		this.tasks.clear();
		this.dialogs.clear();
	}

	/** Forgets chats (thread ids, flags) and targets but keeps the tasks and their webhook URLs. */
	clearDialogs(): void {
		this.dialogs.clear();
		for (const task of this.tasks.values()) task.targets = [];
	}
}
