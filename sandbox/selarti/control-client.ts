import { callControl, queryString } from '../shared/control-client';
import type { SelartiControl } from './control';

/** SelartiControl over HTTP, for a sandbox started as a child process (`npm run sandbox`). */
export function createSelartiControlClient(baseUrl: string): SelartiControl {
	const url = baseUrl.replace(/\/+$/, '');
	const call = <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
		callControl<T>(url, method, path, body);
	const taskPath = (taskId: string) => `tasks/${encodeURIComponent(taskId)}/webhooks`;
	return {
		listTasks: () => call('GET', 'tasks'),
		addTask: (task) => call('POST', 'tasks', task),
		addWebhook: (taskId, webhookUrl) => call('POST', taskPath(taskId), { url: webhookUrl }),
		removeWebhooks: (taskId, webhookUrl) =>
			call('DELETE', `${taskPath(taskId)}${queryString({ url: webhookUrl })}`),
		setWebhook: (taskId, webhookUrl) => call('PUT', taskPath(taskId), { url: webhookUrl }),
		addApiKey: async (key) => {
			await call('POST', 'api-keys', { key });
		},
		revokeApiKey: async (key) =>
			(await call<{ revoked: boolean }>('POST', 'api-keys/revoke', { key })).revoked,
		addToken: async (token) => {
			await call('POST', 'tokens', { token });
		},
		expireTokens: async (token) =>
			(await call<{ expired: number }>('POST', 'tokens/expire', { token })).expired,
		getOptions: () => call('GET', 'options'),
		setOptions: (options) => call('POST', 'options', options),
		addFault: (rule) => call('POST', 'faults', rule),
		listFaults: () => call('GET', 'faults'),
		clearFaults: async (id) =>
			(await call<{ removed: number }>('DELETE', `faults${queryString({ id })}`)).removed,
		calls: (query = {}) => call('GET', `calls${queryString({ ...query })}`),
		deliveries: (query = {}) => call('GET', `deliveries${queryString({ ...query })}`),
		summary: (expected) => call('POST', 'summary', { expected }),
		stats: () => call('GET', 'stats'),
		waitForIdle: async (timeoutMs) =>
			(await call<{ idle: boolean }>('POST', 'wait-idle', { timeoutMs })).idle,
		sendOperatorMessage: async (taskId, chatId, text) => {
			await call('POST', 'operator-messages', { taskId, chatId, text });
		},
		reset: async (options = {}) => {
			await call('POST', 'reset', options);
		},
	};
}
