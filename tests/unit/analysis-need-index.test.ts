import { describe, expect, it } from 'vitest';
import { needIndex, needIndexBruteForce, percentileRanks, percentileRanksBruteForce, type NeedComponent } from '../../src/lib/analysis/need-index';
import { rng, shuffled } from '../fixtures/analyze/random';

// Four areas, three components; penetration is missing for d.
//   uninsured (high = need):  a 10, b 20, c 20, d 40 -> average ranks 1, 2.5, 2.5, 4
//                             -> (rank - 1) / (4 - 1) = 0, 0.5, 0.5, 1
//   penetration (low = need): a 5, b 1, c 3, d -   -> over 3 values ranks a 3, b 1, c 2
//                             -> 1, 0, 0.5, then inverted: a 0, b 1, c 0.5, d null
//   distance (high = need):   a 30, b 10, c 50, d 20 -> ranks 3, 1, 4, 2 -> 2/3, 0, 1, 1/3
// Equal weights: a (0 + 0 + 2/3)/3 = 0.222222, b (0.5 + 1 + 0)/3 = 0.5,
//                c (0.5 + 0.5 + 1)/3 = 0.666667, d (1 + 1/3)/2 = 0.666667 (weights renormalised over 2)
// Weights 2, 1, 1: a (0 + 0 + 2/3)/4 = 0.166667, b (1 + 1 + 0)/4 = 0.5, c (1 + 0.5 + 1)/4 = 0.625,
//                  d (2 + 1/3)/3 = 0.777778
const areas = [
	{ id: 'a', values: { uninsured: 10, penetration: 5, distance: 30 } },
	{ id: 'b', values: { uninsured: 20, penetration: 1, distance: 10 } },
	{ id: 'c', values: { uninsured: 20, penetration: 3, distance: 50 } },
	{ id: 'd', values: { uninsured: 40, penetration: null, distance: 20 } }
];
const components: NeedComponent[] = [
	{ key: 'uninsured', direction: 'higher-is-more-need' },
	{ key: 'penetration', direction: 'lower-is-more-need' },
	{ key: 'distance', direction: 'higher-is-more-need' }
];
const TOLERANCE = 1e-12;

describe('needIndex', () => {
	it('averages percentile ranks with equal weights by default, worked out by hand', () => {
		const r = needIndex(areas, components);
		const expected = [2 / 9, 0.5, 2 / 3, 2 / 3];
		r.forEach((x, i) => expect(Math.abs(x.index! - expected[i])).toBeLessThan(TOLERANCE));
		expect(r.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
	});

	it('returns the component ranks and raw values beside the index, inverted where low means need', () => {
		const [a, , , d] = needIndex(areas, components);
		expect(a.ranks).toEqual({ uninsured: 0, penetration: 0, distance: 2 / 3 });
		expect(a.values).toEqual({ uninsured: 10, penetration: 5, distance: 30 });
		expect(d.ranks).toEqual({ uninsured: 1, penetration: null, distance: 1 / 3 });
		expect(d.values.penetration).toBeNull();
	});

	it('applies the planner weights, renormalised over the components an area has', () => {
		const weighted = components.map((c) => ({ ...c, weight: c.key === 'uninsured' ? 2 : 1 }));
		const r = needIndex(areas, weighted);
		const expected = [1 / 6, 0.5, 0.625, 7 / 9];
		r.forEach((x, i) => expect(Math.abs(x.index! - expected[i])).toBeLessThan(TOLERANCE));
	});

	it('gives null (no data) to an area with no values or only zero-weight values, never 0', () => {
		const r = needIndex(
			[...areas, { id: 'e', values: { uninsured: null, penetration: undefined, distance: Number.NaN } }, { id: 'f', values: { distance: 5 } }],
			components.map((c) => ({ ...c, weight: c.key === 'distance' ? 0 : 1 }))
		);
		expect(r[4].index).toBeNull();
		expect(r[5].index).toBeNull();
		expect(r[5].ranks.distance).toBe(0);
	});

	it('is the same for each area whatever the order of the areas', () => {
		const next = rng(3);
		const many = Array.from({ length: 200 }, (_, i) => ({
			id: `z${i}`,
			values: { u: Math.floor(next() * 20), p: next() < 0.1 ? null : next(), d: next() * 100 }
		}));
		const comps: NeedComponent[] = [
			{ key: 'u', direction: 'higher-is-more-need', weight: 2 },
			{ key: 'p', direction: 'lower-is-more-need' },
			{ key: 'd', direction: 'higher-is-more-need', weight: 0.5 }
		];
		const byId = new Map(needIndex(many, comps).map((x) => [x.id, x.index]));
		for (const x of needIndex(shuffled(next, many), comps)) expect(x.index).toBe(byId.get(x.id));
	});

	it('matches the O(n²) counting version exactly on random data with many ties', () => {
		const next = rng(4);
		const many = Array.from({ length: 500 }, (_, i) => ({
			id: `z${i}`,
			values: { u: Math.floor(next() * 7), p: next() < 0.2 ? null : Math.round(next() * 50) / 10, d: next() * 100 }
		}));
		const comps: NeedComponent[] = [
			{ key: 'u', direction: 'higher-is-more-need' },
			{ key: 'p', direction: 'lower-is-more-need', weight: 3 },
			{ key: 'd', direction: 'higher-is-more-need' }
		];
		expect(needIndex(many, comps)).toEqual(needIndexBruteForce(many, comps));
	});

	it('refuses bad components and values, naming them', () => {
		expect(() => needIndex(areas, [])).toThrow(/components must be a non-empty array/);
		expect(() => needIndex(areas, [{ key: 'u', direction: 'up' as never }])).toThrow(/components\[0\].direction must be/);
		expect(() => needIndex(areas, [{ key: 'u', direction: 'higher-is-more-need', weight: -1 }])).toThrow(/components\[0\].weight must be a finite number >= 0/);
		expect(() => needIndex(areas, [{ key: 'u', direction: 'higher-is-more-need', weight: 0 }])).toThrow(/at least one weight must be > 0/);
		expect(() => needIndex(areas, [components[0], components[0]])).toThrow(/"uninsured" appears twice/);
		expect(() => needIndex([{ id: 'x', values: { uninsured: Infinity } }], components)).toThrow(/areas\[0\] \(x\).values.uninsured must be a finite number or null/);
	});
});

describe('percentileRanks', () => {
	it('uses (rank - 1) / (n - 1) with tied values sharing their average rank', () => {
		// 3, 1, 4, 1, 5: ascending 1, 1, 3, 4, 5 -> ranks 1.5, 1.5, 3, 4, 5 -> (r - 1) / 4
		expect(percentileRanks([3, 1, 4, 1, 5])).toEqual([0.5, 0.125, 0.75, 0.125, 1]);
		expect(percentileRanks([7, null, 7, 7])).toEqual([0.5, null, 0.5, 0.5]);
		expect(percentileRanks([42])).toEqual([0.5]);
		expect(percentileRanks([])).toEqual([]);
		expect(percentileRanksBruteForce([3, 1, 4, 1, 5])).toEqual([0.5, 0.125, 0.75, 0.125, 1]);
	});
});
