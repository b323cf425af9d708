import type { Locator } from 'playwright-core';

import type { N8nEditor } from './editor';

export interface CredentialTestAnswer {
	status: string;
	message: string;
}

/** The credential dialog ("Selarti account") as opened from a node's Credential field. */
export class CredentialDialog {
	readonly modal: Locator;

	constructor(private readonly editor: N8nEditor) {
		this.modal = editor.testId('editCredential-modal');
	}

	/** Opens the dialog for a new credential, whether the node has none yet or n8n preselected an existing one. */
	async openNew(): Promise<void> {
		const ndv = this.editor.ndv();
		const emptyState = this.editor.testId('node-credentials-empty-state', ndv);
		const select = this.editor.testId('node-credentials-select', ndv);
		await emptyState.or(select).first().waitFor();
		if (await emptyState.isVisible()) {
			await emptyState.click();
		} else {
			await select.click();
			await this.editor.page.getByText('Create new credential', { exact: true }).click();
		}
		await this.modal.waitFor();
	}

	input(name: string): Locator {
		return this.editor.parameterInput(name, this.modal);
	}

	async fill(name: string, value: string): Promise<void> {
		await this.input(name).locator('input').fill(value);
	}

	successBanner(): Locator {
		return this.editor.testId('credentials-config-container-test-success', this.modal);
	}

	/**
	 * Saves; n8n then tests the credential by itself. n8n 2.40 closes the dialog after a successful test when it was
	 * opened from a node (CredentialEdit's save), 1.123 keeps it open: either way this ends with the dialog open,
	 * showing the test's result.
	 */
	async save(): Promise<CredentialTestAnswer> {
		const tested = this.editor.page.waitForResponse((response) =>
			response.url().endsWith('/rest/credentials/test'),
		);
		await this.editor.testId('credential-save-button', this.modal).click();
		const answer = await readTestAnswer(await tested);
		if (answer.status === 'OK') await this.reopenIfClosed();
		return answer;
	}

	/** Clicks the dialog's test button ("Retry" beside the result of the last test) and returns n8n's answer. */
	async test(): Promise<CredentialTestAnswer> {
		const tested = this.editor.page.waitForResponse((response) =>
			response.url().endsWith('/rest/credentials/test'),
		);
		await this.modal.getByRole('button', { name: 'Retry' }).click();
		return await readTestAnswer(await tested);
	}

	async close(): Promise<void> {
		if (!(await this.modal.isVisible())) return;
		await this.modal
			.locator('.el-dialog__headerbtn, button[aria-label="Close this dialog"]')
			.first()
			.click();
		await this.modal.waitFor({ state: 'hidden' });
	}

	private async reopenIfClosed(): Promise<void> {
		const settled = <T>(promise: Promise<T>) => promise.catch(() => undefined);
		const outcome = await Promise.race([
			settled(this.modal.waitFor({ state: 'hidden' }).then(() => 'closed' as const)),
			settled(
				this.successBanner()
					.waitFor()
					.then(() => 'shown' as const),
			),
		]);
		if (outcome !== 'closed') return;
		// Opening a saved credential tests it again and shows the result.
		const tested = this.editor.page.waitForResponse((response) =>
			response.url().endsWith('/rest/credentials/test'),
		);
		await this.editor.testId('credential-edit-button', this.editor.ndv()).click();
		await this.modal.waitFor();
		await tested;
	}
}

async function readTestAnswer(response: {
	status(): number;
	json(): Promise<unknown>;
}): Promise<CredentialTestAnswer> {
	const body = (await response.json()) as { data?: CredentialTestAnswer };
	return {
		status: body.data?.status ?? `HTTP ${response.status()}`,
		message: body.data?.message ?? '',
	};
}
