import { keepAsMostRecent } from '../mostRecent';

/*
 * Whether a task's AI answers in one message or in several, learned from the replies waits receive. Waiting for more
 * parts adds Combine Replies Within to every answer, so the window applies until a task has answered in one message
 * `singleAnswersToTrust` times in a row, and again for good once an answer came in parts. A part that comes after its
 * answer went out takes the trigger's normal path, as every reply no wait takes, and teaches that the task answers in
 * parts.
 */

export const ANSWER_PARTS_LIMITS = {
	singleAnswersToTrust: 3,
	/** Tasks remembered (per credential), least recently used forgotten first. */
	tasks: 10_000,
	/** Conversations whose answer just went out, watched for a late part. */
	recentAnswers: 10_000,
};

interface TaskAnswers {
	singleInARow: number;
	inParts: boolean;
}

export class AnswerParts {
	private readonly tasks = new Map<string, TaskAnswers>();
	private readonly recentAnswers = new Map<string, { task: string; until: number }>();

	constructor(
		private readonly now: () => number,
		private readonly limits = ANSWER_PARTS_LIMITS,
	) {}

	/** The quiet window to wait after a reply: none for a task known to answer in one message. */
	windowMs(task: string, configuredMs: number): number {
		const known = this.tasks.get(task);
		const inOne =
			known !== undefined &&
			!known.inParts &&
			known.singleInARow >= this.limits.singleAnswersToTrust;
		return inOne ? 0 : configuredMs;
	}

	/** An answer closed after a quiet window: what it shows about the task. */
	answeredAfterQuiet(task: string, parts: number): void {
		const known = this.tasks.get(task) ?? { singleInARow: 0, inParts: false };
		if (parts > 1) known.inParts = true;
		else known.singleInARow++;
		keepAsMostRecent(this.tasks, task, known, this.limits.tasks);
	}

	/** A conversation's answer went out: a reply for it within `windowMs` would be a late part. */
	wentOut(conversation: string, task: string, windowMs: number): void {
		if (windowMs === 0) return;
		const until = this.now() + windowMs;
		keepAsMostRecent(this.recentAnswers, conversation, { task, until }, this.limits.recentAnswers);
	}

	/** A reply no wait took: if its conversation's answer just went out, the task answers in parts. */
	unclaimed(conversation: string): void {
		const recent = this.recentAnswers.get(conversation);
		if (recent === undefined) return;
		this.recentAnswers.delete(conversation);
		if (recent.until < this.now()) return;
		const known = this.tasks.get(recent.task) ?? { singleInARow: 0, inParts: false };
		known.inParts = true;
		keepAsMostRecent(this.tasks, recent.task, known, this.limits.tasks);
	}
}
