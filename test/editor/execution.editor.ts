import {
	loadExample,
	nodeNamed,
	selartiTriggerPathOf,
	MESSENGER_KEY,
} from '../../harness/examples';
import type { Execution } from '../../harness/n8nClient';
import { http } from '../../harness/http';
import { startReplyReceiver, type ReplyReceiver } from '../../harness/replyReceiver';
import { e2eSuite } from '../e2e/support/suite';
import type { EditorBrowser } from './support/browser';
import { openSignedInEditor } from './support/session';
import { type N8nEditor, schemaFields, themes } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { triggerFieldTypes } from './support/trigger-fields';

const e2e = e2eSuite();

const chatId = '42';
const userText = 'Hello! Do you deliver on Sundays?';

describe(`n8n ${e2e.version}, editor: a finished run of the example "Any messenger via webhook ↔ Selarti"`, () => {
	let browser: EditorBrowser;
	let editor: N8nEditor;
	let receiver: ReplyReceiver;
	let workflowId: string;
	let replyExecution: Execution;

	beforeAll(async () => {
		// The shipped example, run for real: a message in through its webhook, Selarti's reply out through the trigger.
		receiver = await startReplyReceiver();
		const taskId = (await e2e.sandbox.addTask({})).id;
		const workflow = loadExample('webhook-selarti.json', {
			taskId,
			credentials: {
				selartiApi: await e2e.createSelartiCredential(),
				httpHeaderAuth: await e2e.createMessengerKeyCredential(),
			},
			urls: { 'https://example.com/your-messenger/reply': receiver.url },
		});
		const incomingPath = String(nodeNamed(workflow, 'Incoming Message').parameters.path);
		const triggerPath = selartiTriggerPathOf(workflow);
		workflowId = await e2e.deploy(workflow, [incomingPath, triggerPath]);
		await e2e.sandbox.addWebhook(taskId, `${e2e.state.n8n.baseUrl}/webhook/${triggerPath}`);
		expect(
			(
				await http(`${e2e.state.n8n.baseUrl}/webhook/${incomingPath}`, {
					body: { chat_id: Number(chatId), text: userText },
					headers: { [MESSENGER_KEY.name]: MESSENGER_KEY.value },
				})
			).status,
		).toBe(200);
		const executions = await e2e.waitForExecutions(workflowId, 2);
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		const triggered = executions.find(
			(execution) => execution.data?.resultData.runData['Selarti Trigger'],
		);
		if (!triggered) throw new Error('no execution started by the Selarti Trigger');
		replyExecution = triggered;

		({ browser, editor } = await openSignedInEditor(e2e.state.n8n.baseUrl));
	});

	afterAll(async () => {
		await browser?.close();
		await receiver?.close();
	});

	it.each(themes)(
		"%s theme: the Selarti Trigger's output lists the typed fields of Selarti's reply",
		async (theme) => {
			await editor.openWithTheme(theme, `/workflow/${workflowId}/executions/${replyExecution.id}`);
			const canvas = await editor.executionCanvas();
			const trigger = editor.canvasNode('Selarti Trigger', canvas);
			await trigger.waitFor();
			await editor.canvasNode('Send Reply', canvas).waitFor();
			await saveScreenshot(editor, e2e.state, 'example-execution', theme);

			await trigger.dblclick();
			const output = editor.testId('output-panel', canvas);
			await editor.testId('radio-button-schema', output).click();
			const fields = await schemaFields(output);
			// A field Selarti sent as null is shown as null; every other one has its declared type.
			const json =
				replyExecution.data?.resultData.runData['Selarti Trigger'][0].data?.main[0]?.[0].json ?? {};
			const expected = Object.fromEntries(
				Object.entries(triggerFieldTypes).map(([name, type]) => [
					name,
					json[name] === null ? 'null' : type,
				]),
			);
			expect(fields).toEqual(expected);
			expect(json).toEqual(
				expect.objectContaining({
					external_chat_id: chatId,
					message_type: 'bot',
					message_text: `AI: ${userText}`,
				}),
			);
			await output.getByText(`AI: ${userText}`).first().waitFor();
			await saveScreenshot(editor, e2e.state, 'example-execution-trigger-output', theme);
		},
	);
});
