/**
 * Inputs of the analysis methods, read from the database: demand points (ZCTA or county points
 * weighted by a target group), supply points (the desks and active partners) and candidate sites.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import { TARGET_GROUPS } from '../../indicators';
import { bestEstimatesSql, type Indicator } from './indicators';
import type { PartnerType } from './partners';

/** A demand point: an area's representative point and its population of the target group. */
export interface AreaDemand {
	id: string;
	lat: number;
	lon: number;
	population: number;
	name: string;
	state: string;
	/** Whether the figure is measured, modelled or demo. */
	kind: string;
}

/** A supply point: a consulate's desk or a partner site; capacity null when unknown (methods use 1). */
export interface ServicePoint {
	id: string;
	lat: number;
	lon: number;
	capacity: number | null;
	name: string;
	role: 'desk' | 'partner';
	partnerType: PartnerType | null;
	consulateId: string;
	kind: string;
}

export { TARGET_GROUPS };
export type TargetGroup = (typeof TARGET_GROUPS)[number] & Indicator;

/**
 * Areas of `level` with a point and a figure for `group`, ordered by code. Areas with no figure
 * are left out (no data is not zero population).
 */
export async function demandPoints(db: Db, options: { level: 'zcta' | 'county'; group: TargetGroup }): Promise<AreaDemand[]> {
	const rows = await queryRows<AreaDemand>(
		db,
		sql`SELECT a.code AS id, ST_Y(a.point) AS lat, ST_X(a.point) AS lon, e.value AS population, a.name, a.state, e.kind
			FROM areas a JOIN ${bestEstimatesSql({ indicator: options.group, level: options.level })} e ON e.code = a.code
			WHERE a.level = ${options.level} AND a.point IS NOT NULL ORDER BY a.code`
	);
	return rows.map((r) => ({ ...r, lat: Number(r.lat), lon: Number(r.lon), population: Number(r.population) }));
}

/**
 * The 53 desks (ids 'desk:<slug>') and the partners active on `day` (ids 'partner:<id>'),
 * optionally only some partner types; desks first, then partners by id.
 */
export async function supplyPoints(
	db: Db,
	options: { desks?: boolean; partnerTypes?: PartnerType[] | null; day?: string } = {}
): Promise<ServicePoint[]> {
	const day = options.day ? sql`${options.day}::date` : sql`current_date`;
	const parts: SQL[] = [];
	if (options.desks !== false) {
		parts.push(sql`SELECT 'desk:' || id AS id, ST_Y(geom) AS lat, ST_X(geom) AS lon, NULL::int AS capacity, name,
			'desk' AS role, NULL AS "partnerType", id AS "consulateId", 'measured' AS kind, 0 AS ord, 0 AS pid FROM consulates
			WHERE opened_on IS NULL OR opened_on <= ${day}`);
	}
	const types = options.partnerTypes;
	if (!types || types.length > 0) {
		const typeFilter = types ? sql`AND type::text IN (${sql.join(types.map((t) => sql`${t}`), sql`, `)})` : sql``;
		parts.push(sql`SELECT 'partner:' || id AS id, ST_Y(geom) AS lat, ST_X(geom) AS lon, capacity, name,
			'partner' AS role, type::text AS "partnerType", consulate_id AS "consulateId", kind::text AS kind, 1 AS ord, id AS pid FROM partners
			WHERE (active_from IS NULL OR active_from <= ${day}) AND (active_to IS NULL OR active_to >= ${day}) ${typeFilter}`);
	}
	if (parts.length === 0) return [];
	const rows = await queryRows<ServicePoint>(db, sql`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) s ORDER BY ord, pid, id`);
	return rows.map(({ ord: _o, pid: _p, ...r }: ServicePoint & { ord?: number; pid?: number }) => ({
		...r,
		lat: Number(r.lat),
		lon: Number(r.lon),
		capacity: r.capacity === null ? null : Number(r.capacity)
	}));
}
