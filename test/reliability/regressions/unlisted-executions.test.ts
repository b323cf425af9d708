import type { Execution, N8nClient } from '../../../harness/n8nClient';
import { withUnlisted } from '../n8n/support/workflows';

/**
 * Queue mode's CI stall (200 deliveries answered, 199 executions listed, all done): n8n's main process kept one
 * finished execution as running, and its public API leaves such executions out of every list. Found by id, they count.
 */
const execution = (id: number, workflowId = 'burst'): Execution =>
	({ id: String(id), workflowId, status: 'success', finished: true }) as Execution;

function n8nWith(byId: Map<number, Execution>): N8nClient {
	return {
		execution: async (id: string) => byId.get(Number(id)),
	} as unknown as N8nClient;
}

describe('executions n8n leaves out of its lists (queue mode)', () => {
	it('finds them between the listed ids and just after the newest, for this workflow only', async () => {
		const stored = new Map(
			[execution(10), execution(11), execution(12, 'other'), execution(13), execution(15)].map(
				(entry) => [Number(entry.id), entry],
			),
		);
		const listed = [execution(13), execution(10)];
		const all = await withUnlisted(n8nWith(stored), 'burst', listed, false);
		expect(all.map((entry) => entry.id)).toEqual(['15', '13', '11', '10']);
	});

	it('asks nothing when the list is empty', async () => {
		expect(await withUnlisted(n8nWith(new Map()), 'burst', [], false)).toEqual([]);
	});
});
