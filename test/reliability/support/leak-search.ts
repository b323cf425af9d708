import { everythingIn } from '../../support/everythingIn';

/*
 * Looks for secrets (API keys, bearer tokens) in everything a user or an operator could see: error messages,
 * descriptions, serialised errors, execution data, logs. A secret counts as leaked when any 12-character piece of it
 * shows up, so a truncated or partly masked token is caught too.
 */

export interface Leak {
	where: string;
	secret: string;
	excerpt: string;
}

const WINDOW = 12;

export class LeakSearch {
	private readonly secrets = new Map<string, string>();
	private readonly patterns: Array<[string, RegExp]> = [];
	readonly leaks: Leak[] = [];
	places = 0;
	bytesSearched = 0;

	/** `label` names the secret in reports (the value itself is never printed). */
	addSecret(label: string, value: string): void {
		if (value.length < WINDOW)
			throw new Error(`secret ${label} is too short to search for reliably`);
		this.secrets.set(value, label);
	}

	/** Secrets whose values the test cannot know (tokens the server issues) are found by their shape. */
	addPattern(label: string, pattern: RegExp): void {
		this.patterns.push([label, new RegExp(pattern.source, pattern.flags.replace('g', ''))]);
	}

	get secretCount(): number {
		return this.secrets.size + this.patterns.length;
	}

	search(where: string, text: string): void {
		this.places++;
		this.bytesSearched += text.length;
		for (const [secret, label] of this.secrets) {
			for (let start = 0; start + WINDOW <= secret.length; start++) {
				const index = text.indexOf(secret.slice(start, start + WINDOW));
				if (index === -1) continue;
				this.leaks.push({
					where,
					secret: label,
					excerpt: text
						.slice(Math.max(0, index - 40), index + 60)
						.split(secret)
						.join(`<${label}>`),
				});
				break;
			}
		}
		for (const [label, pattern] of this.patterns) {
			const match = pattern.exec(text);
			if (match)
				this.leaks.push({ where, secret: label, excerpt: `<${label}> at offset ${match.index}` });
		}
	}

	/** Every view n8n and its users get of an error: message, description, context, JSON and a deep inspection. */
	searchError(where: string, error: unknown): void {
		this.search(where, everythingIn(error));
	}

	describe(): string {
		return this.leaks
			.map((leak) => `${leak.secret} in ${leak.where}: …${leak.excerpt}…`)
			.join('\n');
	}
}
