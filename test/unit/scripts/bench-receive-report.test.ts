import { RECEIVE_SCENARIOS, type ReceiveCase, type ReceiveRun } from '../../../bench/receive';
import { isolateAcquisition, receiveSection } from '../../../bench/report/receive';

/** One run per scenario at the given rate, every webhook answered and recorded. */
function casesAt(rates: Record<string, number>): ReceiveCase[] {
	return RECEIVE_SCENARIOS.filter((scenario) => scenario.id in rates).map((scenario) => {
		const run: ReceiveRun = {
			accepted: 1000,
			failed: 0,
			requestsPerSecond: rates[scenario.id],
			p50Ms: 100,
			p99Ms: 200,
			executions: scenario.expectedExecutions,
			successfulExecutions: scenario.expectedExecutions,
			recordedAfterMs: 10_000,
		};
		return { scenario, runs: [run] };
	});
}

const measured = casesAt({
	'bot/webhook': 30,
	'bot/selarti-trigger': 17,
	'bot/webhook-v1': 16,
	'mixed/webhook-if': 28,
	'mixed/selarti-trigger': 60,
});

describe("the receive table's targets follow the n8n settings it was measured at", () => {
	it('knows when each n8n takes an expression isolate for a webhook', () => {
		expect(isolateAcquisition('2.40.7', {})).toBe('every trigger');
		expect(isolateAcquisition('2.40.7', { N8N_EXPRESSION_ENGINE_POOL_SIZE: '4' })).toBe(
			'every trigger',
		);
		expect(isolateAcquisition('2.40.7', { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' })).toBe(
			'when evaluated',
		);
		expect(isolateAcquisition('2.40.7', { N8N_EXPRESSION_ENGINE: 'legacy' })).toBe('none');
		expect(isolateAcquisition('1.123.81', {})).toBe('none');
	});

	it('holds the trigger to the control n8n gates the same way when the isolate is taken for every webhook', () => {
		const text = receiveSection(measured, 'every trigger');
		expect(text).toContain(
			'- Throughput, isolate taken for every webhook: Selarti Trigger ≥ 1 × Webhook node v1 (control): 1.06× → **met**',
		);
		expect(text).not.toContain('≥ 0.95 × Webhook node');
		expect(text).not.toContain('≥ 1.8 ×');
	});

	it("holds it to n8n's own Webhook node, and the mixed stream to Webhook + IF, when no isolate gates the trigger", () => {
		const text = receiveSection(measured, 'when evaluated');
		expect(text).toContain(
			'- Throughput: Selarti Trigger ≥ 0.95 × Webhook node: 0.57× → **missed**',
		);
		expect(text).toContain(
			'- Mixed stream: Selarti Trigger ≥ 1.8 × Webhook node + IF (drops user): 2.14× → **met**',
		);
		expect(text).not.toContain('(control): 1.06×');
		expect(text).toContain('only when it evaluates an expression');
		expect(receiveSection(measured, 'none')).toContain('This n8n has no expression isolates');
	});

	it('says when a webhook went unrecorded, at any setting', () => {
		const lost = casesAt({ 'bot/webhook': 30, 'bot/selarti-trigger': 30 });
		lost[1].runs[0].executions = 999;
		expect(receiveSection(lost, 'none')).toContain(
			'- Every accepted webhook recorded (Selarti Trigger, bot stream): **missed**',
		);
	});
});
