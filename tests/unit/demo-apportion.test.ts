import { describe, expect, it } from 'vitest';
import { apportion } from '../../src/lib/server/demo/apportion';
import { hashString, mulberry32, shuffled, streamFor, weightedSampler } from '../../src/lib/server/demo/prng';

describe('apportion (largest remainder)', () => {
	it('gives leftover units to the largest fractional parts, ties to the lower index', () => {
		// Quotas 3.5, 3.5, 3.0: floors 3, 3, 3 leave one unit, which goes to the first tie.
		expect(apportion(10, [0.35, 0.35, 0.3])).toEqual([4, 3, 3]);
		// Quotas 1.25 each: floors 1 leave one unit.
		expect(apportion(5, [1, 1, 1, 1])).toEqual([2, 1, 1, 1]);
		// Quotas 7 * [3, 3, 2] / 8 = 2.625, 2.625, 1.75; floors 2, 2, 1 leave 2 units: the 0.75
		// remainder first, then the first of the two 0.625s.
		expect(apportion(7, [3, 3, 2])).toEqual([3, 2, 2]);
		expect(apportion(100, [0.5, 0.3, 0.2])).toEqual([50, 30, 20]);
	});

	it('never exceeds a cap and shares what a capped item cannot take among the others', () => {
		// Item 0's quota (8) exceeds its cap (5); the other 5 split 1:1 as 3, 2.
		expect(apportion(10, [8, 1, 1], [5, 10, 10])).toEqual([5, 3, 2]);
		// Caps that exactly hold the total are filled.
		expect(apportion(6, [1, 100, 1], [2, 2, 2])).toEqual([2, 2, 2]);
	});

	it('shares a total among zero-weight items by their spare capacity rather than losing it', () => {
		// Quotas by capacity 1:5 are 0.5 and 2.5; floors 0, 2 leave one unit for the first tie.
		expect(apportion(3, [0, 0], [1, 5])).toEqual([1, 2]);
		expect(apportion(4, [0, 0])).toEqual([2, 2]);
	});

	it('returns zeros for a zero total and throws on impossible or malformed requests', () => {
		expect(apportion(0, [1, 2])).toEqual([0, 0]);
		expect(() => apportion(5, [1, 1], [2, 2])).toThrow(/caps sum to 4/);
		expect(() => apportion(2.5, [1])).toThrow(/total/);
		expect(() => apportion(3, [1, -1])).toThrow(/weights\[1\]/);
		expect(() => apportion(3, [])).toThrow(/no items/);
		expect(() => apportion(3, [1, 1], [1])).toThrow(/caps has 1/);
	});

	it('always sums exactly, respects caps, and stays within one unit of each uncapped quota', () => {
		const rng = mulberry32(7);
		for (let trial = 0; trial < 500; trial++) {
			const n = 1 + Math.floor(rng() * 30);
			const weights = Array.from({ length: n }, () => (rng() < 0.1 ? 0 : rng() * 100));
			const total = Math.floor(rng() * 5000);
			const plain = apportion(total, weights);
			const sum = weights.reduce((a, b) => a + b, 0);
			expect(plain.reduce((a, b) => a + b, 0)).toBe(total);
			if (sum > 0) plain.forEach((a, i) => expect(Math.abs(a - (total * weights[i]) / sum)).toBeLessThan(1));

			const caps = weights.map(() => Math.floor(rng() * 400));
			const capSum = caps.reduce((a, b) => a + b, 0);
			const capped = apportion(Math.min(total, capSum), weights, caps);
			expect(capped.reduce((a, b) => a + b, 0)).toBe(Math.min(total, capSum));
			capped.forEach((a, i) => {
				expect(Number.isInteger(a)).toBe(true);
				expect(a).toBeGreaterThanOrEqual(0);
				expect(a).toBeLessThanOrEqual(caps[i]);
			});
		}
	});
});

describe('seeded randomness', () => {
	it('repeats a sequence for the same seed and stays in [0, 1) with a mean near 1/2', () => {
		const a = mulberry32(42);
		const b = mulberry32(42);
		let sum = 0;
		let mismatches = 0;
		let outOfRange = 0;
		for (let i = 0; i < 10_000; i++) {
			const x = a();
			if (x !== b()) mismatches++;
			if (!(x >= 0 && x < 1)) outOfRange++;
			sum += x;
		}
		expect(mismatches).toBe(0);
		expect(outOfRange).toBe(0);
		// Standard error of the mean of 10,000 uniforms is 0.0029; 0.02 is about 7 of them.
		expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
		expect(mulberry32(43)()).not.toBe(mulberry32(42)());
	});

	it('gives different streams to neighbouring labels and seeds', () => {
		expect(hashString('year:2021')).not.toBe(hashString('year:2022'));
		expect(streamFor(1, 'year:2021')()).not.toBe(streamFor(1, 'year:2022')());
		expect(streamFor(1, 'records')()).not.toBe(streamFor(2, 'records')());
	});

	it('shuffles into a permutation and never samples a zero-weight item', () => {
		const rng = mulberry32(3);
		const items = Array.from({ length: 50 }, (_, i) => i);
		const s = shuffled(rng, items);
		expect(s).not.toEqual(items);
		expect([...s].sort((x, y) => x - y)).toEqual(items);
		const sample = weightedSampler([1, 0, 3, 0]);
		const counts = [0, 0, 0, 0];
		for (let i = 0; i < 4000; i++) counts[sample(rng)]++;
		expect(counts[1]).toBe(0);
		expect(counts[3]).toBe(0);
		// Expected 1,000 and 3,000; binomial standard deviation 27.
		expect(Math.abs(counts[0] - 1000)).toBeLessThan(150);
	});
});
