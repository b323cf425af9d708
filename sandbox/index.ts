/** Library entry of the local fakes used by tests, the e2e harness, benchmarks and `npm run dev`. */
export { createSelartiSandbox, type SelartiSandbox } from './selarti/sandbox';
export { createSelartiControlClient } from './selarti/control-client';
export type { SelartiControl, FaultRuleView, CallQuery, DeliveryQuery } from './selarti/control';
export type { CallLogEntry, SandboxStats } from './selarti/call-log';
export type { DeliveryLogEntry } from './selarti/webhook-delivery';
export type { FaultRuleInput, FaultAction } from './selarti/faults';
export { seededRandom } from './selarti/faults';
export {
	acceptedSends,
	summariseDeliveries,
	type DeliverySummary,
	type ExpectedMessage,
} from './selarti/delivery-summary';
export {
	DEFAULT_API_KEY,
	DEFAULT_TASK_ID,
	DEFAULT_TOKEN,
	DEFAULT_RUNTIME_OPTIONS,
	type BooleanStyle,
	type RuntimeOptions,
	type SandboxSeed,
	type SandboxTask,
	type SelartiSandboxOptions,
	type TaskInput,
	type WebhookEncoding,
} from './selarti/options';
export {
	WEBHOOK_FIELDS,
	ALL_MESSAGES_WH_TYPE,
	type WebhookPayload,
	type MessageType,
} from './selarti/webhook-payload';
export { BUBBLE_ID_PATTERN } from './selarti/bubble-ids';
export {
	createFakeTelegram,
	type FakeTelegram,
	type FakeTelegramOptions,
} from './telegram/fake-telegram';
export { createFakeTelegramControlClient } from './telegram/control-client';
export type { FakeTelegramControl, WebhookView, SentQuery } from './telegram/control';
export type {
	PostUpdateInput,
	PostUpdateResult,
	SentMessage,
	TelegramUpdate,
	BotApiCall,
	UpdateDelivery,
} from './telegram/types';
