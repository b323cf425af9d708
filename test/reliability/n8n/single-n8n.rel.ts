import { ScenarioContext } from './support/context';
import { startDeployment } from './support/deployment';
import { credentialLifecycle } from './scenarios/credential-lifecycle';
import { failingCalls } from './scenarios/failing-calls';
import { leakSearchAtEnd } from './scenarios/leak-search-at-end';
import { sendUnderFaults } from './scenarios/send-under-faults';
import { webhookBursts } from './scenarios/webhook-bursts';

/*
 * The parts that need a real n8n, all against one n8n process (started here, stopped at the end): the Selarti node
 * under faults, the credential's lifecycle, failing calls, and bursts of webhooks to the Selarti Trigger; then
 * everything n8n stored and logged is searched for the secrets the scenarios used.
 */

let context: ScenarioContext | undefined;

beforeAll(async () => {
	context = new ScenarioContext(await startDeployment());
}, 15 * 60_000);

afterAll(async () => {
	await context?.deployment.stop();
}, 60_000);

const current = (): ScenarioContext => {
	if (!context) throw new Error('n8n did not start');
	return context;
};

// RELIABILITY_SCENARIOS=bursts,lifecycle runs only some of them (the leak search always runs last).
const selected = (name: string) =>
	!process.env.RELIABILITY_SCENARIOS || process.env.RELIABILITY_SCENARIOS.split(',').includes(name);

if (selected('faults')) sendUnderFaults(current);
if (selected('lifecycle')) credentialLifecycle(current);
if (selected('failing')) failingCalls(current);
if (selected('bursts')) webhookBursts(current);
leakSearchAtEnd(current);
