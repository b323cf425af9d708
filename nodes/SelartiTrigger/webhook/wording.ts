/** What the trigger answers about its secret, written once. */
export const MIN_WEBHOOK_SECRET_CHARS = 16;

export const triggerWords = {
	noCredential:
		'Select a Selarti API credential in the Selarti Trigger: the one your Selarti nodes use, with a Webhook Secret',
	noWebhookSecret: `The Selarti API credential of the Selarti Trigger has no Webhook Secret (at least ${MIN_WEBHOOK_SECRET_CHARS} characters): add one, and add ?secret= and it to the URL in Selarti`,
	missingSecret:
		"Missing secret: add ?secret= and the Webhook Secret of the trigger's credential to the URL in Selarti",
	wrongSecret:
		"Wrong secret in the webhook URL: use the Webhook Secret of the trigger's Selarti API credential",
};
