/** Shared bits of the fakes' command lines: number flags, the ready line, stopping on signals. */
export function numberFlag(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0)
		throw new Error(`--${name} needs a number >= 0, got "${value}"`);
	return number;
}

/**
 * Prints one JSON line on stdout once listening, so a parent process can wait for it and read the URL;
 * human-readable details go to stderr.
 */
export function announceReady(service: string, url: string, port: number, details: string[]): void {
	process.stdout.write(`${JSON.stringify({ ready: true, service, url, port })}\n`);
	for (const line of details) process.stderr.write(`${line}\n`);
}

export function closeOnSignals(close: () => Promise<void>): void {
	let closing = false;
	const stop = () => {
		if (closing) return;
		closing = true;
		close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

export function failAndExit(error: unknown, usage: string): never {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
	process.exit(2);
}
