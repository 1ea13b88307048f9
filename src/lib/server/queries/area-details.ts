/**
 * Everything the map's side panel shows about one county or ZIP code area: its office, its
 * population figures with their sources, its area, the nearest service points, the people served
 * at sites inside it under the filters, and (counties) the need index with its components.
 */
import { sql, type SQL } from 'drizzle-orm';
import { haversineKm } from '../../analysis/distance';
import { GROUPS, NO_FILTERS, type ServiceFilters } from '../../filters';
import type { Lang } from '../../i18n';
import { countyNeedIndex, supply } from '../analysis/service';
import { cached } from '../cache';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import type { TargetGroup } from './analysis-inputs';
import type { Kind } from './indicators';
import { assignmentsOnSql } from './jurisdictions';
import { areasKm2 } from './measures';
import { officeName } from '../../i18n/offices';
import { bboxColumnsSql, bboxOf } from './search';
import { breakdownRows, publicRow, recordFilterSql, serviceSummary, siteCounties, statusOf, type ServiceRow } from './services';

export type DetailLevel = 'county' | 'zcta';
export const DETAIL_LEVELS: readonly DetailLevel[] = ['county', 'zcta'];

/** A request the details cannot answer as asked (a 400). */
export class AreaInputError extends Error {}

export interface NearestPoint {
	kind: 'office' | 'partner';
	/** Office slug or partner id. */
	id: string;
	name: string;
	/** Partner type, or 'office' for a consulate's desk. */
	type: string;
	/** Great-circle km from the area's point (haversine, R = 6,371.0088 km). */
	km: number;
}

export interface AreaDetails {
	level: DetailLevel;
	code: string;
	name: string;
	/** Postal abbreviation. */
	state: string;
	/** The office serving the area today (for a ZCTA: the office of the county holding most of its people). */
	office: { id: string; name: string } | null;
	/** True when the county line is inferred rather than stated by a source, or a ZCTA straddles counties of different offices. */
	approximateAssignment: boolean;
	/** Best figure per indicator (measured over modelled over demo, newest vintage); indicators without one are absent. */
	population: Record<string, { value: number; kind: Kind; vintage: string; source: string }>;
	/** Geodesic area of the county polygon in km²; null for ZCTAs (points). */
	areaKm2: number | null;
	/** The 5 nearest desks and active partners. */
	nearest: NearestPoint[];
	/**
	 * People served and services at sites inside the area under the filters (small cells
	 * withheld). A county holds the sites inside its polygon (else the nearest one); ZCTAs have no
	 * polygons, so a ZCTA holds the sites whose nearest ZCTA point it is.
	 */
	served: { total: ServiceRow; byMonth: ServiceRow[]; byService: ServiceRow[] };
	/** Counties only: the need index for the target group, rank 1 = most need among `of` counties with an index. */
	needIndex: { index: number | null; rank: number | null; of: number; components: Record<string, { value: number | null; rank: number | null }> } | null;
	/** [w, s, e, n] of the county polygon; null for ZCTAs. */
	bbox: [number, number, number, number] | null;
}

const CODE = /^\d{5}$/;

/** ZCTA of every partner site and office: the ZCTA whose point is nearest (ZCTAs have no polygons). */
function siteZctas(db: Db): Promise<{ partners: Map<number, string>; offices: Map<string, string> }> {
	return cached(db, 'site-zctas', async () => {
		const nearest = (geom: SQL) =>
			sql`(SELECT a.code FROM areas a WHERE a.level = 'zcta' AND a.point IS NOT NULL ORDER BY a.point <-> ${geom}, a.code LIMIT 1)`;
		const [partners, offices] = await Promise.all([
			queryRows<{ id: number; zcta: string | null }>(db, sql`SELECT p.id, ${nearest(sql`p.geom`)} AS zcta FROM partners p`),
			queryRows<{ id: string; zcta: string | null }>(db, sql`SELECT c.id, ${nearest(sql`c.geom`)} AS zcta FROM consulates c`)
		]);
		return {
			partners: new Map(partners.filter((r) => r.zcta).map((r) => [Number(r.id), r.zcta!])),
			offices: new Map(offices.filter((r) => r.zcta).map((r) => [r.id, r.zcta!]))
		};
	});
}

/** Sum of people of the filter's group (everyone when none), as in services.ts. */
function peopleSql(f: ServiceFilters): SQL {
	if (f.group === null) return sql.raw('r.people_served');
	if (!(GROUPS as readonly string[]).includes(f.group)) throw new AreaInputError(`group: unknown value "${f.group}"`);
	return sql.raw(`coalesce(r.${f.group}, 0)`);
}

/**
 * Records at the given sites under the filters: total, by month and by service, small cells and
 * their complementary cells withheld. `published` is the area's row where the area is a cell of a
 * published table too (a county on the map): the total takes that row's status, so it is withheld
 * here whenever it is withheld there.
 */
async function servedAt(db: Db, sites: { partners: number[]; offices: string[] }, f: ServiceFilters, published?: ServiceRow): Promise<AreaDetails['served']> {
	const at: SQL[] = [];
	if (sites.partners.length > 0) at.push(sql`r.partner_id IN (${sql.join(sites.partners.map((id) => sql`${id}`), sql`, `)})`);
	if (sites.offices.length > 0) at.push(sql`(r.partner_id IS NULL AND r.consulate_id IN (${sql.join(sites.offices.map((id) => sql`${id}`), sql`, `)}))`);
	if (at.length === 0) return { total: publicRow('total', 0, 0), byMonth: [], byService: [] };
	const rows = await queryRows<{ month: string; service: string; people: number; services: number }>(
		db,
		sql`SELECT to_char(r.month, 'YYYY-MM') AS month, r.service_type::text AS service,
			sum(${peopleSql(f)})::float8 AS people, sum(r.services_delivered)::float8 AS services
			FROM service_records r LEFT JOIN partners p ON p.id = r.partner_id
			WHERE ${recordFilterSql(f)} AND (${sql.join(at, sql` OR `)})
			GROUP BY 1, 2 ORDER BY 1, 2`
	);
	const sum = (keyOf: (r: (typeof rows)[number]) => string) => {
		const out = new Map<string, { people: number; services: number }>();
		for (const r of rows) {
			const acc = out.get(keyOf(r)) ?? { people: 0, services: 0 };
			acc.people += Number(r.people);
			acc.services += Number(r.services);
			out.set(keyOf(r), acc);
		}
		return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, v]) => ({ key, ...v }));
	};
	const sums = rows.reduce((acc, r) => ({ people: acc.people + Number(r.people), services: acc.services + Number(r.services) }), { people: 0, services: 0 });
	const total = publicRow('total', sums.people, sums.services, published ? statusOf(published) : undefined);
	return { total, byMonth: breakdownRows(sum((r) => r.month), total), byService: breakdownRows(sum((r) => r.service), total) };
}

/** The county need index for the target group, computed once per data version and group. */
function needIndexByCounty(db: Db, group: TargetGroup) {
	return cached(db, `area-details-need:${group}`, async () => {
		const result = await countyNeedIndex(db, { group });
		const withIndex = result.rows.filter((r) => r.index !== null);
		return { rows: new Map(result.rows.map((r) => [r.id, r])), rank: new Map(withIndex.map((r, i) => [r.id, i + 1])), of: withIndex.length };
	});
}

/**
 * Details of the county (5-digit FIPS) or ZCTA `code`, or null when no such area exists. Throws
 * AreaInputError when the code is not 5 digits. Office names are in `lang`.
 */
export async function areaDetails(
	db: Db,
	options: { level: DetailLevel; code: string; filters?: ServiceFilters; target: TargetGroup; lang: Lang }
): Promise<AreaDetails | null> {
	const { level, code, lang } = options;
	if (!CODE.test(code)) {
		throw new AreaInputError(
			level === 'zcta'
				? `"${code}" is not a ZIP code: expected 5 digits, e.g. 92101`
				: `"${code}" is not a county code: expected a 5-digit FIPS code (2 for the state, 3 for the county), e.g. 06073; for a ZIP code add ?level=zcta`
		);
	}
	const filters = options.filters ?? NO_FILTERS;
	const [area] = await queryRows<{
		name: string;
		state: string;
		lng: number | null;
		lat: number | null;
		w: number | null;
		s: number | null;
		e: number | null;
		n: number | null;
		w360: number | null;
		e360: number | null;
	}>(
		db,
		sql`SELECT name, state, ST_X(point) AS lng, ST_Y(point) AS lat, ${bboxColumnsSql(sql`geom`)}
			FROM areas WHERE level = ${level} AND code = ${code}`
	);
	if (!area) return null;

	// Office: the county's assignment today; a ZCTA takes its main county's, approximate when its counties have several offices.
	const counties =
		level === 'county'
			? [{ county: code, weight: 100 }]
			: await queryRows<{ county: string; weight: number }>(
					db,
					sql`SELECT county_fips AS county, weight_pct AS weight FROM zcta_counties WHERE zcta = ${code} ORDER BY weight_pct DESC, county_fips`
				);
	const offices =
		counties.length === 0
			? []
			: await queryRows<{ county: string; id: string; name: string; city: string; approximate: boolean }>(
					db,
					sql`SELECT a.county_fips AS county, c.id, c.name, c.city, a.approximate FROM ${assignmentsOnSql()} a JOIN consulates c ON c.id = a.consulate_id
						WHERE a.county_fips IN (${sql.join(counties.map((c) => sql`${c.county}`), sql`, `)})`
				);
	const main = counties.map((c) => offices.find((o) => o.county === c.county)).find((o) => o !== undefined);
	const approximateAssignment = main ? main.approximate || new Set(offices.map((o) => o.id)).size > 1 : false;

	const figures = await queryRows<{ indicator: string; value: number; kind: Kind; vintage: string; source: string }>(
		db,
		sql`SELECT DISTINCT ON (indicator) indicator::text, value, kind, vintage, source FROM population_estimates
			WHERE level = ${level} AND code = ${code}
			ORDER BY indicator, CASE kind WHEN 'measured' THEN 0 WHEN 'modelled' THEN 1 ELSE 2 END, vintage DESC`
	);
	const population = Object.fromEntries(
		figures.map((f) => [f.indicator, { value: Number(f.value), kind: f.kind, vintage: f.vintage, source: f.source }])
	);

	let nearest: NearestPoint[] = [];
	if (area.lat !== null && area.lng !== null) {
		const [lat, lng] = [Number(area.lat), Number(area.lng)];
		nearest = (await supply(db))
			.map((p) => ({ p, km: haversineKm(lat, lng, p.lat, p.lon) }))
			.sort((a, b) => a.km - b.km || a.p.id.localeCompare(b.p.id))
			.slice(0, 5)
			.map(({ p, km }) => ({
				kind: p.role === 'desk' ? ('office' as const) : ('partner' as const),
				id: p.id.replace(/^(desk|partner):/, ''),
				name: p.role === 'desk' ? officeName(lang, { id: p.consulateId, name: p.name }) : p.name,
				type: p.partnerType ?? 'office',
				km: Math.round(km * 100) / 100
			}));
	}

	const sites = level === 'county' ? await siteCounties(db) : await siteZctas(db);
	// A county is a cell of the map's table (by county, under the same filters): same status here.
	const published = level === 'county' ? (await serviceSummary(db, { by: 'county', filters })).rows.find((r) => r.key === code) : undefined;
	const served = await servedAt(
		db,
		{
			partners: [...sites.partners].filter(([, c]) => c === code).map(([id]) => id),
			offices: [...sites.offices].filter(([, c]) => c === code).map(([id]) => id)
		},
		filters,
		published
	);

	let needIndex: AreaDetails['needIndex'] = null;
	if (level === 'county') {
		const need = await needIndexByCounty(db, options.target);
		const row = need.rows.get(code);
		if (row) {
			needIndex = {
				index: row.index,
				rank: need.rank.get(code) ?? null,
				of: need.of,
				components: Object.fromEntries(Object.keys(row.values).map((k) => [k, { value: row.values[k], rank: row.ranks[k] ?? null }]))
			};
		}
	}

	const km2 = level === 'county' ? ((await areasKm2(db, 'county')).get(code) ?? null) : null;
	const bbox = bboxOf(area);
	return {
		level,
		code,
		name: area.name,
		state: area.state,
		office: main ? { id: main.id, name: officeName(lang, main) } : null,
		approximateAssignment,
		population,
		areaKm2: km2,
		nearest,
		served,
		needIndex,
		bbox
	};
}
