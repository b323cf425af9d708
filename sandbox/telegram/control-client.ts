import { callControl, queryString } from '../shared/control-client';
import type { FakeTelegramControl } from './control';

/** FakeTelegramControl over HTTP, for a fake started as a child process (`npm run fake-telegram`). */
export function createFakeTelegramControlClient(baseUrl: string): FakeTelegramControl {
	const url = baseUrl.replace(/\/+$/, '');
	const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
		callControl<T>(url, method, path, body);
	return {
		postUpdate: (input) => call('POST', 'updates', input),
		sentMessages: (query = {}) => call('GET', `sent${queryString({ ...query })}`),
		waitForSent: (count, query = {}) => call('POST', 'sent/wait', { count, ...query }),
		webhooks: () => call('GET', 'webhooks'),
		calls: (since) => call('GET', `calls${queryString({ since })}`),
		updateDeliveries: (since) => call('GET', `update-deliveries${queryString({ since })}`),
		reset: async (options = {}) => {
			await call('POST', 'reset', options);
		},
	};
}
