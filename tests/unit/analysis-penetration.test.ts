import { describe, expect, it } from 'vitest';
import { NO_DATA_TEXT, penetration, SMALL_CELL_TEXT, smallCell } from '../../src/lib/analysis/penetration';

describe('penetration', () => {
	it('gives people served per 1,000 target residents, worked out by hand', () => {
		// 50 / 2,000 x 1,000 = 25.0;  11 / 3,000 x 1,000 = 3.6667;  300 / 1,200 x 1,000 = 250.
		const r = penetration([
			{ id: 'a', served: 50, population: 2000 },
			{ id: 'b', served: 11, population: 3000 },
			{ id: 'c', served: 300, population: 1200 }
		]);
		expect(r.map((x) => x.per1000)).toEqual([25, (11 / 3000) * 1000, 250]);
		expect(r[1].per1000).toBeCloseTo(3.6667, 4);
		expect(r.map((x) => x.display)).toEqual(['25.0', '3.7', '250.0']);
		expect(r.map((x) => x.servedDisplay)).toEqual(['50', '11', '300']);
		expect(r.every((x) => !x.suppressed)).toBe(true);
	});

	it('shows "< 11" for fewer than 11 people served and never the exact count or a rate that reveals it', () => {
		const r = penetration([
			{ id: 'ten', served: 10, population: 1000 },
			{ id: 'zero', served: 0, population: 500 },
			{ id: 'one', served: 1, population: 37 }
		]);
		for (const x of r) {
			expect(x.suppressed).toBe(true);
			expect(x.display).toBe(SMALL_CELL_TEXT);
			expect(x.servedDisplay).toBe('< 11');
		}
		// The number stays available for internal use (ranking, the need index).
		expect(r[0].per1000).toBe(10);
		// No public field of a suppressed area contains the count or the exact rate.
		const publicText = r.map((x) => `${x.display} ${x.servedDisplay}`).join(' ');
		expect(publicText).not.toMatch(/\b(10|0|1|27\.0)\b/);
	});

	it('gives no data, not zero, when the population is 0 or missing or the count is unknown', () => {
		const r = penetration([
			{ id: 'no-people', served: 40, population: 0 },
			{ id: 'no-figure', served: 40, population: null },
			{ id: 'no-count', served: undefined, population: 100 },
			{ id: 'small-no-people', served: 3, population: 0 }
		]);
		expect(r.map((x) => x.per1000)).toEqual([null, null, null, null]);
		expect(r.map((x) => x.display)).toEqual([NO_DATA_TEXT, NO_DATA_TEXT, NO_DATA_TEXT, NO_DATA_TEXT]);
		expect(r.map((x) => x.servedDisplay)).toEqual(['40', '40', 'no data', '< 11']);
	});

	it('refuses negative or non-numeric counts, naming the area', () => {
		expect(() => penetration([{ id: 'x', served: -1, population: 10 }])).toThrow(/areas\[0\] \(x\).served must be a finite number >= 0/);
		expect(() => penetration([{ id: 'y', served: 1, population: Number.NaN }])).toThrow(/areas\[0\] \(y\).population/);
	});
});

describe('smallCell', () => {
	it('hides counts below 11 and shows the rest', () => {
		expect([0, 5, 10, 10.9, 11, 12, 1500].map(smallCell)).toEqual(['< 11', '< 11', '< 11', '< 11', '11', '12', '1500']);
		expect(smallCell(null)).toBe('no data');
	});
});
