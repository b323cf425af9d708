/** A Markdown table; the same text is printed to the terminal and written to BENCHMARKS.md. */
export function table(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const verdict = (met: boolean): string => (met ? '**met**' : '**missed**');
