import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, type Params } from './body-params';
import { readBody, sendJson } from './http-server';

export interface ControlRequest {
	body: Params;
	query: URLSearchParams;
	/** Path parts captured by the route pattern. */
	match: string[];
}

export interface ControlRoute {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Pattern for the path after /__control/. */
	path: RegExp;
	run(request: ControlRequest): Promise<unknown>;
}

/** Serves a control API: JSON in, JSON out, 400 {error} when a route throws, 404 for unknown routes. */
export async function routeControlRequest(
	routes: ControlRoute[],
	req: IncomingMessage,
	res: ServerResponse,
	subPath: string,
): Promise<void> {
	const parsed = parseBody(req.headers['content-type'], await readBody(req));
	if (!parsed.ok) {
		sendJson(res, 400, { error: parsed.reason });
		return;
	}
	const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
	for (const route of routes) {
		const match = route.path.exec(subPath);
		if (!match || route.method !== req.method) continue;
		try {
			const result = await route.run({
				body: parsed.params,
				query,
				match: match.slice(1).map(decodeURIComponent),
			});
			sendJson(res, 200, result ?? { ok: true });
		} catch (error) {
			sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
		}
		return;
	}
	sendJson(res, 404, { error: `no control route ${req.method} /__control/${subPath}` });
}

export function optionalNumber(value: string | null | unknown): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const number = Number(value);
	if (!Number.isFinite(number)) throw new Error(`not a number: ${String(value)}`);
	return number;
}

export function requiredString(params: Params, name: string): string {
	const value = params[name];
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string' || value === '') throw new Error(`missing ${name}`);
	return value;
}

export function optionalString(params: Params, name: string): string | undefined {
	const value = params[name];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') throw new Error(`${name} must be a string`);
	return value;
}
