import type { Dialog } from './tasks';

/**
 * The sandbox's stand-in for a dialog in Selarti's panel (panel_url, share_url of every webhook): the chat's messages
 * as the sandbox delivered them and the flags its AI set. Enough to follow a link from n8n, nothing to operate.
 */

export interface DialogPageInput {
	taskId: string;
	chatId: string;
	dialog: Dialog;
	messages: Array<{ messageType: string; text: string }>;
}

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(char) =>
			({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
	);

const page = (title: string, body: string) =>
	`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
	'<style>body{font:15px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}' +
	'li{margin:.3rem 0}.type{color:#666;font-size:85%}</style></head>' +
	`<body>${body}</body></html>`;

export function dialogPage({ taskId, chatId, dialog, messages }: DialogPageInput): string {
	const flags = (
		[
			['contact received', dialog.getContact],
			['interest shown', dialog.interest],
			['successful', dialog.success],
			['closed', dialog.close],
			['handed to an operator', dialog.operator],
			['a bot', dialog.isBot],
		] as const
	)
		.filter(([, on]) => on)
		.map(([name]) => name);
	const list = messages
		.map(
			(message) =>
				`<li><span class="type">${escapeHtml(message.messageType)}</span> ${escapeHtml(message.text)}</li>`,
		)
		.join('');
	return page(
		`${dialog.title} · Selarti sandbox`,
		`<h1>${escapeHtml(dialog.title)}</h1>` +
			`<p>Selarti sandbox: task ${escapeHtml(taskId)}, chat ${escapeHtml(chatId)}, thread ${escapeHtml(dialog.threadId)}.` +
			` Contacts: ${escapeHtml(dialog.contacts || 'none')}. Tags: ${escapeHtml(flags.join(', ') || 'none')}.</p>` +
			`<ol>${list || '<li>No message delivered yet.</li>'}</ol>`,
	);
}

export function unknownDialogPage(threadId: string): string {
	return page(
		'Unknown dialog · Selarti sandbox',
		`<h1>No dialog ${escapeHtml(threadId)}</h1><p>This Selarti sandbox has no such thread: it forgets its dialogs when it restarts or is reset.</p>`,
	);
}
