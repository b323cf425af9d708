import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, textParam, type Params } from '../shared/body-params';
import type { BoundedLog } from '../shared/bounded-log';
import { readBody } from '../shared/http-server';
import { elapsedMs, sleep } from '../shared/timing';
import {
	faultAnswer,
	methodNotAllowed,
	pageNotFound,
	tooManyRequests,
	unparsableBody,
	workflowNotFound,
	type SandboxAnswer,
} from './bubble-responses';
import type { CallCounters, CallLogEntry } from './call-log';
import type { FaultInjector } from './faults';
import type { RuntimeOptions } from './options';
import {
	WORKFLOWS,
	type SelartiPlatform,
	type WorkflowName,
	type WorkflowResult,
} from './platform';

/** /api/1.1/wf/<name>, also under Bubble's development prefix /version-test. */
const WORKFLOW_PATH = /^(?:\/version-test)?\/api\/1\.1\/wf\/([^/]+)\/?$/;

export interface ApiHandlerDeps {
	platform: SelartiPlatform;
	faults: FaultInjector;
	log: BoundedLog<CallLogEntry>;
	counters: CallCounters;
	options: () => RuntimeOptions;
	origin: number;
}

/**
 * The public side of the sandbox. A call goes: route → body → capacity (429) → injected fault →
 * latency → Bubble's auth and parameter checks → the workflow; every call ends in one log entry.
 */
export function createApiHandler(deps: ApiHandlerDeps) {
	return async function handleApiCall(
		req: IncomingMessage,
		res: ServerResponse,
		path: string,
	): Promise<void> {
		const at = elapsedMs(deps.origin);
		const method = req.method ?? 'GET';
		const workflow = WORKFLOW_PATH.exec(path)?.[1];
		const finish = (status: number, entry: Partial<CallLogEntry>) => {
			deps.counters.countCall(status);
			if (entry.accepted) deps.counters.accepted++;
			deps.log.append({
				at,
				durationMs: Math.round((elapsedMs(deps.origin) - at) * 10) / 10,
				method,
				path,
				workflow: workflow ?? '',
				status,
				accepted: false,
				body: {},
				...entry,
			});
		};

		if (workflow === undefined) {
			req.resume();
			writeAnswer(res, pageNotFound());
			finish(404, { outcome: 'PAGE_NOT_FOUND' });
			return;
		}
		const raw = await readBody(req);
		if (!(WORKFLOWS as readonly string[]).includes(workflow)) {
			const answer = workflowNotFound(workflow);
			writeAnswer(res, answer);
			finish(answer.status, { outcome: 'NOT_FOUND' });
			return;
		}
		if (method !== 'POST') {
			const answer = methodNotAllowed(method);
			writeAnswer(res, answer);
			finish(answer.status, { outcome: 'METHOD_NOT_ALLOWED' });
			return;
		}
		const parsed = parseBody(req.headers['content-type'], raw);
		const body: Params = parsed.ok ? redact(parsed.params) : { raw: raw.slice(0, 200) };
		const options = deps.options();
		if (options.capacity > 0 && deps.counters.inFlight >= options.capacity) {
			const answer = tooManyRequests(options.retryAfterSeconds);
			writeAnswer(res, answer);
			finish(answer.status, { body, fault: 'capacity', outcome: 'TOO_MANY_REQUESTS' });
			return;
		}

		deps.counters.enter();
		try {
			const chatId = parsed.ok ? textParam(parsed.params, 'chat_id') : undefined;
			const fault = deps.faults.decide(workflow, chatId, options.retryAfterSeconds);
			const faultLabel =
				fault && `rule ${fault.ruleId}: ${fault.action === 'status' ? fault.status : fault.action}`;

			// The platform carries a call out on arrival; latency and slow answers only delay the reply, so a
			// client that gives up and retries creates a real duplicate, as it would against Selarti.
			let result: WorkflowResult | undefined;
			if (!fault || fault.process) {
				result = parsed.ok
					? deps.platform.run(workflow as WorkflowName, parsed.params, req.headers.authorization)
					: { answer: unparsableBody(parsed.reason), accepted: false };
			}
			const accepted = result?.accepted ?? false;
			const entry: Partial<CallLogEntry> = {
				body,
				fault: faultLabel,
				accepted,
				acceptedSeq: accepted ? ++deps.counters.acceptedSeq : undefined,
			};

			if (fault?.action === 'drop') {
				res.destroy();
				result?.afterAnswer?.();
				finish(0, { ...entry, outcome: 'DROPPED' });
				return;
			}
			const waitMs =
				fault?.action === 'slow' ? Math.max(fault.delayMs, options.latencyMs) : options.latencyMs;
			if (waitMs > 0) await sleep(waitMs);
			const answer =
				fault?.action === 'status'
					? faultAnswer(fault.status ?? 500, fault.retryAfterSeconds)
					: (result?.answer ?? faultAnswer(500, undefined));
			if (res.destroyed || !res.socket || res.socket.destroyed) {
				result?.afterAnswer?.();
				finish(answer.status, { ...entry, outcome: 'CLIENT_GONE' });
				return;
			}
			if (result?.afterAnswer) res.once('finish', result.afterAnswer);
			writeAnswer(res, answer);
			finish(answer.status, { ...entry, outcome: outcomeOf(answer) });
		} finally {
			deps.counters.leave();
		}
	};
}

function writeAnswer(res: ServerResponse, answer: SandboxAnswer): void {
	if (res.destroyed) return;
	res.writeHead(answer.status, {
		'content-type': answer.contentType,
		'content-length': Buffer.byteLength(answer.body),
		...answer.headers,
	});
	res.end(answer.body);
}

function outcomeOf(answer: SandboxAnswer | undefined): string | undefined {
	if (!answer || answer.status === 200) return undefined;
	try {
		const parsed = JSON.parse(answer.body) as { body?: { status?: string } };
		return parsed.body?.status;
	} catch {
		return `HTTP_${answer.status}`;
	}
}

/** The API key is a secret: it never reaches the log. */
function redact(params: Params): Params {
	return 'key' in params ? { ...params, key: '[redacted]' } : params;
}
