import type { FrameLocator, Locator, Page, Response } from 'playwright-core';

import type { PageDocument, PageElement, PageFocusable, PageImage, PageWindow } from './dom';

import { owner } from '../../../harness/n8nClient';

export type Theme = 'light' | 'dark';
export const themes: Theme[] = ['light', 'dark'];

/** Where n8n 1.123 and 2.40 keep the user's theme choice (Settings → Personal → Theme writes the same key). */
const themeStorageKey = 'N8N_THEME';

/**
 * The n8n editor as a user drives it: every step waits for what a user would wait for (a panel, a field, an answer
 * from n8n), never for a fixed time. Selectors are n8n's own data-test-id attributes, the same in 1.123 and 2.40
 * unless noted.
 */
export class N8nEditor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	testId(id: string, within: Page | Locator | FrameLocator = this.page): Locator {
		return within.locator(`[data-test-id="${id}"]`);
	}

	async logIn(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`);
		await this.page.locator('input[name="emailOrLdapLoginId"]').fill(owner.email);
		await this.page.locator('input[name="password"]').fill(owner.password);
		const answer = this.page.waitForResponse(
			(response) =>
				response.url().endsWith('/rest/login') && response.request().method() === 'POST',
		);
		await this.page.getByRole('button', { name: 'Sign in' }).click();
		expect((await answer).status()).toBe(200);
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	}

	/** Chooses the theme the way the user setting does and reloads into `path`; resolves once the theme is applied. */
	async openWithTheme(theme: Theme, path: string): Promise<void> {
		await this.page.evaluate(
			([key, value]) => (globalThis as unknown as PageWindow).localStorage.setItem(key, value),
			[themeStorageKey, theme] as const,
		);
		await this.page.goto(`${this.baseUrl}${path}`);
		await this.page.locator(`body[data-theme="${theme}"]`).waitFor({ state: 'attached' });
	}

	async openNewWorkflow(theme: Theme): Promise<void> {
		await this.openWithTheme(theme, '/workflow/new');
		await this.testId('canvas-add-button').waitFor();
	}

	/**
	 * Saves the open workflow with the editor's shortcut; resolves once n8n gave it an id (the URL names it), with the
	 * parameters n8n saved for each node.
	 */
	async saveWorkflow(): Promise<Record<string, Record<string, unknown>>> {
		const saved = this.page.waitForResponse(
			(response) =>
				/\/rest\/workflows(\/[^/?]+)?$/.test(new URL(response.url()).pathname) &&
				['POST', 'PATCH'].includes(response.request().method()),
		);
		await this.page.keyboard.press('Control+s');
		const response = await saved;
		expect(response.ok()).toBe(true);
		await this.page.waitForURL((url) => /\/workflow\/(?!new$)[^/]+$/.test(url.pathname));
		const body = (await response.json()) as {
			data: { nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
		};
		return Object.fromEntries(body.data.nodes.map((node) => [node.name, node.parameters]));
	}

	nodeCreator(): Locator {
		return this.testId('node-creator');
	}

	/** Types into the node panel's search, opening the panel from the canvas's "+" button unless it is open. */
	async searchNodes(text: string): Promise<void> {
		if (!(await this.nodeCreator().isVisible()))
			await this.testId('node-creator-plus-button').click();
		const search = this.testId('node-creator-search-bar')
			.locator('xpath=self::input | .//input')
			.first();
		await search.fill(text);
	}

	/** A search result or list entry of the node panel by its visible name. */
	nodeCreatorEntry(name: string): Locator {
		return this.nodeCreator()
			.locator(
				'[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"], [data-test-id="item-iterator-item"]',
			)
			.filter({
				has: this.page.locator('[data-test-id="node-creator-item-name"]', {
					hasText: new RegExp(`^${name}$`),
				}),
			})
			.first();
	}

	/** An action or trigger row in a node's detail view of the node panel ("Send a message", "On new Selarti event"). */
	nodeCreatorAction(label: string): Locator {
		return this.nodeCreator().getByText(label, { exact: true }).first();
	}

	/** Shows a row of an entry's detail view, opening its section ("Actions (2)", "Triggers (1)") if it is folded. */
	async revealNodeCreatorAction(section: 'Actions' | 'Triggers', label: string): Promise<Locator> {
		const row = this.nodeCreatorAction(label);
		const header = this.nodeCreator()
			.getByText(new RegExp(`^${section} \\(\\d+\\)`))
			.first();
		await header.waitFor();
		if (!(await row.isVisible())) await header.click();
		await row.waitFor();
		return row;
	}

	/** Node panel → search → entry → action: adds the node and waits for its parameter panel (NDV). */
	async addNode(
		search: string,
		entry: string,
		section: 'Actions' | 'Triggers',
		label: string,
	): Promise<void> {
		await this.searchNodes(search);
		await this.nodeCreatorEntry(entry).click();
		await (await this.revealNodeCreatorAction(section, label)).click();
		await this.ndv().waitFor();
	}

	ndv(): Locator {
		return this.testId('ndv');
	}

	parameterInput(name: string, within: Locator = this.ndv()): Locator {
		return this.testId(`parameter-input-${name}`, within);
	}

	/** Opens a dropdown parameter and returns the labels of its choices; `keepOpen` leaves the list open (for a picture). */
	async dropdownChoices(input: Locator, { keepOpen = false } = {}): Promise<string[]> {
		await this.untilNoListIsOpen();
		await input.click();
		const choices = this.visibleDropdownItems();
		await choices.first().waitFor();
		const labels = (await choices.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		if (!keepOpen) await this.closeDropdown(input);
		return labels;
	}

	/** Clicking the field again closes its list (Escape would also close the panel around it). */
	async closeDropdown(input: Locator): Promise<void> {
		await input.click();
		await this.visibleDropdownItems().first().waitFor({ state: 'hidden' });
		// Leave no focus ring on the field: the next picture shows the panel as a user leaves it.
		await input.evaluate((field) =>
			(field as unknown as PageFocusable).ownerDocument.activeElement?.blur(),
		);
	}

	/**
	 * A list closed just before (e.g. the credential picker that opened a dialog) may still be fading out: wait until
	 * it is gone, or its items would be taken for the next field's. A list that stays open is left to the caller's check.
	 */
	private async untilNoListIsOpen(): Promise<void> {
		await this.visibleDropdownItems()
			.first()
			.waitFor({ state: 'hidden', timeout: 15_000 })
			.catch(() => undefined);
	}

	visibleDropdownItems(): Locator {
		return this.page.locator(
			'.el-select-dropdown__item:visible, .el-select-dropdown li[role="option"]:visible',
		);
	}

	async chooseInDropdown(input: Locator, choice: string): Promise<void> {
		await this.untilNoListIsOpen();
		await input.click();
		await this.visibleDropdownItems()
			.filter({ hasText: new RegExp(`^\\s*${choice}`) })
			.first()
			.click();
	}

	/** The "Add option" list of a collection parameter (2.40 gives it a test id, 1.123 only its class). */
	collectionAdd(within: Locator = this.ndv()): Locator {
		return within.locator('[data-test-id="collection-parameter-add"], .add-option').first();
	}

	/** Closes the parameter panel: "×" in n8n 2.40, "Back to canvas" in 1.123. */
	async closeNdv(): Promise<void> {
		await this.testId('ndv-close-button').or(this.testId('back-to-canvas')).first().click();
		await this.ndv().waitFor({ state: 'hidden' });
	}

	canvasNode(name: string, canvas: Page | FrameLocator = this.page): Locator {
		return this.testId('canvas-node', canvas).filter({ hasText: name }).first();
	}

	/** Where an opened execution is drawn: in the page in n8n 2.40, in a preview iframe in 1.123. */
	async executionCanvas(): Promise<Page | FrameLocator> {
		const iframe = this.testId('workflow-preview-iframe');
		await iframe.or(this.testId('canvas-node')).first().waitFor();
		return (await iframe.count()) > 0
			? this.page.frameLocator('[data-test-id="workflow-preview-iframe"]')
			: this.page;
	}

	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.ndv().waitFor();
	}

	/** Closes n8n's notifications ("Credential successfully created…") so they do not cover a picture. */
	async dismissToasts(): Promise<void> {
		const closeButtons = this.page.locator('.el-notification .el-notification__closeBtn');
		while ((await closeButtons.count()) > 0) {
			const count = await closeButtons.count();
			await closeButtons.first().click();
			await this.page.waitForFunction(
				(before) =>
					(globalThis as unknown as PageDocument).document.querySelectorAll(
						'.el-notification .el-notification__closeBtn',
					).length < before,
				count,
			);
		}
	}

	/** Runs `action` and returns the first response to a URL with this path that arrives meanwhile or after. */
	async responseTo(path: string, action: () => Promise<void>): Promise<Response> {
		const response = this.page.waitForResponse(
			(candidate) => new URL(candidate.url()).pathname === path,
		);
		// If the action fails, its error is the one to report, not this wait's later timeout.
		response.catch(() => undefined);
		await action();
		return await response;
	}

	/** The empty canvas's "Add first step" → a trigger of the list n8n shows first ("On chat message"); waits for its panel. */
	async addFirstTrigger(label: string): Promise<void> {
		await this.testId('canvas-add-button').click();
		await this.nodeCreatorEntry(label).click();
		await this.ndv().waitFor();
	}

	/** Picks a saved credential in the open node's Credential field. */
	async chooseCredential(name: string): Promise<void> {
		await this.chooseInDropdown(this.testId('node-credentials-select', this.ndv()), name);
	}

	/**
	 * Switches a parameter to Expression (the toggle shows on hover) and types `{{ <expression> }}` into it key by key,
	 * as a user does: the editor closes the braces itself.
	 */
	async setExpression(name: string, expression: string): Promise<void> {
		const options = this.testId(`${name}-parameter-input-options-container`, this.ndv());
		await this.leaveField();
		await this.parameterInput(name).hover();
		await this.testId('radio-button-expression', options).click();
		const editor = this.testId('inline-expression-editor-input', this.parameterInput(name));
		await editor.click();
		// The editor answers "{{" with "{{  }}", the cursor in the middle.
		await editor.pressSequentially(`{{${expression}`);
		// The editor marks the expression once it has evaluated it, which is when it hands the text to the workflow.
		await editor
			.locator('[class*="-resolvable"]')
			.filter({ hasText: expression })
			.first()
			.waitFor();
		await this.leaveField();
	}

	/**
	 * Clicks beside the parameters, as a user does before the next field: the focused field hands its text to the
	 * workflow, and its tip or result preview, which could cover the next field, closes.
	 */
	async leaveField(): Promise<void> {
		await this.page.evaluate(() =>
			(globalThis as unknown as PageDocument).document.activeElement?.blur(),
		);
		await this.ndv()
			.getByText(/^(Result|Tip:)$/)
			.first()
			.waitFor({ state: 'hidden' });
	}

	/** The canvas's "Open chat" → types `text` into n8n's chat panel and sends it, as a user tries a Chat Trigger. */
	async sendInChatPanel(text: string): Promise<void> {
		const input = this.page
			.locator('[data-test-id="chat-input"] textarea, textarea[data-test-id="chat-input"]')
			.first();
		if (!(await input.isVisible())) await this.testId('workflow-chat-button').click();
		await input.fill(text);
		await input.press('Enter');
	}

	/** Opens the node panel from the "+" at a node's output, to add the next node. */
	async openNodeCreatorAfter(nodeName: string): Promise<void> {
		// Both the handle's wrapper and the plus drawn in it carry this id; the plus is the part that reacts.
		await this.testId('canvas-handle-plus', this.canvasNode(nodeName)).last().click();
		await this.testId('node-creator-search-bar').waitFor();
	}
}

/**
 * Field names and types of a schema view (output or input panel). The list is virtual (only visible rows exist),
 * so it is scrolled through; the type is read from the icon n8n draws before each field.
 */
export async function schemaFields(panel: Locator): Promise<Record<string, string>> {
	const fields: Record<string, string> = {};
	const pills = panel.locator('[data-test-id="run-data-schema-node-name"]');
	await pills.first().waitFor();
	for (let pass = 0; pass < 20; pass++) {
		const seen = await pills.evaluateAll((elements) =>
			elements.map((element) => [
				element.getAttribute('data-name') ?? '',
				element.querySelector('[data-icon]')?.getAttribute('data-icon') ?? '',
			]),
		);
		const before = Object.keys(fields).length;
		for (const [name, icon] of seen) fields[name] = schemaType(icon);
		if (Object.keys(fields).length === before && pass > 0) break;
		await pills.last().scrollIntoViewIfNeeded();
		await pills.last().hover();
		await panel.page().mouse.wheel(0, 400);
	}
	// Back to the top, so a picture taken next shows the list from its first field.
	const [first] = Object.keys(fields);
	await panel.page().mouse.wheel(0, -20_000);
	await panel.locator(`[data-test-id="run-data-schema-node-name"][data-name="${first}"]`).waitFor();
	return fields;
}

/** n8n's schema-view icons (lucide names in 2.x, Font Awesome names in 1.x) to the JSON type they stand for. */
function schemaType(icon: string): string {
	const types: Record<string, string> = {
		type: 'string',
		font: 'string',
		'square-check': 'boolean',
		'square-minus': 'null',
		'check-square': 'boolean',
		hash: 'number',
		'list-ol': 'array',
		list: 'array',
		box: 'object',
		cube: 'object',
		'circle-slash': 'null',
		ban: 'null',
	};
	return types[icon] ?? `unknown icon ${icon}`;
}

/** Natural widths of the images once loaded; 0 for an image the browser could not draw (missing or not an image). */
export async function drawnWidths(images: Locator): Promise<number[]> {
	return await images.evaluateAll(
		async (elements) =>
			await Promise.all(
				(elements as unknown as PageImage[]).map(
					async (image) =>
						await image.decode().then(
							() => image.naturalWidth,
							() => 0,
						),
				),
			),
	);
}

/** True when the element or one of its descendants hides part of its content (text cut off by a fixed size). */
export async function isClipped(element: Locator): Promise<boolean> {
	return await element.evaluate((root) => {
		const boxes = [
			root,
			...Array.from((root as unknown as PageElement).querySelectorAll('*')),
		] as unknown as PageElement[];
		return boxes.some(
			(box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1,
		);
	});
}
