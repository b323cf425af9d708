import { BoundedLog } from '../shared/bounded-log';
import { sendJson, sendText, startServer } from '../shared/http-server';
import { createPoster } from '../shared/outgoing';
import { waitUntil } from '../shared/timing';
import { Accounts } from './accounts';
import { createApiHandler } from './api-handler';
import { CallCounters, type CallLogEntry } from './call-log';
import type { SelartiControl } from './control';
import { createControlHandler } from './control-routes';
import { acceptedSends, summariseDeliveries } from './delivery-summary';
import { FaultInjector } from './faults';
import {
	DEFAULT_RUNTIME_OPTIONS,
	defaultReply,
	defaultSeed,
	validateRuntimeOptions,
	type RuntimeOptions,
	type SandboxSeed,
	type SelartiSandboxOptions,
} from './options';
import { dialogPage, unknownDialogPage } from './panel-page';
import { SelartiPlatform } from './platform';
import { TaskRegistry } from './tasks';
import { WebhookDeliverer, type DeliveryLogEntry } from './webhook-delivery';

export interface SelartiSandbox {
	/** Base URL to give the Selarti credential (custom server), e.g. http://127.0.0.1:8787 */
	url: string;
	port: number;
	control: SelartiControl;
	close(): Promise<void>;
}

const CONTROL_PREFIX = '/__control/';

/** Starts a local emulation of Selarti's API (Bubble Workflow API) on 127.0.0.1. */
export async function createSelartiSandbox(
	options: SelartiSandboxOptions = {},
): Promise<SelartiSandbox> {
	const origin = performance.now();
	const startOptions: RuntimeOptions = {
		...DEFAULT_RUNTIME_OPTIONS,
		...validateRuntimeOptions(options as Record<string, unknown>),
	};
	let runtime: RuntimeOptions = { ...startOptions };
	const currentOptions = () => runtime;
	const seed = options.seed ?? defaultSeed();
	const logLimit = options.logLimit ?? 100_000;

	const accounts = new Accounts();
	const tasks = new TaskRegistry();
	const faults = new FaultInjector();
	const counters = new CallCounters();
	const callLog = new BoundedLog<CallLogEntry>(logLimit);
	const deliveryLog = new BoundedLog<DeliveryLogEntry>(logLimit);
	const poster = createPoster(options.webhookConnections ?? 64);
	const deliverer = new WebhookDeliverer(poster, deliveryLog, currentOptions, origin, (failed) => {
		counters.deliveryAttempts++;
		if (failed) counters.deliveryFailures++;
	});
	let baseUrl = '';
	const platform = new SelartiPlatform({
		accounts,
		tasks,
		deliverer,
		options: currentOptions,
		reply: options.reply ?? defaultReply,
		baseUrl: () => baseUrl,
	});
	const handleApiCall = createApiHandler({
		platform,
		faults,
		log: callLog,
		counters,
		options: currentOptions,
		origin,
	});

	const applySeed = (s: SandboxSeed) => {
		for (const key of s.apiKeys ?? []) accounts.addKey(key);
		for (const token of s.tokens ?? []) accounts.addToken(token);
		for (const task of s.tasks ?? []) tasks.add(task);
	};
	applySeed(seed);

	const requireTask = (taskId: string) => {
		const task = tasks.get(taskId);
		if (!task) throw new Error(`unknown task ${taskId}`);
		return task;
	};

	const control: SelartiControl = {
		listTasks: async () => tasks.list(),
		addTask: async (task) => tasks.add(task),
		addWebhook: async (taskId, url) => {
			requireTask(taskId);
			return tasks.addWebhook(taskId, url) ?? requireTask(taskId);
		},
		removeWebhooks: async (taskId, url) => {
			requireTask(taskId);
			return tasks.removeWebhooks(taskId, url) ?? requireTask(taskId);
		},
		setWebhook: async (taskId, url) => {
			requireTask(taskId);
			tasks.removeWebhooks(taskId);
			return tasks.addWebhook(taskId, url) ?? requireTask(taskId);
		},
		addApiKey: async (key) => accounts.addKey(key),
		revokeApiKey: async (key) => accounts.revokeKey(key),
		addToken: async (token) => accounts.addToken(token),
		expireTokens: async (token) => accounts.expireTokens(token),
		getOptions: async () => ({ ...runtime }),
		setOptions: async (partial) => {
			runtime = { ...runtime, ...validateRuntimeOptions(partial as Record<string, unknown>) };
			return { ...runtime };
		},
		addFault: async (rule) => viewOf(faults.add(rule)),
		listFaults: async () => faults.list().map(viewOf),
		clearFaults: async (id) => faults.remove(id),
		calls: async (query = {}) =>
			callLog
				.since(query.since ?? 0)
				.filter((entry) => query.workflow === undefined || entry.workflow === query.workflow)
				.slice(0, query.limit ?? Number.POSITIVE_INFINITY),
		deliveries: async (query = {}) =>
			deliveryLog
				.since(query.since ?? 0)
				.filter((entry) => query.chatId === undefined || entry.chatId === query.chatId)
				.slice(0, query.limit ?? Number.POSITIVE_INFINITY),
		summary: async (expected) => summariseDeliveries(acceptedSends(callLog.since(0)), expected),
		stats: async () => ({
			calls: counters.calls,
			callsByStatus: Object.fromEntries(
				[...counters.byStatus].map(([status, n]) => [String(status), n]),
			),
			accepted: counters.accepted,
			inFlight: counters.inFlight,
			maxInFlight: counters.maxInFlight,
			deliveryAttempts: counters.deliveryAttempts,
			deliveryFailures: counters.deliveryFailures,
			pendingDeliveryJobs: deliverer.pending,
			dialogs: tasks.dialogCount,
		}),
		waitForIdle: async (timeoutMs = 10_000) =>
			waitUntil(() => counters.inFlight === 0 && deliverer.pending === 0, timeoutMs),
		sendOperatorMessage: async (taskId, chatId, text) => {
			requireTask(taskId);
			platform.postOperatorMessage(taskId, chatId, text);
		},
		reset: async ({ keepTasks = false } = {}) => {
			deliverer.cancelAll();
			faults.reset();
			if (keepTasks) tasks.clearDialogs();
			else tasks.clear();
			callLog.clear();
			deliveryLog.clear();
			counters.reset();
			runtime = { ...startOptions };
			accounts.clear();
			applySeed(keepTasks ? { ...seed, tasks: [] } : seed);
		},
	};

	const handleControlRequest = createControlHandler(control);
	const server = await startServer(options.port ?? 0, async (req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith(CONTROL_PREFIX)) {
			await handleControlRequest(req, res, path.slice(CONTROL_PREFIX.length));
			return;
		}
		if (path === '/__health') {
			sendJson(res, 200, { ok: true, sandbox: 'selarti' });
			return;
		}
		const thread = /^\/(?:panel\/dialogs|share)\/([^/]+)$/.exec(path)?.[1];
		if (thread !== undefined && req.method === 'GET') {
			const found = tasks.dialogByThread(decodeURIComponent(thread));
			const html =
				found === undefined
					? unknownDialogPage(thread)
					: dialogPage({
							...found,
							// One line per message, whatever the URLs, copies and attempts it was delivered with.
							messages: [
								...new Map(
									deliveryLog
										.since(0)
										.filter(
											(entry) => entry.taskId === found.taskId && entry.chatId === found.chatId,
										)
										.map((entry) => [entry.messageId, entry]),
								).values(),
							],
						});
			sendText(res, found === undefined ? 404 : 200, html, 'text/html; charset=utf-8');
			return;
		}
		await handleApiCall(req, res, path);
	});
	baseUrl = server.url;

	return {
		url: server.url,
		port: server.port,
		control,
		async close() {
			deliverer.cancelAll();
			await server.close();
			poster.close();
		},
	};
}

function viewOf(rule: { id: number; input: object; seen: number; fired: number }) {
	return { id: rule.id, rule: rule.input, seen: rule.seen, fired: rule.fired };
}
