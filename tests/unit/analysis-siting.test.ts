import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/lib/analysis/distance';
import { siteMclp, siteMclpBruteForce } from '../../src/lib/analysis/siting';
import { travelMatrix, type DemandPoint, type SupplyPoint } from '../../src/lib/analysis/types';
import { close, randomDemand, randomSupply, rng, shuffled } from '../fixtures/analyze/random';

const LON = -100;
const BOUND_FACTOR = 1 / (1 - 1 / Math.E); // 1.5819767

// Four areas 0.1 deg (11.12 km) apart on the meridian 100 W; radius 6 km, so a site halfway
// between two neighbours (5.56 km from each) covers exactly those two.
//   a 0.00 (P 2)   b 0.10 (P 3)   c 0.20 (P 3)   d 0.30 (P 2)
//   X at 0.15 covers b, c (gain 6);  Y at 0.05 covers a, b (5);  Z at 0.25 covers c, d (5)
const demand: DemandPoint[] = [
	{ id: 'a', lat: 0, lon: LON, population: 2 },
	{ id: 'b', lat: 0.1, lon: LON, population: 3 },
	{ id: 'c', lat: 0.2, lon: LON, population: 3 },
	{ id: 'd', lat: 0.3, lon: LON, population: 2 }
];
const candidates: SupplyPoint[] = [
	{ id: 'X', lat: 0.15, lon: LON },
	{ id: 'Y', lat: 0.05, lon: LON },
	{ id: 'Z', lat: 0.25, lon: LON }
];

/** The best coverage over every set of k candidates: the exact optimum for small instances. */
function optimum(d: DemandPoint[], c: SupplyPoint[], existing: SupplyPoint[], k: number, radiusKm: number): number {
	const near = (p: DemandPoint, s: SupplyPoint) => haversineKm(p.lat, p.lon, s.lat, s.lon) <= radiusKm;
	let best = 0;
	const pick = (from: number, chosen: SupplyPoint[]) => {
		if (chosen.length === Math.min(k, c.length)) {
			const open = [...existing, ...chosen];
			best = Math.max(best, d.reduce((sum, p) => sum + (open.some((s) => near(p, s)) ? p.population : 0), 0));
			return;
		}
		for (let j = from; j < c.length; j++) pick(j + 1, [...chosen, c[j]]);
	};
	pick(0, []);
	return best;
}

describe('siteMclp', () => {
	it('greedily takes the biggest gain, then swaps to the better pair, worked out by hand', () => {
		// Greedy: X (6: b, c), then Y and Z each add 2 -> Y (earlier): covered 8.
		// Swap pass: closing X loses only c (3); Z would win c and d back (5) -> swap, covered 10.
		// Closing Y loses a and b (5); X would add b only (3) -> no swap. Next pass: nothing.
		// Report: Y and Z each add 5 to nothing; tie -> Y (earlier candidate) first.
		// Bound: 0 + 8 / (1 - 1/e) = 12.655813.
		const r = siteMclp(demand, candidates, [], { k: 2, radiusKm: 6 });
		expect(r.sites.map((s) => [s.rank, s.id, s.newCovered, s.cumulativeCovered])).toEqual([
			[1, 'Y', 5, 5],
			[2, 'Z', 5, 10]
		]);
		expect(r.sites[0].newlyCoveredIds).toEqual(['a', 'b']);
		expect(r.sites[1].candidateIndex).toBe(2);
		expect(r).toMatchObject({ coveredBefore: 0, greedyCovered: 8, coveredAfter: 10, totalPopulation: 10, swaps: 1 });
		expect(r.upperBound).toBeCloseTo(8 * BOUND_FACTOR, 9);
		expect(r.upperBound).toBeCloseTo(12.655813, 5);
	});

	it('swaps in the earlier of two candidates that would gain the same', () => {
		// Z2 stands on Z: closing X, both would win back 5; Z comes first in the input.
		const r = siteMclp(demand, [...candidates, { id: 'Z2', lat: 0.25, lon: LON }], [], { k: 2, radiusKm: 6 });
		expect(r.sites.map((s) => s.id)).toEqual(['Y', 'Z']);
		expect(r.swaps).toBe(1);
	});

	it('keeps existing sites open and reports coverage before and after', () => {
		// Existing site E at 0.00 covers a (2). Gains: X 6, Y 3 (b), Z 5. K = 1 -> X: 2 + 6 = 8.
		// Bound: 2 + 6 / (1 - 1/e) = 11.491860.
		const r = siteMclp(demand, candidates, [{ id: 'E', lat: 0, lon: LON }], { k: 1, radiusKm: 6 });
		expect(r.sites.map((s) => [s.id, s.newCovered, s.cumulativeCovered])).toEqual([['X', 6, 8]]);
		expect(r).toMatchObject({ coveredBefore: 2, coveredAfter: 8, greedyCovered: 8, swaps: 0 });
		expect(r.upperBound).toBeCloseTo(2 + 6 * BOUND_FACTOR, 9);
	});

	it('counts a demand point exactly at the radius as covered', () => {
		const edge = haversineKm(0.1, LON, 0.15, LON);
		const b = demand.slice(1, 2);
		expect(siteMclp(b, candidates.slice(0, 1), [], { k: 1, radiusKm: edge }).coveredAfter).toBe(3);
		expect(siteMclp(b, candidates.slice(0, 1), [], { k: 1, radiusKm: edge * (1 - 1e-12) }).coveredAfter).toBe(0);
	});

	it('chooses every candidate when K is larger, and sites that add nobody still make up K', () => {
		const r = siteMclp(demand, [...candidates, { id: 'far', lat: 5, lon: LON }], [], { k: 9, radiusKm: 6 });
		expect(r.sites.map((s) => s.id)).toEqual(['X', 'Y', 'Z', 'far']);
		expect(r.sites.map((s) => s.newCovered)).toEqual([6, 2, 2, 0]);
		expect(r.coveredAfter).toBe(10);
		const none = siteMclp(demand, candidates, [], { k: 0, radiusKm: 6 });
		expect(none.sites).toEqual([]);
		expect(none.upperBound).toBe(0);
	});

	it('uses minutes from a travel matrix, including for the existing sites', () => {
		const matrix = travelMatrix([
			{ origin: 'a', destination: 'E', minutes: 10 },
			{ origin: 'b', destination: 'X', minutes: 20 },
			{ origin: 'c', destination: 'X', minutes: 31 },
			{ origin: 'd', destination: 'Z', minutes: 5 },
			{ origin: 'c', destination: 'Z', minutes: 30 }
		]);
		// 30 minutes: E covers a (2); X covers b (3); Z covers c, d (5). K = 1 -> Z.
		const r = siteMclp(demand, candidates, [{ id: 'E', lat: 0, lon: 0 }], { k: 1, radiusMinutes: 30, matrix });
		expect(r.sites.map((s) => [s.id, s.newCovered])).toEqual([['Z', 5]]);
		expect(r.coveredBefore).toBe(2);
		expect(r.coveredAfter).toBe(7);
		expect(r).toEqual(siteMclpBruteForce(demand, candidates, [{ id: 'E', lat: 0, lon: 0 }], { k: 1, radiusMinutes: 30, matrix }));
	});

	it('equals the exhaustive optimum for K = 1 and stays within the reported bound for K = 2..3', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const next = rng(seed);
			const d = randomDemand(next, 40, { whole: true });
			const c = randomSupply(next, 12, { capacity: false });
			const existing = seed % 2 === 0 ? randomSupply(next, 2, { prefix: 'e', capacity: false }) : [];
			const radiusKm = 20 + next() * 20;
			for (let k = 1; k <= 3; k++) {
				const r = siteMclp(d, c, existing, { k, radiusKm });
				const best = optimum(d, c, existing, k, radiusKm);
				expect(r.coveredAfter).toBeLessThanOrEqual(best);
				if (k === 1) expect(r.coveredAfter).toBe(best);
				expect(best).toBeLessThanOrEqual(r.upperBound + 1e-9);
				expect(r.coveredAfter - r.coveredBefore).toBeGreaterThanOrEqual((1 - 1 / Math.E) * (best - r.coveredBefore) - 1e-9);
			}
		}
	});

	it('never loses coverage as K grows, and each site adds a gain of 0 or more', () => {
		const next = rng(77);
		const d = randomDemand(next, 300);
		const c = randomSupply(next, 60, { capacity: false });
		const existing = randomSupply(next, 3, { prefix: 'e', capacity: false });
		let previous = -1;
		for (let k = 0; k <= 12; k++) {
			const r = siteMclp(d, c, existing, { k, radiusKm: 15 });
			expect(r.greedyCovered).toBeGreaterThanOrEqual(previous);
			expect(r.coveredAfter).toBeGreaterThanOrEqual(r.greedyCovered);
			expect(r.coveredAfter).toBeGreaterThanOrEqual(r.coveredBefore);
			let cumulative = r.coveredBefore;
			for (const s of r.sites) {
				expect(s.newCovered).toBeGreaterThanOrEqual(0);
				cumulative += s.newCovered;
				expect(close(s.cumulativeCovered, cumulative)).toBe(true);
			}
			previous = r.greedyCovered;
		}
	});

	it('covers at least as many people when an existing site is added', () => {
		const next = rng(78);
		const d = randomDemand(next, 300, { whole: true });
		const c = randomSupply(next, 40, { capacity: false });
		const existing = randomSupply(next, 6, { prefix: 'e', capacity: false });
		for (let e = 0; e < existing.length; e++) {
			const fewer = siteMclp(d, c, existing.slice(0, e), { k: 0, radiusKm: 15 });
			const more = siteMclp(d, c, existing.slice(0, e + 1), { k: 0, radiusKm: 15 });
			expect(more.coveredBefore).toBeGreaterThanOrEqual(fewer.coveredBefore);
		}
	});

	it('matches the plain greedy and swap loop exactly, ties included', () => {
		for (let seed = 1; seed <= 8; seed++) {
			const next = rng(seed);
			const d = randomDemand(next, 250, { whole: true });
			const c = randomSupply(next, 50, { capacity: false });
			// Copies of candidates give equal gains, which both versions must break the same way.
			c.push({ ...c[5], id: 'copy-5' }, { ...c[9], id: 'copy-9' });
			c.unshift({ ...c[30], id: 'copy-30-first' });
			const existing = seed % 2 ? randomSupply(next, 4, { prefix: 'e', capacity: false }) : [];
			const options = { k: 1 + (seed % 7), radiusKm: 10 + seed * 3 };
			expect(siteMclp(d, c, existing, options)).toEqual(siteMclpBruteForce(d, c, existing, options));
		}
	});

	it('finds improving swaps on instances where greedy alone is not optimal, as the plain loop does', () => {
		let swapped = 0;
		for (let seed = 1; seed <= 30; seed++) {
			const next = rng(1000 + seed);
			const d = randomDemand(next, 120, { whole: true });
			const c = randomSupply(next, 25, { capacity: false });
			const r = siteMclp(d, c, [], { k: 4, radiusKm: 25 });
			expect(r).toEqual(siteMclpBruteForce(d, c, [], { k: 4, radiusKm: 25 }));
			if (r.swaps > 0) {
				swapped++;
				expect(r.coveredAfter).toBeGreaterThan(r.greedyCovered);
			}
		}
		expect(swapped).toBeGreaterThan(0);
	});

	it('covers the same population whatever the order of the inputs', () => {
		const next = rng(5);
		const d = randomDemand(next, 300);
		const c = randomSupply(next, 60, { capacity: false });
		const existing = randomSupply(next, 3, { prefix: 'e', capacity: false });
		const first = siteMclp(d, c, existing, { k: 5, radiusKm: 20 });
		for (let round = 0; round < 3; round++) {
			const again = siteMclp(shuffled(next, d), shuffled(next, c), shuffled(next, existing), { k: 5, radiusKm: 20 });
			expect(close(again.coveredAfter, first.coveredAfter)).toBe(true);
			expect(close(again.upperBound, first.upperBound)).toBe(true);
			expect(again.sites.map((s) => s.id)).toEqual(first.sites.map((s) => s.id));
		}
	});

	it('refuses a bad K or radius, naming the option', () => {
		expect(() => siteMclp(demand, candidates, [], { k: 1.5, radiusKm: 6 })).toThrow(/options.k must be a whole number >= 0/);
		expect(() => siteMclp(demand, candidates, [], { k: -1, radiusKm: 6 })).toThrow(/options.k/);
		expect(() => siteMclp(demand, candidates, [], { k: 1 } as never)).toThrow(/options.radiusKm must be a finite number >= 0/);
		expect(() => siteMclp(demand, [{ id: 'q', lat: 100, lon: 0 }], [], { k: 1, radiusKm: 6 })).toThrow(/candidates\[0\] \(q\): lat/);
		expect(() => siteMclp(demand, candidates, [{ id: 'e', lat: 0, lon: 200 }], { k: 1, radiusKm: 6 })).toThrow(/existing\[0\] \(e\): lon/);
	});
});
