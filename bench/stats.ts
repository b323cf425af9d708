/** Order statistics for repeated measurements: the bench reports medians with their min–max spread, never means. */

export interface Spread {
	median: number;
	min: number;
	max: number;
	count: number;
}

export function percentile(values: readonly number[], fraction: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	// Nearest rank: the smallest value with at least `fraction` of the values at or below it.
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
	return sorted[rank - 1];
}

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(values: readonly number[]): Spread {
	const finite = values.filter((value) => Number.isFinite(value));
	if (finite.length === 0)
		return { median: Number.NaN, min: Number.NaN, max: Number.NaN, count: 0 };
	return {
		median: median(finite),
		min: Math.min(...finite),
		max: Math.max(...finite),
		count: finite.length,
	};
}

/** Per-repetition ratios a[i] / b[i] of two series measured side by side in the same repetition. */
export function pairedRatios(
	numerators: readonly number[],
	denominators: readonly number[],
): number[] {
	return numerators.map((value, index) => value / denominators[index]);
}

/** `12.3 (11.9–13.0)` with the given formatter. */
export function formatSpread(value: Spread, format: (n: number) => string): string {
	if (value.count === 0) return 'n/a';
	if (value.count === 1 || value.min === value.max) return format(value.median);
	return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

export const formatSeconds = (ms: number): string =>
	`${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
export const formatMs = (ms: number): string => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}×`;
export const formatMicros = (us: number): string => `${us < 10 ? us.toFixed(2) : us.toFixed(1)} µs`;
export const formatMegabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const formatCount = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
