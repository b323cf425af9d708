/** What the trigger answers about its secret, written once. */
export const MIN_WEBHOOK_SECRET_CHARS = 16;

export const triggerWords = {
	/** What n8n's trigger panel shows while the editor listens (n8n's default says "Pull in events from …"). */
	panel: {
		header: 'Listening for a Selarti message',
		executionsHelp: {
			inactive:
				"While building your workflow, put this node's Test URL (with ?secret= and the Webhook Secret) into Selarti's integration, click 'Execute step' and write to your Selarti task: the message shows up here. Once you are done, put the Production URL there instead and publish the workflow: every message then runs it, and those runs show up in the executions list.",
			active:
				"Selarti calls this node's Production URL for every message, and those runs show up in the executions list. To see one here, put the Test URL (with ?secret= and the Webhook Secret) into Selarti's integration for a while, click 'Execute step' and write to your Selarti task.",
		},
	},
	noCredential:
		'Select a Selarti API credential in the Selarti Trigger: the one your Selarti nodes use, with a Webhook Secret',
	noWebhookSecret: `The Selarti API credential of the Selarti Trigger has no Webhook Secret (at least ${MIN_WEBHOOK_SECRET_CHARS} characters): add one, and add ?secret= and it to the URL in Selarti`,
	missingSecret:
		"Missing secret: add ?secret= and the Webhook Secret of the trigger's credential to the URL in Selarti",
	wrongSecret:
		"Wrong secret in the webhook URL: use the Webhook Secret of the trigger's Selarti API credential",
};
