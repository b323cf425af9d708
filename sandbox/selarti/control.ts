import type { CallLogEntry, SandboxStats } from './call-log';
import type { DeliverySummary, ExpectedMessage } from './delivery-summary';
import type { FaultRuleInput } from './faults';
import type { RuntimeOptions, SandboxTask, TaskInput } from './options';
import type { DeliveryLogEntry } from './webhook-delivery';

export interface FaultRuleView {
	id: number;
	rule: FaultRuleInput;
	/** Matching calls seen so far, and how many of them the rule fired on. */
	seen: number;
	fired: number;
}

export interface CallQuery {
	/** Only entries with seq greater than this. */
	since?: number;
	workflow?: string;
	limit?: number;
}

export interface DeliveryQuery {
	since?: number;
	chatId?: string;
	limit?: number;
}

/**
 * What tests and tools can do to a running sandbox. The same interface is served in-process
 * (`sandbox.control`) and over HTTP (`createSelartiControlClient(url)` → /__control/…).
 */
export interface SelartiControl {
	listTasks(): Promise<SandboxTask[]>;
	/** Adds a task (a fresh Bubble id when none is given) or extends an existing one. */
	addTask(task: TaskInput): Promise<SandboxTask>;
	addWebhook(taskId: string, url: string): Promise<SandboxTask>;
	/** Removes one webhook URL of a task, or all of them. */
	removeWebhooks(taskId: string, url?: string): Promise<SandboxTask>;
	/** Makes `url` the task's only webhook URL, as editing the integration's URL in Selarti's panel does. */
	setWebhook(taskId: string, url: string): Promise<SandboxTask>;
	addApiKey(key: string): Promise<void>;
	/** Revokes a key and the tokens issued for it; false if unknown. */
	revokeApiKey(key: string): Promise<boolean>;
	/** Adds a static bearer token. */
	addToken(token: string): Promise<void>;
	/** Expires one token, or every token; returns how many were expired by this call. */
	expireTokens(token?: string): Promise<number>;
	getOptions(): Promise<RuntimeOptions>;
	setOptions(options: Partial<RuntimeOptions>): Promise<RuntimeOptions>;
	addFault(rule: FaultRuleInput): Promise<FaultRuleView>;
	listFaults(): Promise<FaultRuleView[]>;
	/** Removes one rule, or all; returns how many were removed. */
	clearFaults(id?: number): Promise<number>;
	calls(query?: CallQuery): Promise<CallLogEntry[]>;
	deliveries(query?: DeliveryQuery): Promise<DeliveryLogEntry[]>;
	/** Compares the accepted send_message_external calls with the messages a test sent. */
	summary(expected: ExpectedMessage[]): Promise<DeliverySummary>;
	stats(): Promise<SandboxStats>;
	/** Resolves true once no API call is in flight and no webhook job is pending, false on timeout. */
	waitForIdle(timeoutMs?: number): Promise<boolean>;
	/** Sends a message from a human operator of the panel to a chat (message_type "operator" webhooks). */
	sendOperatorMessage(taskId: string, chatId: string, text: string): Promise<void>;
	/**
	 * Back to the state right after start: seed, start options, empty logs, no faults, no dialogs.
	 * keepTasks keeps the tasks as they are now (webhook URLs added since start included).
	 */
	reset(options?: { keepTasks?: boolean }): Promise<void>;
}
