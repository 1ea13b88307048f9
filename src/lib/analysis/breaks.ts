/**
 * Class breaks for choropleth maps (METHODS.md "Class breaks"). Each function returns the upper
 * bounds of classes 1..k-1 (k-1 inner breaks, ascending); values above the last break fall in the
 * last class. Input values need not be sorted; non-finite values are ignored (no data).
 */
import { ckmeans, quantileSorted } from 'simple-statistics';

export type BreakMethod = 'quantile' | 'equal' | 'natural';

function clean(values: number[]): number[] {
	return values.filter(Number.isFinite).sort((a, b) => a - b);
}

function checkClasses(classes: number): void {
	if (!Number.isInteger(classes) || classes < 2) throw new Error(`classes must be an integer of 2 or more, got ${classes}`);
}

/**
 * Quantile breaks: the j/k quantiles (linear interpolation between order statistics, R type 7),
 * deduplicated. A quantile equal to the maximum is dropped: with classes (b[i-1], b[i]] it would
 * only add an empty top class "> max" (all values equal, or the top fifth tied at the maximum).
 */
export function quantileBreaks(values: number[], classes = 5): number[] {
	checkClasses(classes);
	const sorted = clean(values);
	if (sorted.length === 0) return [];
	const max = sorted[sorted.length - 1];
	const out: number[] = [];
	for (let j = 1; j < classes; j++) out.push(quantileSorted(sorted, j / classes));
	return [...new Set(out)].filter((b) => b < max);
}

/** Equal intervals between the minimum and maximum. */
export function equalIntervalBreaks(values: number[], classes = 5): number[] {
	checkClasses(classes);
	const sorted = clean(values);
	if (sorted.length === 0) return [];
	const [min, max] = [sorted[0], sorted[sorted.length - 1]];
	if (min === max) return [];
	return Array.from({ length: classes - 1 }, (_, j) => min + ((max - min) * (j + 1)) / classes);
}

/** Natural breaks (ckmeans, optimal 1-D k-means): the upper value of each cluster but the last. */
export function naturalBreaks(values: number[], classes = 5): number[] {
	checkClasses(classes);
	const sorted = clean(values);
	const k = Math.min(classes, new Set(sorted).size);
	if (k < 2) return [];
	return ckmeans(sorted, k)
		.slice(0, -1)
		.map((cluster) => cluster[cluster.length - 1]);
}

export function breaks(values: number[], method: BreakMethod, classes = 5): number[] {
	if (method === 'quantile') return quantileBreaks(values, classes);
	if (method === 'equal') return equalIntervalBreaks(values, classes);
	if (method === 'natural') return naturalBreaks(values, classes);
	throw new Error(`unknown break method "${method}"`);
}

/** Index of the class holding `value` (0..breaks.length): classes are (b[i-1], b[i]], first from -inf. */
export function classOf(value: number, upperBreaks: number[]): number {
	let i = 0;
	while (i < upperBreaks.length && value > upperBreaks[i]) i++;
	return i;
}
