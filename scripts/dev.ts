/**
 * npm run dev: try the package in one command, without a Selarti account.
 * Builds and packs the package, starts the Selarti sandbox and the fake Telegram, starts the pinned n8n with the
 * package installed from its tarball (as the Community Nodes screen installs it), imports ready credentials and every
 * example workflow, each with a sandbox task of its own, activates them, and prints the editor URL, a login and what
 * to try with each. Editing nodes/ or
 * credentials/ rebuilds the package and n8n hot-reloads it. Ctrl-C, SIGINT or SIGTERM stops everything this started.
 * Every run starts a fresh n8n; nothing is kept between runs.
 *
 * Options: --n8n <version> (or N8N_VERSION; default the newest in scripts/n8n-versions.json, any version listed there).
 */
import { watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { followFakes } from './dev-follow';
import pinnedN8nVersions from './n8n-versions.json';
import {
	createFakeTelegramControlClient,
	createSelartiControlClient,
	DEFAULT_TOKEN,
} from '../sandbox';
import { refreshInstalledPackage } from '../harness/communityPackage';
import { MESSENGER_KEY, loadExample, selartiTriggerPathOf } from '../harness/examples';
import { startFakes } from '../harness/fakes';
import { N8nClient, owner } from '../harness/n8nClient';
import { ensureN8n, isN8nInstalled, n8nCacheFolder } from '../harness/n8nInstall';
import { startN8n, type N8nInstance } from '../harness/n8nProcess';
import { buildAndPack } from '../harness/packageTarball';
import { repoRoot } from '../harness/paths';
import { preferredOrFreePort } from '../harness/ports';
import { onStopSignal } from '../harness/processes';
import { startReplyReceiver } from '../harness/replyReceiver';
import { newRunFolder } from '../harness/staleRuns';
import { TEST_WEBHOOK_SECRET } from '../harness/workflows';

const say = (line = '') => process.stdout.write(`${line}\n`);

async function devWorkFolder(): Promise<string> {
	return await newRunFolder(join(tmpdir(), 'n8n-selarti-dev'), 1);
}

/** A shipped example as `npm run dev` wires it: its credentials, and its placeholder URLs pointed at local receivers. */
interface DevExample {
	file: string;
	credentials: Record<string, { id: string; name: string }>;
	urls: Record<string, string>;
	/** Whether a Selarti node of the example sends to its task (the leads example only receives). */
	sends: boolean;
}

interface ImportedExamples {
	workflows: Array<{ name: string; url: string }>;
	incomingUrl: string;
	chatUrl: string;
	leadsTaskId: string;
}

/** Saves the credentials and imports, activates and wires every shipped example to the fakes, each with its own task. */
async function importExamples(
	client: N8nClient,
	n8nUrl: string,
	sandboxUrl: string,
	telegramUrl: string,
	receivers: { replyUrl: string; crmUrl: string },
): Promise<ImportedExamples> {
	const sandbox = createSelartiControlClient(sandboxUrl);
	const selarti = await client.createCredential('Selarti sandbox', 'selartiApi', {
		authentication: 'apiKey',
		apiKey: 'sandbox-api-key',
		server: 'custom',
		customBaseUrl: sandboxUrl,
		webhookSecret: TEST_WEBHOOK_SECRET,
	});
	const messengerKey = await client.createCredential(
		'Messenger key',
		'httpHeaderAuth',
		MESSENGER_KEY,
	);
	const telegram = await client.createCredential('Fake Telegram', 'telegramApi', {
		accessToken: '424242:selarti-dev-bot',
		baseUrl: telegramUrl,
	});

	const examples: DevExample[] = [
		{
			file: 'telegram-selarti.json',
			credentials: { selartiApi: selarti, telegramApi: telegram },
			urls: {},
			sends: true,
		},
		{
			file: 'webhook-selarti.json',
			credentials: { selartiApi: selarti, httpHeaderAuth: messengerKey },
			urls: { 'https://example.com/your-messenger/reply': receivers.replyUrl },
			sends: true,
		},
		{
			file: 'website-chat-selarti.json',
			credentials: { selartiApi: selarti },
			urls: {},
			sends: true,
		},
		{
			file: 'selarti-leads-crm.json',
			credentials: { selartiApi: selarti },
			urls: { 'https://example.com/your-crm/leads': receivers.crmUrl },
			sends: false,
		},
	];
	const imported: ImportedExamples = {
		workflows: [],
		incomingUrl: '',
		chatUrl: '',
		leadsTaskId: '',
	};
	for (const example of examples) {
		// One Selarti task per example, so each example's trigger only gets the messages of its own task.
		const task = await sandbox.addTask({});
		const workflow = loadExample(example.file, {
			taskId: example.sends ? task.id : undefined,
			credentials: example.credentials,
			urls: example.urls,
		});
		const triggerPath = selartiTriggerPathOf(workflow);
		const id = await client.deployWorkflow(workflow, [triggerPath]);
		await sandbox.addWebhook(task.id, `${n8nUrl}/webhook/${triggerPath}`);
		imported.workflows.push({ name: workflow.name, url: `${n8nUrl}/workflow/${id}` });
		for (const node of workflow.nodes) {
			if (node.name === 'Incoming Message')
				imported.incomingUrl = `${n8nUrl}/webhook/${String(node.parameters.path)}`;
			if (node.type === '@n8n/n8n-nodes-langchain.chatTrigger')
				imported.chatUrl = `${n8nUrl}/webhook/${node.webhookId}/chat`;
		}
		if (!example.sends) imported.leadsTaskId = task.id;
	}
	return imported;
}

/** Rebuilds and reinstalls the package when its sources change; n8n's hot reload then loads the new files. */
function rebuildOnChange(n8n: N8nInstance, workFolder: string): void {
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let again = false;
	const rebuild = async () => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		say('Sources changed: rebuilding the package…');
		try {
			const tarball = await buildAndPack(workFolder);
			await refreshInstalledPackage(n8n.packageFolder, tarball);
			say(
				'Rebuilt and reinstalled; n8n reloads the nodes (reload the editor page to see changed descriptions).',
			);
		} catch (error) {
			say(`Rebuild failed, n8n keeps the previous build:\n${(error as Error).message}`);
		}
		running = false;
		if (again) {
			again = false;
			void rebuild();
		}
	};
	for (const folder of ['nodes', 'credentials']) {
		watch(join(repoRoot, folder), { recursive: true }, () => {
			clearTimeout(timer);
			timer = setTimeout(() => void rebuild(), 400);
		});
	}
}

/** Installs n8n if needed, saying up front what that costs and, while it runs, each step and how long it has taken. */
async function installN8n(version: string) {
	if (isN8nInstalled(version)) return await ensureN8n(version);
	say(
		`First run: downloading and building n8n ${version} into ${n8nCacheFolder} (about 3 GB): about 6 minutes on a 2-core machine with a fast connection, up to 25 on a slow one.`,
	);
	say('Later runs reuse it and start in about a minute.');
	const started = Date.now();
	let phase = 'starting the install';
	let phaseStarted = started;
	const minutesAndSeconds = (since: number) => {
		const ms = Date.now() - since;
		return `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;
	};
	const ticker = setInterval(
		() => say(`  still ${phase} (${minutesAndSeconds(phaseStarted)} on this step)…`),
		30_000,
	);
	try {
		return await ensureN8n(version, (next) => {
			phase = next;
			phaseStarted = Date.now();
			say(`  ${next}…`);
		});
	} finally {
		clearInterval(ticker);
		say(`  n8n ${version} installed in ${minutesAndSeconds(started)}.`);
	}
}

async function main(): Promise<void> {
	const { values } = parseArgs({ options: { n8n: { type: 'string' } } });
	const version = values.n8n ?? process.env.N8N_VERSION ?? pinnedN8nVersions.newest;
	const workFolder = await devWorkFolder();
	onStopSignal(() => {
		say('\nStopped n8n, the sandbox and the fake Telegram.');
		return 0;
	});

	say(`Building and packing n8n-nodes-selarti…`);
	const tarball = await buildAndPack(workFolder);
	const install = await installN8n(version);
	say('Starting the Selarti sandbox, the fake Telegram and n8n…');
	const fakes = await startFakes(workFolder, version, {
		sandbox: await preferredOrFreePort(8787),
		telegram: await preferredOrFreePort(8081),
	});
	const n8n = await startN8n(install, workFolder, tarball, {
		preferredPort: 5678,
		env: { N8N_DEV_RELOAD: 'true' },
	});

	const client = new N8nClient(n8n.baseUrl);
	await client.setUpAsOwner('npm run dev');
	const receiver = await startReplyReceiver((request) => {
		const body = request.body as { chat_id?: string; text?: string };
		say(`[reply URL ← chat ${body.chat_id}] ${body.text}`);
	});
	const crm = await startReplyReceiver((request) => {
		const lead = request.body as Record<string, unknown>;
		say(
			`[CRM ← lead] ${String(lead.event)}: ${String(lead.name)}, ${String(lead.contact)} (${String(lead.dialog_url)})`,
		);
	});
	const { workflows, incomingUrl, chatUrl, leadsTaskId } = await importExamples(
		client,
		n8n.baseUrl,
		fakes.sandbox.baseUrl,
		fakes.telegram.baseUrl,
		{ replyUrl: receiver.url, crmUrl: crm.url },
	);
	followFakes(
		createFakeTelegramControlClient(fakes.telegram.baseUrl),
		createSelartiControlClient(fakes.sandbox.baseUrl),
		fakes.sandbox.baseUrl,
		say,
	);
	rebuildOnChange(n8n, workFolder);

	const json = `-H 'content-type: application/json'`;
	say();
	say(`n8n ${version} is ready: ${n8n.baseUrl}`);
	say(
		`  Log in as ${owner.email} / ${owner.password}. A fixed password is safe here: this n8n and the fakes listen on 127.0.0.1 only, and the fakes' control APIs refuse web pages. This n8n is new on every run: nothing is kept after it stops.`,
	);
	say('  Active workflows (credentials "Selarti sandbox", "Messenger key" and "Fake Telegram"):');
	for (const workflow of workflows) say(`    ${workflow.name}: ${workflow.url}`);
	say(
		`  What the Selarti sandbox received: ${fakes.sandbox.baseUrl}/__control/calls   and sent to n8n: ${fakes.sandbox.baseUrl}/__control/deliveries`,
	);
	say(
		`  What the fake Telegram sent: ${fakes.telegram.baseUrl}/__control/sent   Logs: ${workFolder}`,
	);
	say();
	say(
		'Send a message and watch the AI reply come back here (and in n8n: open a workflow → Executions):',
	);
	say(
		`  Telegram user 42: curl -s -X POST ${fakes.telegram.baseUrl}/__control/updates ${json} -d '{"chatId":42,"text":"Hello"}'`,
	);
	say(
		`  Any messenger:    curl -s -X POST ${incomingUrl} ${json} -H '${MESSENGER_KEY.name}: ${MESSENGER_KEY.value}' -d '{"chat_id":"7","text":"Hello"}'`,
	);
	say(`  Website chat:     open ${chatUrl} and write; the AI's answer appears in the page.`);
	say(
		'  Leads for a CRM:  a customer leaves a phone number in a dialog, Selarti tags it (contact), and the lead shows here as [CRM ← lead]:',
	);
	const tagged = JSON.stringify({
		task_id: leadsTaskId,
		chat_id: '9',
		message: 'I would like to buy two. My phone: +7 999 123-45-67',
	});
	say(
		`                    curl -s -X POST ${fakes.sandbox.baseUrl}/api/1.1/wf/send_message_external ${json} -H 'authorization: Bearer ${DEFAULT_TOKEN}' -d '${tagged}'`,
	);
	say(
		'                    (the sandbox tags like Selarti: a phone or e-mail → contact, price or buy → interest, both → success, bye → closed, operator → handed over)',
	);
	say();
	say('Editing nodes/ or credentials/ rebuilds and reloads the package. Ctrl-C stops everything.');
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
