import { LATEST_TRIGGER_VERSION } from '../../../nodes/SelartiTrigger/versions';
import { HARNESS_CREDENTIALS, TriggerHarness, type Answer } from '../../support/n8n/triggerHarness';
import { n8nReceives } from '../support/n8n-request';
import { nodeParameters, type FuzzRequest, type FuzzSettings } from './arbitraries';
import { queryFor } from './trigger-model';

/** What came back for one generated request: n8n's own 422 for a body it cannot parse, or the trigger's answer. */
export type Outcome =
	| { by: 'n8n'; status: 422; reason: string }
	| { by: 'trigger'; answer: Answer; body: unknown };

/** One workflow with the Selarti Trigger, answered the way n8n's production webhook answers (see the unit harness). */
export class FuzzedTrigger {
	readonly harness: TriggerHarness;

	constructor(readonly settings: FuzzSettings) {
		this.harness = new TriggerHarness(nodeParameters(settings), {
			credentials: { ...HARNESS_CREDENTIALS, webhookSecret: settings.secret },
		});
	}

	async deliver(request: FuzzRequest): Promise<Outcome> {
		const received = await n8nReceives(request.contentType, request.raw, LATEST_TRIGGER_VERSION);
		if (!received.parsed) return { by: 'n8n', status: received.status, reason: received.reason };
		const answer = await this.harness.deliver({
			body: received.body,
			rawBody: received.rawBody,
			unreadBody: 'unread' in received ? received.unread : undefined,
			query: queryFor(this.settings.secret, request.secretInUrl),
		});
		return { by: 'trigger', answer, body: received.body };
	}
}
