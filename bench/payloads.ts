import { DEFAULT_TASK_ID, type MessageType } from '../sandbox';
import { bubbleId } from '../sandbox/selarti/bubble-ids';
import type { SandboxTask } from '../sandbox/selarti/options';
import type { Dialog } from '../sandbox/selarti/tasks';
import { buildWebhookPayload } from '../sandbox/selarti/webhook-payload';

/** What customers write, and what the AI answers: short and long, Latin and Cyrillic, with and without contacts. */
const USER_TEXTS = [
	'Hi! How much does the annual plan cost?',
	'Здравствуйте, сколько стоит доставка в Казань?',
	'My number is +7 916 555-12-34, please call me back after 6 pm',
	'Can I talk to a human manager please',
	'ok thanks, bye',
	'I would like to order two of the large ones and pay by card. Is there a discount for a second order? My e-mail is anna.k@example.com',
];

const BOT_TEXTS = [
	'The annual plan is 12,000 ₽ and includes unlimited chats and two operators. Shall I send you the link to pay?',
	'Доставка в Казань занимает 2–3 дня и стоит 390 ₽. Оформить заказ?',
	'Thank you! A manager will call you at +7 916 555-12-34 after 6 pm.',
	'I am passing the dialog to a manager, they will answer here shortly.',
	'Goodbye! Write any time.',
	'Two large ones come to 5,980 ₽; a second order gets 10% off. I have sent the invoice to anna.k@example.com.',
];

function dialogFor(chat: number): Dialog {
	const hasContact = chat % 3 === 0;
	const interested = chat % 2 === 0;
	return {
		threadId: bubbleId(),
		title: `Customer ${chat}`,
		contacts: hasContact ? '+79165551234' : '',
		getContact: hasContact,
		interest: interested,
		success: hasContact && interested,
		close: chat % 7 === 0,
		operator: chat % 5 === 0,
		isBot: false,
	};
}

const task: SandboxTask = {
	id: DEFAULT_TASK_ID,
	webhookUrls: [],
	companyId: bubbleId(),
	channelId: bubbleId(),
	managerId: bubbleId(),
	targets: [],
};

/**
 * Webhook bodies as the sandbox's "All messages" integration sends them (all 20 seed fields, "yes"/"no" flags, fresh
 * message_id each), spread over 50 chats. `types` picks the message_type of body i.
 */
export function webhookBodies(
	count: number,
	types: (index: number) => MessageType,
	baseUrl = 'https://selarti.com',
): string[] {
	const dialogs = Array.from({ length: 50 }, (_, chat) => dialogFor(chat));
	return Array.from({ length: count }, (_, index) => {
		const chat = index % dialogs.length;
		const messageType = types(index);
		const texts = messageType === 'user' ? USER_TEXTS : BOT_TEXTS;
		const payload = buildWebhookPayload({
			task,
			chatId: `chat-${chat}`,
			dialog: dialogs[chat],
			messageType,
			text: texts[index % texts.length],
			baseUrl,
			booleans: 'yesno',
		});
		return JSON.stringify(payload);
	});
}

export const allBot = (): MessageType => 'bot';
/** Half the customer's own messages, half the AI's answers, alternating as in a live dialog. */
export const halfUserHalfBot = (index: number): MessageType => (index % 2 === 0 ? 'user' : 'bot');
