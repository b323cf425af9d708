/** The list started at position `shift` (wrapping): rotating the order per repetition spreads position effects. */
export function rotate<T>(list: readonly T[], shift: number): T[] {
	if (list.length === 0) return [];
	const start = shift % list.length;
	return [...list.slice(start), ...list.slice(0, start)];
}
