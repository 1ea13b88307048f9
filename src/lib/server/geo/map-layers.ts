/**
 * Geometry for the map, built once at build time from the packaged boundaries (no database):
 * features carry only ids and names; figures are joined to them by id in the browser.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { readMexicoOutline, readUsAtlas } from '../load/geography';

export const MAP_LAYERS = ['states', 'counties', 'mexico'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

export interface AreaFeatureProperties {
	code: string;
	name: string;
	state: string;
}

/** Rounds to 4 decimals (about 11 m), below the 1:10m source's own precision; cuts the payload. */
function round(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
	const r = (p: Position) => [Math.round(p[0] * 1e4) / 1e4, Math.round(p[1] * 1e4) / 1e4];
	return geometry.type === 'Polygon'
		? { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(r)) }
		: { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

/** The named layer as a FeatureCollection whose feature ids are FIPS codes. */
export function mapLayer(layer: MapLayer): FeatureCollection<Polygon | MultiPolygon, AreaFeatureProperties> {
	if (layer === 'mexico') {
		const { geometry } = readMexicoOutline();
		return {
			type: 'FeatureCollection',
			features: [{ type: 'Feature', id: '484', geometry: round(geometry), properties: { code: '484', name: 'México', state: '' } }]
		};
	}
	const atlas = readUsAtlas();
	const features: Feature<Polygon | MultiPolygon, AreaFeatureProperties>[] = atlas[layer]
		.filter((a) => a.geometry !== null)
		.map((a) => ({
			type: 'Feature',
			id: a.code,
			geometry: round(a.geometry!),
			properties: { code: a.code, name: a.name, state: a.state }
		}));
	return { type: 'FeatureCollection', features };
}
