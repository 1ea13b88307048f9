import { describe, expect, it } from 'vitest';
import { coverage } from '../../src/lib/analysis/coverage';
import { haversineKm } from '../../src/lib/analysis/distance';
import { nearest, nearestBruteForce } from '../../src/lib/analysis/nearest';
import { reachWithin, reachWithinBruteForce } from '../../src/lib/analysis/reach';
import { travelMatrix, type DemandPoint, type SupplyPoint } from '../../src/lib/analysis/types';
import { KM_PER_DEGREE, randomDemand, randomSupply, rng, shuffled } from '../fixtures/analyze/random';

// Points on the meridian 100 W: the distance between two of them is |lat1 - lat2| x 111.19508 km.
const LON = -100;
const demand: DemandPoint[] = [
	{ id: 'A', lat: 0.25, lon: LON, population: 100 },
	{ id: 'B', lat: 0.5, lon: LON, population: 200 },
	{ id: 'C', lat: 1.1, lon: LON, population: 300 }
];
const supply: SupplyPoint[] = [
	{ id: 'X', lat: 0, lon: LON },
	{ id: 'Y', lat: 1, lon: LON },
	{ id: 'Z', lat: 1, lon: LON }
];

describe('nearest', () => {
	it('finds the nearest supply point and its distance in km for every demand point, in input order', () => {
		// A: X at 0.25 deg = 27.798770 km.  B: X and Y both at 0.5 deg = 55.597540 km, an exact tie
		// (mirror images on the meridian) that goes to X, the earlier supply point.  C: Y and Z sit on
		// the same spot 0.1 deg = 11.119508 km away; the tie goes to Y.
		const result = nearest(demand, supply);
		expect(result.map((r) => [r.id, r.supplyId, r.supplyIndex])).toEqual([
			['A', 'X', 0],
			['B', 'X', 0],
			['C', 'Y', 1]
		]);
		expect(result[0].distance).toBeCloseTo(0.25 * KM_PER_DEGREE, 6);
		expect(result[0].distance).toBeCloseTo(27.79877, 4);
		expect(result[1].distance).toBeCloseTo(55.59754, 4);
		expect(result[2].distance).toBeCloseTo(11.119508, 4);
	});

	it('returns null for every demand point when there is no supply', () => {
		expect(nearest(demand, [])).toEqual([
			{ id: 'A', supplyId: null, supplyIndex: -1, distance: null },
			{ id: 'B', supplyId: null, supplyIndex: -1, distance: null },
			{ id: 'C', supplyId: null, supplyIndex: -1, distance: null }
		]);
	});

	it('uses travel minutes from a matrix instead of km, a missing pair being unreachable', () => {
		const matrix = travelMatrix([
			{ origin: 'A', destination: 'Y', minutes: 40 },
			{ origin: 'A', destination: 'X', minutes: 45 },
			{ origin: 'B', destination: 'Z', minutes: 12 },
			{ origin: 'B', destination: 'Y', minutes: 12 },
			{ origin: 'B', destination: 'elsewhere', minutes: 1 }
		]);
		// A: Y at 40 min beats X at 45 although X is nearer in km. B: Y and Z tie at 12 min -> Y
		// (earlier in the supply list); 'elsewhere' is not a supply point. C has no pair: unreachable.
		expect(nearest(demand, supply, { matrix })).toEqual([
			{ id: 'A', supplyId: 'Y', supplyIndex: 1, distance: 40 },
			{ id: 'B', supplyId: 'Y', supplyIndex: 1, distance: 12 },
			{ id: 'C', supplyId: null, supplyIndex: -1, distance: null }
		]);
		expect(nearestBruteForce(demand, supply, { matrix })).toEqual(nearest(demand, supply, { matrix }));
	});

	it('works across the antimeridian and near the poles, where a flat grid would fail', () => {
		const d: DemandPoint[] = [
			{ id: 'fiji', lat: -17, lon: 179.9, population: 1 },
			{ id: 'pole', lat: 89.99, lon: 0, population: 1 }
		];
		const s: SupplyPoint[] = [
			{ id: 'east', lat: -17, lon: -179.9 },
			{ id: 'west', lat: -17, lon: 178 },
			{ id: 'other-side-of-pole', lat: 89.99, lon: 180 },
			{ id: 'lower', lat: 89.9, lon: 0 }
		];
		const r = nearest(d, s);
		expect(r.map((x) => x.supplyId)).toEqual(['east', 'other-side-of-pole']);
		// 0.2 deg of longitude at 17 S: 0.2 x 111.19508 x cos(17 deg) = 21.267 km.
		expect(r[0].distance).toBeCloseTo(21.267, 2);
		// Across the pole: 0.02 deg of arc = 2.2239 km, versus 0.09 deg = 10.0076 km to 'lower'.
		expect(r[1].distance).toBeCloseTo(2.2239, 3);
	});

	it('matches the brute-force loop exactly on random data, including ties between coincident sites', () => {
		for (let seed = 1; seed <= 5; seed++) {
			const next = rng(seed);
			const d = randomDemand(next, 400);
			const s = randomSupply(next, 60);
			// Coincident and mirrored sites force exact ties that must go to the earlier one.
			s.push({ ...s[3], id: 'copy-of-3' }, { ...s[10], id: 'copy-of-10' });
			s.unshift({ ...s[20], id: 'copy-of-20-first' });
			expect(nearest(d, s)).toEqual(nearestBruteForce(d, s));
		}
	});

	it('matches the brute-force loop on points spread over the whole globe', () => {
		const next = rng(99);
		const box = { lat: [-90, 90] as [number, number], lon: [-180, 180] as [number, number] };
		const d = randomDemand(next, 2000, { box });
		const s = randomSupply(next, 37, { box });
		expect(nearest(d, s)).toEqual(nearestBruteForce(d, s));
	});

	it('gives each demand point the same answer whatever the order of the inputs', () => {
		const next = rng(7);
		const d = randomDemand(next, 300);
		const s = randomSupply(next, 40);
		const byId = new Map(nearest(d, s).map((r) => [r.id, r]));
		const again = nearest(shuffled(next, d), shuffled(next, s));
		for (const r of again) {
			expect(r.supplyId).toBe(byId.get(r.id)!.supplyId);
			expect(r.distance).toBe(byId.get(r.id)!.distance);
		}
	});

	it('refuses bad input, naming the parameter', () => {
		expect(() => nearest([{ id: 'a', lat: 91, lon: 0, population: 1 }], supply)).toThrow(/demand\[0\] \(a\): lat must be/);
		expect(() => nearest(demand, [{ id: 's', lat: 0, lon: -181 }])).toThrow(/supply\[0\] \(s\): lon must be/);
		expect(() => nearest([{ id: 'a', lat: 0, lon: 0, population: -1 }], supply)).toThrow(/population must be a finite number >= 0/);
		expect(() => nearest([{ id: 'a', lat: NaN, lon: 0, population: 1 }], supply)).toThrow(/lat must be/);
		expect(() => nearest(demand, [...supply, { id: 'X', lat: 0, lon: 0 }])).toThrow(/supply\[3\]: id "X" appears twice/);
		expect(() => nearest(demand, [{ id: 's', lat: 0, lon: 0, capacity: -2 }])).toThrow(/capacity must be/);
	});
});

describe('coverage', () => {
	it('counts people whose nearest supply is within R (inclusive) and lists the remote areas', () => {
		// Nearest distances from the example above: A 27.80 km, B 55.60 km, C 11.12 km.
		// R = 30 km: A and C are covered, 100 + 300 = 400 of 600 people; B is remote.
		const r = coverage(demand, supply, { radiusKm: 30 });
		expect(r.coveredPopulation).toBe(400);
		expect(r.totalPopulation).toBe(600);
		expect(r.covered).toEqual([true, false, true]);
		expect(r.remoteIds).toEqual(['B']);
		// R = 10 km leaves everyone remote; R = 60 km covers everyone.
		expect(coverage(demand, supply, { radiusKm: 10 }).coveredPopulation).toBe(0);
		expect(coverage(demand, supply, { radiusKm: 60 }).remoteIds).toEqual([]);
	});

	it('counts a point exactly at the radius as covered', () => {
		const exact = haversineKm(0.25, LON, 0, LON);
		expect(coverage(demand.slice(0, 1), supply, { radiusKm: exact }).coveredPopulation).toBe(100);
		expect(coverage(demand.slice(0, 1), supply, { radiusKm: exact * (1 - 1e-12) }).coveredPopulation).toBe(0);
	});

	it('uses minutes with a matrix, and counts a point with no reachable supply as remote', () => {
		const matrix = travelMatrix([
			{ origin: 'A', destination: 'X', minutes: 20 },
			{ origin: 'B', destination: 'Y', minutes: 31 }
		]);
		const r = coverage(demand, supply, { radiusMinutes: 30, matrix });
		expect(r.coveredPopulation).toBe(100);
		expect(r.remoteIds).toEqual(['B', 'C']);
	});

	it('never falls when a supply point is added', () => {
		const next = rng(11);
		const d = randomDemand(next, 300);
		const s = randomSupply(next, 30);
		let previous = -1;
		for (let count = 0; count <= s.length; count++) {
			const covered = coverage(d, s.slice(0, count), { radiusKm: 15 }).coveredPopulation;
			expect(covered).toBeGreaterThanOrEqual(previous);
			previous = covered;
		}
	});

	it('refuses a radius that is missing, negative or in the wrong unit, naming the option', () => {
		expect(() => coverage(demand, supply, {} as never)).toThrow(/options.radiusKm must be a finite number >= 0/);
		expect(() => coverage(demand, supply, undefined as never)).toThrow(/options must be an object giving radiusKm/);
		expect(() => coverage(demand, supply, { radiusKm: -1 })).toThrow(/options.radiusKm/);
		expect(() => coverage(demand, supply, { radiusMinutes: 5 } as never)).toThrow(/radiusMinutes needs options.matrix/);
		expect(() => coverage(demand, supply, { radiusKm: 5, matrix: travelMatrix([]) } as never)).toThrow(/radiusKm cannot be used with options.matrix/);
	});
});

describe('reachWithin (the neighbour lists every method shares)', () => {
	it('lists the same pairs and distances as measuring every pair, in ascending order', () => {
		for (const [seed, radiusKm] of [
			[1, 0],
			[2, 5],
			[3, 25],
			[4, 400]
		]) {
			const next = rng(seed);
			const d = randomDemand(next, 500);
			const s = randomSupply(next, 80);
			const limit = { unit: 'km' as const, value: radiusKm, matrix: null };
			const fast = reachWithin(d, s, limit);
			const slow = reachWithinBruteForce(d, s, limit);
			expect(fast.offsets).toEqual(slow.offsets);
			expect(fast.cols).toEqual(slow.cols);
			expect(fast.distances).toEqual(slow.distances);
		}
	});

	it('builds the same lists from a travel matrix, ignoring ids that are not in the inputs', () => {
		const next = rng(5);
		const d = randomDemand(next, 50);
		const s = randomSupply(next, 20);
		const rows = [];
		for (const p of shuffled(next, d)) for (const q of shuffled(next, s)) if (next() < 0.3) rows.push({ origin: p.id, destination: q.id, minutes: Math.round(next() * 60) });
		rows.push({ origin: 'nobody', destination: 's1', minutes: 1 }, { origin: 'd1', destination: 'nowhere', minutes: 1 });
		const limit = { unit: 'minutes' as const, value: 30, matrix: travelMatrix(rows) };
		const fast = reachWithin(d, s, limit);
		const slow = reachWithinBruteForce(d, s, limit);
		expect(fast.cols).toEqual(slow.cols);
		expect(fast.distances).toEqual(slow.distances);
		expect(fast.cols.length).toBeGreaterThan(50);
	});
});

describe('travelMatrix', () => {
	it('refuses a pair given twice, negative minutes and empty ids', () => {
		expect(() => travelMatrix([{ origin: 'a', destination: 'b', minutes: 1 }, { origin: 'a', destination: 'b', minutes: 2 }])).toThrow(/a -> b is given twice/);
		expect(() => travelMatrix([{ origin: 'a', destination: 'b', minutes: -1 }])).toThrow(/minutes must be a finite number >= 0/);
		expect(() => travelMatrix([{ origin: '', destination: 'b', minutes: 1 }])).toThrow(/origin must be a non-empty id/);
	});
});
