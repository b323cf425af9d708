import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDeduplicationOutput,
} from 'n8n-workflow';

/*
 * n8n's deduplication store (the processed_data table, DeduplicationHelper in n8n's deduplication/) for unit tests,
 * in 'entries' mode, the one the trigger uses: per workflow and scope, the last maxEntries values. Like n8n's, a check
 * reads the list, and writes the whole list back after a random pause (the database round trip), so checks at the same time
 * erase each other's records. failNextChecks makes the next checks fail, like a database that cannot answer;
 * eraseAfterNextWrites empties the list after the next writes, like another process's write landing right after.
 */
export class InMemoryDeduplicationStore {
	readonly entries = new Map<string, string[]>();
	checks = 0;
	failNextChecks = 0;
	eraseAfterNextWrites = 0;
	/** The database round trip between reading the list and writing it back: random, up to this. */
	maxRoundTripMs = 2;

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.checks++;
		if (this.failNextChecks > 0) {
			this.failNextChecks--;
			throw new Error('SQLITE_BUSY: database is locked');
		}
		if (options.mode !== 'entries') throw new Error(`mode ${options.mode} is not the trigger's`);
		const key = `${contextData.workflow.id}/${scope === 'node' ? `n:${contextData.node?.id}` : ''}`;
		const stored = [...(this.entries.get(key) ?? [])];
		await new Promise((resolve) => setTimeout(resolve, Math.random() * this.maxRoundTripMs));
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (stored.includes(String(item))) output.processed.push(item);
			else {
				output.new.push(item);
				stored.push(String(item));
			}
		}
		this.entries.set(
			key,
			options.maxEntries === undefined ? stored : stored.slice(-options.maxEntries),
		);
		if (this.eraseAfterNextWrites > 0) {
			this.eraseAfterNextWrites--;
			this.entries.set(key, []);
		}
		return output;
	}
}
