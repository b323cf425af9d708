import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	optionalNumber,
	optionalString,
	requiredString,
	routeControlRequest,
	type ControlRoute,
} from '../shared/control-router';
import type { SelartiControl } from './control';
import type { ExpectedMessage } from './delivery-summary';
import type { FaultRuleInput } from './faults';
import type { RuntimeOptions, TaskInput } from './options';

/** The HTTP face of SelartiControl; paths are relative to /__control/ (see README). */
function selartiControlRoutes(control: SelartiControl): ControlRoute[] {
	return [
		{ method: 'GET', path: /^tasks$/, run: () => control.listTasks() },
		{ method: 'POST', path: /^tasks$/, run: ({ body }) => control.addTask(body as TaskInput) },
		{
			method: 'POST',
			path: /^tasks\/([^/]+)\/webhooks$/,
			run: ({ body, match }) => control.addWebhook(match[0], requiredString(body, 'url')),
		},
		{
			method: 'PUT',
			path: /^tasks\/([^/]+)\/webhooks$/,
			run: ({ body, match }) => control.setWebhook(match[0], requiredString(body, 'url')),
		},
		{
			method: 'DELETE',
			path: /^tasks\/([^/]+)\/webhooks$/,
			run: ({ query, match }) => control.removeWebhooks(match[0], query.get('url') ?? undefined),
		},
		{
			method: 'POST',
			path: /^api-keys$/,
			run: ({ body }) => control.addApiKey(requiredString(body, 'key')),
		},
		{
			method: 'POST',
			path: /^api-keys\/revoke$/,
			run: async ({ body }) => ({
				revoked: await control.revokeApiKey(requiredString(body, 'key')),
			}),
		},
		{
			method: 'POST',
			path: /^tokens$/,
			run: ({ body }) => control.addToken(requiredString(body, 'token')),
		},
		{
			method: 'POST',
			path: /^tokens\/expire$/,
			run: async ({ body }) => ({
				expired: await control.expireTokens(optionalString(body, 'token')),
			}),
		},
		{ method: 'GET', path: /^options$/, run: () => control.getOptions() },
		{
			method: 'POST',
			path: /^options$/,
			run: ({ body }) => control.setOptions(body as Partial<RuntimeOptions>),
		},
		{ method: 'GET', path: /^faults$/, run: () => control.listFaults() },
		{
			method: 'POST',
			path: /^faults$/,
			run: ({ body }) => control.addFault(body as FaultRuleInput),
		},
		{
			method: 'DELETE',
			path: /^faults$/,
			run: async ({ query }) => ({
				removed: await control.clearFaults(optionalNumber(query.get('id'))),
			}),
		},
		{
			method: 'GET',
			path: /^calls$/,
			run: ({ query }) =>
				control.calls({
					since: optionalNumber(query.get('since')),
					workflow: query.get('workflow') ?? undefined,
					limit: optionalNumber(query.get('limit')),
				}),
		},
		{
			method: 'GET',
			path: /^deliveries$/,
			run: ({ query }) =>
				control.deliveries({
					since: optionalNumber(query.get('since')),
					chatId: query.get('chatId') ?? undefined,
					limit: optionalNumber(query.get('limit')),
				}),
		},
		{
			method: 'POST',
			path: /^summary$/,
			run: ({ body }) => {
				if (!Array.isArray(body.expected))
					throw new Error('expected must be an array of {chatId, message}');
				return control.summary(body.expected as ExpectedMessage[]);
			},
		},
		{ method: 'GET', path: /^stats$/, run: () => control.stats() },
		{
			method: 'POST',
			path: /^wait-idle$/,
			run: async ({ body }) => ({
				idle: await control.waitForIdle(optionalNumber(body.timeoutMs)),
			}),
		},
		{
			method: 'POST',
			path: /^operator-messages$/,
			run: ({ body }) =>
				control.sendOperatorMessage(
					requiredString(body, 'taskId'),
					requiredString(body, 'chatId'),
					requiredString(body, 'text'),
				),
		},
		{
			method: 'POST',
			path: /^reset$/,
			run: ({ body }) => control.reset({ keepTasks: body.keepTasks === true }),
		},
	];
}

export function createControlHandler(control: SelartiControl) {
	const routes = selartiControlRoutes(control);
	return (req: IncomingMessage, res: ServerResponse, subPath: string): Promise<void> =>
		routeControlRequest(routes, req, res, subPath);
}
