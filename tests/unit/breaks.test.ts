import { describe, expect, it } from 'vitest';
import { breaks, classOf, equalIntervalBreaks, naturalBreaks, quantileBreaks, type BreakMethod } from '../../src/lib/analysis/breaks';
import { mulberry32 } from '../../src/lib/server/demo/prng';

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const METHODS: BreakMethod[] = ['quantile', 'equal', 'natural'];

/** How many values fall in each class 0..upper.length. */
function counts(values: number[], upper: number[]): number[] {
	const n = new Array(upper.length + 1).fill(0);
	for (const v of values) n[classOf(v, upper)]++;
	return n;
}

describe('quantileBreaks', () => {
	it('puts the 5-class breaks of 1..10 at 2.8, 4.6, 6.4 and 8.2, two values a class', () => {
		// R type 7: the j/5 quantile sits at index h = 9 * j/5 = 1.8, 3.6, 5.4, 7.2 of the sorted
		// values, so q = x[floor h] + frac(h) * (x[ceil h] - x[floor h]) = 2.8, 4.6, 6.4, 8.2.
		const upper = quantileBreaks(ONE_TO_TEN, 5);
		expect(upper).toHaveLength(4);
		[2.8, 4.6, 6.4, 8.2].forEach((b, i) => expect(upper[i]).toBeCloseTo(b, 12));
		expect(counts(ONE_TO_TEN, upper)).toEqual([2, 2, 2, 2, 2]);
	});

	it('gives the same breaks for shuffled input with NaN and infinities mixed in (no data is ignored)', () => {
		const messy = [7, NaN, 3, 10, Infinity, 1, 9, -Infinity, 2, 8, 4, 6, 5];
		expect(quantileBreaks(messy, 5)).toEqual(quantileBreaks(ONE_TO_TEN, 5));
	});

	it('merges quantiles that tie, so a run of zeros gives fewer classes rather than repeated breaks', () => {
		// Sorted [0 x6, 1, 2, 3, 4]: h = 1.8 -> 0; 3.6 -> 0; 5.4 -> 0 + 0.4 * (1 - 0) = 0.4;
		// 7.2 -> 2 + 0.2 * (3 - 2) = 2.2. The two zeros merge.
		const upper = quantileBreaks([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], 5);
		expect(upper).toHaveLength(3);
		[0, 0.4, 2.2].forEach((b, i) => expect(upper[i]).toBeCloseTo(b, 12));
	});

	it('drops a quantile equal to the maximum, which would only open an empty top class', () => {
		// Sorted [1, 5, 5, 5, 5]: h = 4 * j/5 = 0.8 -> 1 + 0.8 * 4 = 4.2; 1.6, 2.4, 3.2 -> 5 (the max).
		const values = [5, 1, 5, 5, 5];
		const upper = quantileBreaks(values, 5);
		expect(upper).toHaveLength(1);
		expect(upper[0]).toBeCloseTo(4.2, 12);
		expect(counts(values, upper)).toEqual([1, 4]);
	});

	it('returns no breaks when every value is the same or there are no finite values', () => {
		expect(quantileBreaks([3, 3, 3], 5)).toEqual([]);
		expect(quantileBreaks([], 5)).toEqual([]);
		expect(quantileBreaks([NaN, Infinity], 5)).toEqual([]);
	});

	it('keeps classes within one value of n/k for distinct values (property over random samples)', () => {
		const rng = mulberry32(20261121);
		for (let trial = 0; trial < 200; trial++) {
			const n = 5 + Math.floor(rng() * 300);
			const k = 2 + Math.floor(rng() * 8);
			const values = [...new Set(Array.from({ length: n }, () => rng() * 1000))];
			const c = counts(values, quantileBreaks(values, k));
			expect(c).toHaveLength(k);
			for (const count of c) expect(Math.abs(count - values.length / k)).toBeLessThanOrEqual(1);
		}
	});
});

describe('equalIntervalBreaks', () => {
	it('splits 0..10 into four classes of width 2.5, whatever lies inside', () => {
		const values = [10, 0, 1, 2];
		expect(equalIntervalBreaks(values, 4)).toEqual([2.5, 5, 7.5]);
		expect(counts(values, equalIntervalBreaks(values, 4))).toEqual([3, 0, 0, 1]);
	});

	it('puts the 5-class breaks of 1..10 at 1 + 9 * j/5 and handles negative ranges', () => {
		const upper = equalIntervalBreaks(ONE_TO_TEN, 5);
		expect(upper).toHaveLength(4);
		[2.8, 4.6, 6.4, 8.2].forEach((b, i) => expect(upper[i]).toBeCloseTo(b, 12));
		expect(equalIntervalBreaks([-10, 10, NaN], 4)).toEqual([-5, 0, 5]);
	});

	it('returns no breaks for a single distinct value or no finite values', () => {
		expect(equalIntervalBreaks([4, 4, NaN], 5)).toEqual([]);
		expect(equalIntervalBreaks([], 5)).toEqual([]);
	});
});

describe('naturalBreaks', () => {
	it('splits 1..10 into five pairs, breaking after 2, 4, 6 and 8', () => {
		expect(naturalBreaks(ONE_TO_TEN, 5)).toEqual([2, 4, 6, 8]);
	});

	it('finds the obvious groups 1-3, 10-12 and 30, breaking at the top of each group but the last', () => {
		expect(naturalBreaks([30, 11, 2, 10, 1, 12, 3, NaN], 3)).toEqual([3, 12]);
	});

	it('makes at most one class per distinct value when there are fewer distinct values than classes', () => {
		// Distinct values 1, 2, 3: three classes {1, 1}, {2, 2}, {3}.
		expect(naturalBreaks([1, 1, 2, 2, 3], 5)).toEqual([1, 2]);
		expect(naturalBreaks([4, 4, 4], 5)).toEqual([]);
		expect(naturalBreaks([], 5)).toEqual([]);
	});
});

describe('breaks', () => {
	it('dispatches on the method name and refuses an unknown one', () => {
		expect(breaks(ONE_TO_TEN, 'natural', 5)).toEqual([2, 4, 6, 8]);
		expect(breaks([10, 0, 1, 2], 'equal', 4)).toEqual([2.5, 5, 7.5]);
		expect(breaks(ONE_TO_TEN, 'quantile')).toHaveLength(4);
		expect(() => breaks(ONE_TO_TEN, 'jenks' as BreakMethod)).toThrow(/unknown break method "jenks"/);
	});

	it.each(METHODS)('%s: refuses fewer than 2 classes or a fractional count, naming the parameter', (method) => {
		for (const classes of [1, 0, -3, 2.5, NaN]) {
			expect(() => breaks(ONE_TO_TEN, method, classes)).toThrow(/classes must be an integer of 2 or more/);
		}
		expect(() => breaks([], method, 1)).toThrow(/classes/);
	});

	it.each(METHODS)('%s: returns at most k-1 ascending breaks inside [min, max) and no empty top class', (method) => {
		const rng = mulberry32(7);
		for (let trial = 0; trial < 100; trial++) {
			const n = 1 + Math.floor(rng() * 60);
			// Rounded values so that ties are common.
			const values = Array.from({ length: n }, () => Math.round(rng() * 20) - 5);
			const k = 2 + Math.floor(rng() * 6);
			const upper = breaks(values, method, k);
			const [min, max] = [Math.min(...values), Math.max(...values)];
			expect(upper.length).toBeLessThanOrEqual(k - 1);
			for (let i = 1; i < upper.length; i++) expect(upper[i]).toBeGreaterThan(upper[i - 1]);
			for (const b of upper) {
				expect(b).toBeGreaterThanOrEqual(min);
				expect(b).toBeLessThan(max);
			}
			const c = counts(values, upper);
			expect(c[c.length - 1]).toBeGreaterThan(0);
			if (method === 'natural') for (const count of c) expect(count).toBeGreaterThan(0);
		}
	});
});

describe('classOf', () => {
	it('puts a value equal to a break in the lower class: classes are (b[i-1], b[i]]', () => {
		const upper = [2, 4, 6];
		expect(classOf(-100, upper)).toBe(0);
		expect(classOf(2, upper)).toBe(0);
		expect(classOf(2.0001, upper)).toBe(1);
		expect(classOf(4, upper)).toBe(1);
		expect(classOf(6, upper)).toBe(2);
		expect(classOf(6.5, upper)).toBe(3);
	});

	it('puts everything in class 0 when there are no breaks', () => {
		expect(classOf(123, [])).toBe(0);
	});
});
