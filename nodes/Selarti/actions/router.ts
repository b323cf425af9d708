import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { SCHEDULER_DEFAULTS, runJobs, type JobOutcome } from '../helpers/scheduler';
import { adviceFor, openConnection, selartiApiRequest } from '../../shared/transport';
import { errorItem } from './errorItem';
import { itemReader } from './itemReader';
import * as message from './message';
import { readRunOptions } from './options';
import * as task from './task';
import type {
	PreparedItem,
	SelartiOperation,
	SelartiOperationNames,
	SelartiResource,
	SentItems,
	ValidItem,
} from './types';

const RESOURCES: { [R in SelartiResource]: Record<SelartiOperationNames[R], SelartiOperation> } = {
	message: message.operations,
	task: task.operations,
};

/** The operation the node's Resource and Operation parameters name; undefined for names this version does not know. */
function operationNamed(resource: string, operation: string): SelartiOperation | undefined {
	const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
	if (!has(RESOURCES, resource)) return undefined;
	const operations: Record<string, SelartiOperation> = RESOURCES[resource as SelartiResource];
	return has(operations, operation) ? operations[operation] : undefined;
}

/**
 * Runs one operation over all input items:
 * 1. every item is read and validated before anything is sent;
 * 2. valid items are sent in parallel (one chat at a time, in input order) with retries;
 * 3. one output item per input item, in input order, each with its pairedItem.
 *
 * Without Continue On Fail, an invalid item stops the node before anything is sent. A call that fails for good
 * stops the node from starting further items; calls already started finish (they may already be delivered and
 * stay delivered), then the node reports the failure of the earliest item in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operationNamed(resource, operationName);
	if (operation === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" on "${resource}" is not supported`,
		);
	}
	const continueOnFail = this.continueOnFail();

	const prepare = itemReader(operation, this);
	const prepared = items.map((_, itemIndex) => prepare(itemIndex));
	const firstInvalid = prepared.find((item) => !item.valid);
	if (!continueOnFail && firstInvalid !== undefined && !firstInvalid.valid)
		throw firstInvalid.error;

	const validIndexes = prepared.flatMap((item, itemIndex) => (item.valid ? [itemIndex] : []));
	const send = async (): Promise<SentItems> => {
		const outcomes = new Map<number, JobOutcome<IDataObject>>();
		await sendAll(this, operation, prepared, validIndexes, outcomes);
		const output = collectOutput(this, prepared, outcomes, continueOnFail);
		const sent = new Set(
			[...outcomes].flatMap(([itemIndex, outcome]) =>
				outcome.status === 'fulfilled' ? [itemIndex] : [],
			),
		);
		return { output, sent };
	};
	if (operation.run !== undefined) return [await operation.run(this, prepared, send)];
	return [(await send()).output];
}

async function sendAll(
	context: IExecuteFunctions,
	operation: SelartiOperation,
	prepared: PreparedItem[],
	validIndexes: number[],
	outcomes: Map<number, JobOutcome<IDataObject>>,
): Promise<void> {
	const continueOnFail = context.continueOnFail();
	if (validIndexes.length > 0) {
		const options = readRunOptions(context);
		const connection = await openConnection(context, options.timeoutMs);
		const results = await runJobs(
			validIndexes.map((itemIndex) => ({ lane: (prepared[itemIndex] as ValidItem).orderKey })),
			async (job) => {
				const itemIndex = validIndexes[job];
				const { body } = prepared[itemIndex] as ValidItem;
				const call = {
					...connection,
					endpoint: operation.endpoint,
					body,
					fields: operation.fields,
				};
				return { ...body, response: await selartiApiRequest.call(context, call, itemIndex) };
			},
			adviceFor,
			{
				...SCHEDULER_DEFAULTS,
				maxConcurrency: options.maxConcurrentRequests,
				maxAttempts: options.maxAttempts,
				stopOnFailure: !continueOnFail,
				sleep,
				now: Date.now,
				random: Math.random,
				signal: context.getExecutionCancelSignal(),
			},
		);
		results.forEach((outcome, job) => outcomes.set(validIndexes[job], outcome));
	}
}

function collectOutput(
	context: IExecuteFunctions,
	prepared: PreparedItem[],
	outcomes: Map<number, JobOutcome<IDataObject>>,
	continueOnFail: boolean,
): INodeExecutionData[] {
	const failures: Error[] = [];
	outcomes.forEach((outcome) => {
		if (outcome.status === 'rejected')
			failures.push(withAttempts(outcome.reason, outcome.attempts));
	});
	if (!continueOnFail && failures.length > 0) throw failures[0];

	return prepared.map((item, itemIndex) => {
		if (!item.valid) return errorItem(context, item.error, item.fields, itemIndex);
		const outcome = outcomes.get(itemIndex);
		if (outcome?.status === 'fulfilled')
			return { json: outcome.value, pairedItem: { item: itemIndex } };
		const error =
			outcome?.status === 'rejected'
				? (outcome.reason as Error)
				: notSent(
						context,
						itemIndex,
						outcome?.status === 'skipped' ? (outcome.stoppedBy as Error | undefined) : undefined,
					);
		if (!continueOnFail) throw error;
		return errorItem(context, error, item.body, itemIndex);
	});
}

function withAttempts(reason: unknown, attempts: number): Error {
	const error = reason as Error & { description?: string | null };
	if (attempts > 1)
		error.description = `${error.description ?? ''} Tried ${attempts} times.`.trim();
	return error;
}

function notSent(
	context: IExecuteFunctions,
	itemIndex: number,
	stopCause: Error | undefined,
): NodeOperationError {
	const message =
		stopCause === undefined
			? `Item ${itemIndex + 1} was not sent: the execution was stopped`
			: `Item ${itemIndex + 1} was not sent, because an earlier call showed it would fail too: ${stopCause.message}`;
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description:
			stopCause === undefined ? undefined : (stopCause as { description?: string }).description,
	});
}
