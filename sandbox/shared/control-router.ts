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

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const hostName = (host: string) => host.replace(/:\d+$/, '');

/**
 * Why a request may not drive the control API: it must come to a loopback name (a page on another name that resolves
 * to 127.0.0.1, DNS rebinding, gets 403), from no web page but one on loopback (CSRF gets 403), and with a body only
 * as application/json, which a page cannot send without asking first (text/plain and forms get 415).
 */
export function crossSiteProblem(
	req: IncomingMessage,
): { status: 403 | 415; error: string } | undefined {
	if (!LOOPBACK_NAMES.has(hostName(req.headers.host ?? '')))
		return {
			status: 403,
			error: `the control API answers only on 127.0.0.1 or localhost, not ${req.headers.host}`,
		};
	const origin = req.headers.origin;
	if (
		origin !== undefined &&
		!LOOPBACK_NAMES.has(hostName(URL.canParse(origin) ? new URL(origin).host : ''))
	)
		return { status: 403, error: `the control API answers no web page of ${origin}` };
	const type = req.headers['content-type'];
	const hasBody =
		Number(req.headers['content-length'] ?? 0) > 0 ||
		req.headers['transfer-encoding'] !== undefined;
	if (hasBody && !/^application\/json\b/i.test(type ?? ''))
		return {
			status: 415,
			error: `the control API takes application/json bodies, not ${type ?? 'none'}`,
		};
	return undefined;
}

/** Serves a control API: JSON in, JSON out, 400 {error} when a route throws, 404 for unknown routes. */
export async function routeControlRequest(
	routes: ControlRoute[],
	req: IncomingMessage,
	res: ServerResponse,
	subPath: string,
): Promise<void> {
	const crossSite = crossSiteProblem(req);
	if (crossSite !== undefined) {
		req.resume();
		sendJson(res, crossSite.status, { error: crossSite.error });
		return;
	}
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
