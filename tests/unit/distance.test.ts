import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM, haversineKm, KM_PER_MILE } from '../../src/lib/analysis/distance';

describe('haversineKm', () => {
	it('uses the 6,371.0088 km sphere and the international mile', () => {
		expect(EARTH_RADIUS_KM).toBe(6371.0088);
		expect(KM_PER_MILE).toBe(1.609344);
	});

	it('measures one degree of latitude as 111.195 km (2 pi R / 360)', () => {
		// 6371.0088 * pi / 180 = 111.19508 km, the same on any meridian.
		expect(haversineKm(0, 0, 1, 0)).toBeCloseTo(111.19508, 4);
		expect(haversineKm(45, -100, 46, -100)).toBeCloseTo(111.19508, 4);
		expect(haversineKm(-33, 151, -34, 151)).toBeCloseTo(111.19508, 4);
	});

	it('measures one degree of longitude on the equator as 111.195 km, also across the antimeridian', () => {
		expect(haversineKm(0, 10, 0, 11)).toBeCloseTo(111.19508, 4);
		expect(haversineKm(0, 179.5, 0, -179.5)).toBeCloseTo(111.19508, 4);
	});

	it('gives half the circumference (pi R = 20,015.1 km) between antipodes and between the poles', () => {
		expect(haversineKm(0, 0, 0, 180)).toBeCloseTo(Math.PI * 6371.0088, 6);
		expect(haversineKm(90, 0, -90, 0)).toBeCloseTo(20015.1144, 3);
		// Nearly antipodal points must not give NaN from asin of a value rounded above 1.
		expect(Number.isFinite(haversineKm(10, 20, -10, -160 + 1e-12))).toBe(true);
	});

	it('is zero for a point and itself, and symmetric', () => {
		expect(haversineKm(19.43, -99.13, 19.43, -99.13)).toBe(0);
		expect(haversineKm(32.7157, -117.1611, 25.7617, -80.1918)).toBe(haversineKm(25.7617, -80.1918, 32.7157, -117.1611));
	});

	it('puts Los Angeles 3,935.8 km from New York, within 0.5 km of the spherical law of cosines', () => {
		const [la, ny] = [
			{ lat: 34.0522, lon: -118.2437 },
			{ lat: 40.7128, lon: -74.006 }
		];
		// Independent formula: d = R * acos(sin(phi1) sin(phi2) + cos(phi1) cos(phi2) cos(dLambda)).
		const rad = Math.PI / 180;
		const [phi1, phi2, dLambda] = [la.lat * rad, ny.lat * rad, (ny.lon - la.lon) * rad];
		const lawOfCosines =
			6371.0088 * Math.acos(Math.sin(phi1) * Math.sin(phi2) + Math.cos(phi1) * Math.cos(phi2) * Math.cos(dLambda));
		const km = haversineKm(la.lat, la.lon, ny.lat, ny.lon);
		expect(Math.abs(km - lawOfCosines)).toBeLessThan(0.5);
		// The published great-circle figure is about 3,936 km (2,446 mi).
		expect(km).toBeGreaterThan(3930);
		expect(km).toBeLessThan(3940);
		expect(km / KM_PER_MILE).toBeCloseTo(2445.6, 0);
	});

	it('agrees with the law of cosines within 1 m over random pairs, so it is not off by a units slip', () => {
		let seed = 12345;
		const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const rad = Math.PI / 180;
		for (let i = 0; i < 500; i++) {
			const [lat1, lon1, lat2, lon2] = [next() * 160 - 80, next() * 360 - 180, next() * 160 - 80, next() * 360 - 180];
			const cos =
				Math.sin(lat1 * rad) * Math.sin(lat2 * rad) + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.cos((lon2 - lon1) * rad);
			const expected = 6371.0088 * Math.acos(Math.max(-1, Math.min(1, cos)));
			expect(Math.abs(haversineKm(lat1, lon1, lat2, lon2) - expected)).toBeLessThan(0.001);
		}
	});
});
