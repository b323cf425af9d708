import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	optionalNumber,
	optionalString,
	requiredString,
	routeControlRequest,
	type ControlRoute,
} from '../shared/control-router';
import type { FakeTelegramControl } from './control';
import type { TelegramUser } from './types';

/** HTTP face of FakeTelegramControl; paths relative to /__control/ (see README). */
function telegramControlRoutes(control: FakeTelegramControl): ControlRoute[] {
	return [
		{
			method: 'POST',
			path: /^updates$/,
			run: ({ body }) =>
				control.postUpdate({
					chatId: requiredString(body, 'chatId'),
					text: requiredString(body, 'text'),
					from: body.from as Partial<TelegramUser> | undefined,
					token: optionalString(body, 'token'),
				}),
		},
		{
			method: 'GET',
			path: /^sent$/,
			run: ({ query }) =>
				control.sentMessages({
					chatId: query.get('chatId') ?? undefined,
					since: optionalNumber(query.get('since')),
				}),
		},
		{
			method: 'POST',
			path: /^sent\/wait$/,
			run: ({ body }) =>
				control.waitForSent(optionalNumber(body.count) ?? 1, {
					chatId: optionalString(body, 'chatId'),
					since: optionalNumber(body.since),
					timeoutMs: optionalNumber(body.timeoutMs),
				}),
		},
		{ method: 'GET', path: /^webhooks$/, run: () => control.webhooks() },
		{
			method: 'GET',
			path: /^calls$/,
			run: ({ query }) => control.calls(optionalNumber(query.get('since'))),
		},
		{
			method: 'GET',
			path: /^update-deliveries$/,
			run: ({ query }) => control.updateDeliveries(optionalNumber(query.get('since'))),
		},
		{
			method: 'POST',
			path: /^reset$/,
			run: ({ body }) => control.reset({ webhooks: body.webhooks === true }),
		},
	];
}

export function createTelegramControlHandler(control: FakeTelegramControl) {
	const routes = telegramControlRoutes(control);
	return (req: IncomingMessage, res: ServerResponse, subPath: string): Promise<void> =>
		routeControlRequest(routes, req, res, subPath);
}
