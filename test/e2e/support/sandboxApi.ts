import { sandboxToken } from './credentials';
import { httpOk } from '../../../harness/http';
import type { E2eState } from './state';

/**
 * Calls the sandbox's send_message_external directly, as a messenger integration would, so a test can make Selarti
 * send its webhooks without building a sending workflow.
 */
export async function sendMessageToSandbox(
	state: E2eState,
	taskId: string,
	chatId: string,
	message: string,
): Promise<void> {
	await httpOk(`${state.sandbox.baseUrl}/api/1.1/wf/send_message_external`, {
		body: { task_id: taskId, chat_id: chatId, message },
		headers: { authorization: `Bearer ${sandboxToken}` },
	});
}
