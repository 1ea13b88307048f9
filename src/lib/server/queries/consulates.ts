/** The 53 offices as GeoJSON, with the size of their jurisdiction today. */
import { sql } from 'drizzle-orm';
import type { FeatureCollection, Point } from 'geojson';
import { cached } from '../cache';
import type { Db } from '../db/client';
import { queryRows, textArray } from '../db/client';
import { assignmentsOnSql } from './jurisdictions';

export interface ConsulateProperties {
	id: string;
	name: string;
	city: string;
	state: string;
	address: string | null;
	border: boolean;
	coordPrecision: string;
	confidence: string | null;
	jurisdictionStates: string[];
	counties: number;
	approximateCounties: number;
	openedOn: string | null;
}

/** Every office as a point feature (id = slug), ordered by id. */
export async function consulatesGeoJson(db: Db): Promise<FeatureCollection<Point, ConsulateProperties>> {
	const rows = await queryRows<ConsulateProperties & { lng: number; lat: number }>(
		db,
		sql`SELECT c.id, c.name, c.city, c.state, c.address, c.border, c.coord_precision AS "coordPrecision",
				c.confidence, c.jurisdiction_states AS "jurisdictionStates", c.opened_on::text AS "openedOn",
				ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat,
				count(a.county_fips)::int AS counties,
				count(a.county_fips) FILTER (WHERE a.approximate)::int AS "approximateCounties"
			FROM consulates c LEFT JOIN ${assignmentsOnSql()} a ON a.consulate_id = c.id
			GROUP BY c.id ORDER BY c.id`
	);
	return {
		type: 'FeatureCollection',
		features: rows.map(({ lng, lat, ...p }) => ({
			type: 'Feature',
			id: p.id,
			geometry: { type: 'Point', coordinates: [Number(lng), Number(lat)] },
			properties: { ...p, jurisdictionStates: textArray(p.jurisdictionStates) }
		}))
	};
}

/** consulatesGeoJson once per data version: the pages and the endpoint ask for it on every view. */
export function officesGeoJson(db: Db): Promise<FeatureCollection<Point, ConsulateProperties>> {
	return cached(db, 'offices-geojson', () => consulatesGeoJson(db));
}

/** Each office's id and stored name, ordered by id (from the cached offices), for office pickers and labels. */
export async function officeNames(db: Db): Promise<{ id: string; name: string }[]> {
	return (await officesGeoJson(db)).features.map((f) => ({ id: f.properties.id, name: f.properties.name }));
}

/** County FIPS -> office id today, for every county. */
export async function countyOffices(db: Db): Promise<Record<string, { office: string; approximate: boolean }>> {
	const rows = await queryRows<{ county_fips: string; consulate_id: string; approximate: boolean }>(
		db,
		sql`SELECT county_fips, consulate_id, approximate FROM ${assignmentsOnSql()} a`
	);
	return Object.fromEntries(rows.map((r) => [r.county_fips, { office: r.consulate_id, approximate: r.approximate }]));
}
