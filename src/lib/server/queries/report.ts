/**
 * What the consul's report needs beyond the service summaries: the office's counties today with
 * their target population, and the box that frames them on a map.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import type { TargetGroup } from './analysis-inputs';
import { bestEstimatesSql, type Kind } from './indicators';
import { assignmentsOnSql } from './jurisdictions';

export interface JurisdictionCounty {
	/** County FIPS. */
	code: string;
	name: string;
	/** State postal code. */
	state: string;
	/** Target residents (best estimate); null when the county has no figure. */
	population: number | null;
	kind: Kind | null;
	vintage: string | null;
	source: string | null;
	/** True where the county's office is the nearest one serving its state, not a documented rule. */
	approximate: boolean;
}

export interface Jurisdiction {
	office: string;
	/** Counties assigned to the office today, ordered by FIPS. */
	counties: JurisdictionCounty[];
	/** [[west, south], [east, north]] in degrees around the counties' polygons; null without polygons. */
	bounds: [[number, number], [number, number]] | null;
}

/**
 * The counties an office serves today, with their target population, and their bounding box. A
 * jurisdiction that crosses the antimeridian (the Aleutians) gets a box west of -180 so that a map
 * frames it instead of spanning the globe.
 */
export async function jurisdiction(db: Db, options: { office: string; target: TargetGroup }): Promise<Jurisdiction> {
	const [counties, [box]] = await Promise.all([
		queryRows<JurisdictionCounty & { population: number | string | null }>(
			db,
			sql`SELECT a.code, a.name, a.state, e.value::float8 AS population, e.kind, e.vintage, e.source, cur.approximate
				FROM ${assignmentsOnSql()} cur
				JOIN areas a ON a.level = 'county' AND a.code = cur.county_fips
				LEFT JOIN ${bestEstimatesSql({ indicator: options.target, level: 'county' })} e ON e.code = a.code
				WHERE cur.consulate_id = ${options.office}
				ORDER BY a.code`
		),
		queryRows<{ w: number | null; s: number | null; e: number | null; n: number | null; sw: number | null; se: number | null }>(
			db,
			sql`WITH g AS (SELECT a.geom FROM ${assignmentsOnSql()} cur
					JOIN areas a ON a.level = 'county' AND a.code = cur.county_fips
					WHERE cur.consulate_id = ${options.office} AND a.geom IS NOT NULL),
				plain AS (SELECT ST_Extent(geom) AS b FROM g),
				shifted AS (SELECT ST_Extent(ST_ShiftLongitude(geom)) AS b FROM g)
				SELECT ST_XMin(plain.b) AS w, ST_YMin(plain.b) AS s, ST_XMax(plain.b) AS e, ST_YMax(plain.b) AS n,
					ST_XMin(shifted.b) AS sw, ST_XMax(shifted.b) AS se
				FROM plain, shifted`
		)
	]);
	let bounds: Jurisdiction['bounds'] = null;
	if (box && box.w !== null) {
		const [w, s, e, n, sw, se] = [box.w, box.s, box.e, box.n, box.sw, box.se].map(Number);
		// Shifted longitudes run 0..360; a narrower shifted box means the counties straddle 180°.
		bounds = se - sw < e - w - 1e-9 ? [[sw - 360, s], [se - 360, n]] : [[w, s], [e, n]];
	}
	return {
		office: options.office,
		counties: counties.map((c) => ({ ...c, population: c.population === null ? null : Number(c.population) })),
		bounds
	};
}

/** The month `n` months after 'YYYY-MM' (n may be negative), as 'YYYY-MM'. */
export function addMonths(month: string, n: number): string {
	const [y, m] = month.split('-').map(Number);
	const d = new Date(Date.UTC(y, m - 1 + n, 1));
	return d.toISOString().slice(0, 7);
}

/** Months from `from` to `to` inclusive ('YYYY-MM'); 0 when `to` is before `from`. */
export function monthsBetween(from: string, to: string): number {
	const [fy, fm] = from.split('-').map(Number);
	const [ty, tm] = to.split('-').map(Number);
	return Math.max(0, (ty - fy) * 12 + (tm - fm) + 1);
}

/**
 * The period a report shows by default: the last 12 months up to `lastMonth` (the last month with
 * records), and the period of equal length just before a given one, for comparisons.
 */
export function defaultPeriod(lastMonth: string, months = 12): { from: string; to: string } {
	return { from: addMonths(lastMonth, -(months - 1)), to: lastMonth };
}

export function previousPeriod(period: { from: string; to: string }): { from: string; to: string } {
	const n = monthsBetween(period.from, period.to);
	return { from: addMonths(period.from, -n), to: addMonths(period.from, -1) };
}
