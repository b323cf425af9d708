import type { Opened } from './registry';

type Refusal = Exclude<Opened, { status: 'open' }> | { status: 'refused'; problem: string };

/** What users read about Send and Wait for Reply, in the node, its errors and the trigger, written once. */

export interface Words {
	message: string;
	description: string;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** The one setup step: the trigger Selarti calls, active, with the send's credential. */
export const SETUP_STEP =
	"Open the Selarti Trigger whose Production URL is in Selarti's integration for this task, select the same Selarti API credential as this node, and activate (publish) its workflow.";

export const waitWords = {
	notice: `The AI's reply comes back through the Selarti Trigger: ${SETUP_STEP[0].toLowerCase()}${SETUP_STEP.slice(1)} Without a reply within 'Wait Limit', the item says replied: false and carries the 'No Reply Text'.`,

	noKey: {
		message: 'The Selarti API credential has no API key or bearer token',
		description:
			'Open the credential and fill it in: waiting for a reply is authenticated with it.',
	},

	/** Why a wait could not be opened: nothing was sent. */
	refusal: (opened: Refusal, credentialName: string, inProcess: boolean): Words => {
		const credential =
			credentialName === '' ? 'this credential' : `the credential "${credentialName}"`;
		const nothingSent = (message: string, fix: string) => ({
			message,
			description: `Nothing was sent. ${fix}`,
		});
		switch (opened.status) {
			case 'no trigger':
				// Without any trigger active here, a new n8n and a queue-mode worker look alike: name both fixes.
				return nothingSent(
					`No active Selarti Trigger in this n8n uses ${credential}`,
					inProcess
						? SETUP_STEP
						: `${SETUP_STEP} In queue mode, also turn on its Options → Hold Waits of Queue Mode Workers.`,
				);
			case 'heard elsewhere': {
				const { trigger } = opened;
				return nothingSent(
					`Selarti sends the replies of task ${opened.task} to ${trigger.name}, which cannot hand them to this node`,
					trigger.keyId === undefined
						? `Select ${credential} in that trigger and activate its workflow again.`
						: !trigger.handsReplies
							? 'Turn its Options → Hand Replies to Waiting Sends on.'
							: `It uses another Selarti API credential: select ${credential} in it, or in this node the one it uses.`,
				);
			}
			case 'busy':
				return nothingSent(
					'Too many sends wait for replies in this n8n, or in this chat',
					'Try again when fewer conversations wait, or lower Wait Limit.',
				);
			case 'refused':
				return nothingSent(`The Selarti Trigger refused the wait (${opened.problem})`, SETUP_STEP);
		}
	},

	unheard: (task: string, waitedMs: number): Words => ({
		message: `No message of task ${task} reached a Selarti Trigger of this n8n within ${seconds(waitedMs)} of sending`,
		description: `The message was sent, but Selarti delivers this task's messages elsewhere. ${SETUP_STEP}`,
	}),

	unreachable: (url: string, error: string): Words => ({
		message: `n8n's webhook URL ${url} could not be reached`,
		description: `${error}. In queue mode a send waits through n8n's own webhook URL (WEBHOOK_URL), which must reach its webhook process.`,
	}),

	noReply: (itemIndex: number, waitLimitMs: number): Words => ({
		message: `Item ${itemIndex + 1}: no reply within ${seconds(waitLimitMs)}`,
		description:
			"The message was sent; the Selarti AI task did not answer in time. Raise Wait Limit, or check in Selarti that the task answers this chat. A reply that comes later starts the Selarti Trigger's workflow.",
	}),
};
