import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/lib/analysis/distance';
import {
	enhancedTwoStepFca,
	enhancedTwoStepFcaBruteForce,
	twoStepFca,
	twoStepFcaBruteForce
} from '../../src/lib/analysis/fca';
import { travelMatrix, type DemandPoint, type SupplyPoint } from '../../src/lib/analysis/types';
import { close, randomDemand, randomSupply, rng, shuffled } from '../fixtures/analyze/random';

// Points on the meridian 100 W, 1 deg of latitude = 111.19508 km.
const LON = -100;
const TOLERANCE = 1e-9; // absolute, on scores of order 1 per 1,000 people

describe('twoStepFca', () => {
	// A 0.00 (P 1000), B 0.20 (P 500), C 0.50 (P 2000); X 0.10 (S 2), Y 0.45 (S 1).
	// Distances: A-X 0.10 deg = 11.12 km, A-Y 0.45 = 50.04, B-X 0.10 = 11.12, B-Y 0.25 = 27.80,
	//            C-X 0.40 = 44.48, C-Y 0.05 = 5.56.
	// Catchment 30 km: X reaches A, B; Y reaches B, C.
	// R_X = 2 / (1000 + 500) = 1/750;  R_Y = 1 / (500 + 2000) = 1/2500.
	// A_A = 1/750 -> x1000 = 1.333333;  A_B = 1/750 + 1/2500 -> 1.733333;  A_C = 1/2500 -> 0.4.
	const demand: DemandPoint[] = [
		{ id: 'A', lat: 0, lon: LON, population: 1000 },
		{ id: 'B', lat: 0.2, lon: LON, population: 500 },
		{ id: 'C', lat: 0.5, lon: LON, population: 2000 }
	];
	const supply: SupplyPoint[] = [
		{ id: 'X', lat: 0.1, lon: LON, capacity: 2 },
		{ id: 'Y', lat: 0.45, lon: LON }
	];

	it('gives supply per 1,000 people worked out by hand (3 demand and 2 supply points on a line)', () => {
		const r = twoStepFca(demand, supply, { catchmentKm: 30 });
		expect(r.ratios[0]).toBeCloseTo(1 / 750, 15);
		expect(r.ratios[1]).toBeCloseTo(1 / 2500, 15);
		expect(Math.abs(r.scores[0] - 1000 / 750)).toBeLessThan(TOLERANCE);
		expect(Math.abs(r.scores[1] - (1000 / 750 + 1000 / 2500))).toBeLessThan(TOLERANCE);
		expect(Math.abs(r.scores[2] - 0.4)).toBeLessThan(TOLERANCE);
	});

	it('widens with the catchment: at 50 km X also reaches C and Y also reaches A', () => {
		// 50 km: X reaches A, B, C (44.48); Y reaches B, C (A-Y is 50.04 km, just outside).
		// R_X = 2/3500, R_Y = 1/2500. A_A = 2/3500 -> 0.571429; A_B = A_C = 2/3500 + 1/2500 -> 0.971429.
		const r = twoStepFca(demand, supply, { catchmentKm: 50 });
		expect(r.scores[0]).toBeCloseTo(0.571429, 6);
		expect(r.scores[1]).toBeCloseTo(0.971429, 6);
		expect(r.scores[2]).toBeCloseTo(0.971429, 6);
	});

	it('treats the catchment edge as inside (d <= d0)', () => {
		const edge = haversineKm(0.2, LON, 0.45, LON); // B-Y, 27.80 km
		const at = twoStepFca(demand, supply, { catchmentKm: edge });
		const below = twoStepFca(demand, supply, { catchmentKm: edge * (1 - 1e-12) });
		expect(at.scores[1]).toBeCloseTo(1.733333, 6);
		expect(below.scores[1]).toBeCloseTo(1.333333, 6); // only X left: R_X = 1/750
	});

	it('gives R_j = 0 (not NaN) to a site nobody reaches and a score to a point with population 0', () => {
		const r = twoStepFca(
			[...demand, { id: 'empty', lat: 0.1, lon: LON, population: 0 }],
			[...supply, { id: 'far', lat: 10, lon: LON, capacity: 5 }],
			{ catchmentKm: 30 }
		);
		expect(r.ratios[2]).toBe(0);
		// 'empty' sits on X, 38.9 km from Y: it gets R_X = 2/1500 -> 1.333333 per 1,000.
		expect(r.scores[3]).toBeCloseTo(1.333333, 6);
		expect(r.scores.every(Number.isFinite)).toBe(true);
	});

	it('uses minutes from a travel matrix, a missing pair being unreachable', () => {
		const matrix = travelMatrix([
			{ origin: 'A', destination: 'X', minutes: 10 },
			{ origin: 'B', destination: 'X', minutes: 30 },
			{ origin: 'B', destination: 'Y', minutes: 31 },
			{ origin: 'C', destination: 'Y', minutes: 5 }
		]);
		// 30 minutes: X reaches A, B (edge included); Y reaches C only. R_X = 2/1500, R_Y = 1/2000.
		const r = twoStepFca(demand, supply, { catchmentMinutes: 30, matrix });
		expect(r.scores[0]).toBeCloseTo(1.333333, 6);
		expect(r.scores[1]).toBeCloseTo(1.333333, 6);
		expect(r.scores[2]).toBeCloseTo(0.5, 9);
	});

	it('refuses a missing catchment or one in the wrong unit, naming the option', () => {
		expect(() => twoStepFca(demand, supply, {} as never)).toThrow(/options.catchmentKm must be a finite number/);
		expect(() => twoStepFca(demand, supply, { catchmentKm: Number.NaN })).toThrow(/options.catchmentKm/);
		expect(() => twoStepFca(demand, supply, { catchmentMinutes: 3 } as never)).toThrow(/catchmentMinutes needs options.matrix/);
	});
});

describe('enhancedTwoStepFca', () => {
	// Default zones [0,10], (10,20], (20,30] km with weights 1, 0.68, 0.22.
	// A 0.00 (P 1000), B 0.15 (P 400), C 0.30 (P 600); X 0.05 (S 1), Y 0.32 (S 2).
	// A-X 0.05 deg = 5.56 km -> 1;     B-X 0.10 = 11.12 -> 0.68;   C-X 0.25 = 27.80 -> 0.22
	// A-Y 0.32 deg = 35.58 km -> 0;    B-Y 0.17 = 18.90 -> 0.68;   C-Y 0.02 =  2.22 -> 1
	// R_X = 1 / (1000 + 0.68*400 + 0.22*600) = 1/1404;   R_Y = 2 / (0.68*400 + 600) = 2/872
	// A_A = 1/1404                    -> x1000 = 0.712251
	// A_B = 0.68/1404 + 0.68*2/872    -> 0.484330 + 1.559633 = 2.043964
	// A_C = 0.22/1404 + 2/872         -> 0.156695 + 2.293578 = 2.450273
	const demand: DemandPoint[] = [
		{ id: 'A', lat: 0, lon: LON, population: 1000 },
		{ id: 'B', lat: 0.15, lon: LON, population: 400 },
		{ id: 'C', lat: 0.3, lon: LON, population: 600 }
	];
	const supply: SupplyPoint[] = [
		{ id: 'X', lat: 0.05, lon: LON },
		{ id: 'Y', lat: 0.32, lon: LON, capacity: 2 }
	];

	it('gives supply per 1,000 people worked out by hand with the default zones and weights', () => {
		const r = enhancedTwoStepFca(demand, supply);
		expect(r.ratios[0]).toBeCloseTo(1 / 1404, 15);
		expect(r.ratios[1]).toBeCloseTo(2 / 872, 15);
		expect(Math.abs(r.scores[0] - 1000 / 1404)).toBeLessThan(TOLERANCE);
		expect(Math.abs(r.scores[1] - (680 / 1404 + 1360 / 872))).toBeLessThan(TOLERANCE);
		expect(Math.abs(r.scores[2] - (220 / 1404 + 2000 / 872))).toBeLessThan(TOLERANCE);
		expect(r.scores[1]).toBeCloseTo(2.043964, 6);
		expect(r.scores[2]).toBeCloseTo(2.450273, 6);
	});

	it('takes zones and weights as parameters', () => {
		// One zone [0, 20] km weight 1: X reaches A, B; Y reaches B, C. R_X = 1/1400, R_Y = 2/1000.
		const r = enhancedTwoStepFca(demand, supply, { zonesKm: [20], weights: [1] });
		expect(r.scores[0]).toBeCloseTo(1000 / 1400, 9);
		expect(r.scores[1]).toBeCloseTo(1000 / 1400 + 2, 9);
		expect(r.scores[2]).toBeCloseTo(2, 9);
		// With one zone it is 2SFCA.
		expect(r).toEqual(twoStepFca(demand, supply, { catchmentKm: 20 }));
	});

	it('puts a distance equal to a zone edge in the inner zone', () => {
		const ax = haversineKm(0, LON, 0.05, LON); // 5.56 km
		const inner = enhancedTwoStepFca(demand.slice(0, 1), supply.slice(0, 1), { zonesKm: [ax, 100], weights: [1, 0.5] });
		const outer = enhancedTwoStepFca(demand.slice(0, 1), supply.slice(0, 1), { zonesKm: [ax * (1 - 1e-12), 100], weights: [1, 0.5] });
		// One pair: R_X = 1 / (w 1000), A = w R_X = 1/1000 -> 1 per 1,000 whatever w is; the ratio shows w.
		expect(inner.ratios[0]).toBeCloseTo(1 / 1000, 15);
		expect(outer.ratios[0]).toBeCloseTo(1 / 500, 15);
	});

	it('uses minutes from a travel matrix for the zones', () => {
		const matrix = travelMatrix([
			{ origin: 'A', destination: 'X', minutes: 10 },
			{ origin: 'B', destination: 'X', minutes: 25 },
			{ origin: 'C', destination: 'Y', minutes: 15 }
		]);
		// X: 1*1000 + 0.22*400 = 1088; Y: 0.68*600 = 408. A = 1/1088, B = 0.22/1088, C = 0.68*2/408.
		const r = enhancedTwoStepFca(demand, supply, { matrix });
		expect(r.scores[0]).toBeCloseTo(1000 / 1088, 9);
		expect(r.scores[1]).toBeCloseTo(220 / 1088, 9);
		expect(r.scores[2]).toBeCloseTo(1360 / 408, 9);
	});

	it('conserves supply: sum of P_i A_i equals the capacity of the sites that reach someone', () => {
		for (let seed = 1; seed <= 6; seed++) {
			const next = rng(seed);
			const d = randomDemand(next, 300);
			const s = randomSupply(next, 50, { box: { lat: [32.5, 35.5], lon: [-119.5, -116.5] } });
			const r = enhancedTwoStepFca(d, s);
			const delivered = d.reduce((sum, p, i) => sum + (p.population * r.scores[i]) / 1000, 0);
			const reaching = s.reduce((sum, q, j) => sum + (r.ratios[j] > 0 ? (q.capacity ?? 1) : 0), 0);
			// Some sites in the wider box reach nobody and must not count.
			expect(r.ratios.some((x) => x === 0)).toBe(true);
			expect(Math.abs(delivered - reaching)).toBeLessThan(1e-9 * reaching);
		}
	});

	it('matches the brute-force loop exactly on random data, with and without a matrix', () => {
		for (let seed = 1; seed <= 4; seed++) {
			const next = rng(seed);
			const d = randomDemand(next, 400);
			const s = randomSupply(next, 60);
			expect(enhancedTwoStepFca(d, s)).toEqual(enhancedTwoStepFcaBruteForce(d, s));
			expect(enhancedTwoStepFca(d, s, { zonesKm: [5, 12, 18, 40], weights: [1, 0.8, 0.5, 0.1] })).toEqual(
				enhancedTwoStepFcaBruteForce(d, s, { zonesKm: [5, 12, 18, 40], weights: [1, 0.8, 0.5, 0.1] })
			);
			expect(twoStepFca(d, s, { catchmentKm: 25 })).toEqual(twoStepFcaBruteForce(d, s, { catchmentKm: 25 }));
			const rows = [];
			for (const p of d) for (const q of s) if (next() < 0.2) rows.push({ origin: p.id, destination: q.id, minutes: next() * 45 });
			const matrix = travelMatrix(rows);
			expect(enhancedTwoStepFca(d, s, { matrix })).toEqual(enhancedTwoStepFcaBruteForce(d, s, { matrix }));
		}
	});

	it('gives each point the same score whatever the order of the inputs', () => {
		const next = rng(21);
		const d = randomDemand(next, 300);
		const s = randomSupply(next, 40);
		const first = enhancedTwoStepFca(d, s);
		const byId = new Map(d.map((p, i) => [p.id, first.scores[i]]));
		const d2 = shuffled(next, d);
		const again = enhancedTwoStepFca(d2, shuffled(next, s));
		d2.forEach((p, i) => expect(close(again.scores[i], byId.get(p.id)!)).toBe(true));
	});

	it('refuses zones and weights that do not fit, naming the option', () => {
		expect(() => enhancedTwoStepFca(demand, supply, { zonesKm: [10, 5, 30] })).toThrow(/options.zonesKm must be finite numbers > 0 in increasing order/);
		expect(() => enhancedTwoStepFca(demand, supply, { zonesKm: [10, 20] })).toThrow(/options.weights is needed: options.zonesKm has 2 zones/);
		expect(() => enhancedTwoStepFca(demand, supply, { weights: [1, 0.5] })).toThrow(/options.weights must have one weight per zone \(3\), got 2/);
		expect(() => enhancedTwoStepFca(demand, supply, { weights: [1, -0.5, 0] })).toThrow(/options.weights must be finite numbers >= 0/);
		expect(() => enhancedTwoStepFca(demand, supply, { zonesKm: [] })).toThrow(/options.zonesKm must be a non-empty array/);
		expect(() => enhancedTwoStepFca(demand, supply, { zonesMinutes: [10] } as never)).toThrow(/zonesMinutes needs options.matrix/);
	});
});
