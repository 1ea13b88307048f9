/**
 * One partner's area (PRODUCT.md question 4): who lives within its catchment, what has been served
 * at its site, which desks and partners are near it, and which nearby ZIP areas are the most
 * underserved.
 *
 * Distances are great-circle km on PostGIS's sphere (geography with use_spheroid = false, radius
 * 6,371,008.8 m), the sphere METHODS.md fixes, so they agree with the analysis methods' haversine
 * and with nearestKm. Thresholds are inclusive (d <= R), as METHODS.md says.
 *
 * Configuration: PARTNER_RADIUS_KM, the catchment radius used when a request names none (km,
 * default 25, from 1 to 200).
 */
import { sql, type SQL } from 'drizzle-orm';
import { GROUPS, NO_FILTERS, type Group, type ServiceFilters } from '../../filters';
import { nearestKm } from '../analysis/service';
import { cached } from '../cache';
import type { Db } from '../db/client';
import { queryRows, textArray } from '../db/client';
import type { TargetGroup } from './analysis-inputs';
import { bestEstimatesSql, type Kind } from './indicators';
import type { PartnerType } from './partners';
import { breakdownRows, publicRow, recordFilterSql, serviceSummary, siteCounties, statusOf, type ServiceRow } from './services';

export const MIN_RADIUS_KM = 1;
export const MAX_RADIUS_KM = 200;
export const DEFAULT_RADIUS_KM = 25;
/** How many of the nearby ZIP areas the underserved ranking returns. */
export const UNDERSERVED_ROWS = 25;
/** How many nearby desks and partners are listed (the nearest first). */
export const NEARBY_ROWS = 100;

/** The target groups the catchment is counted in, in the order they are shown. */
export const CATCHMENT_GROUPS = ['total_population', 'mexican_origin', 'mexico_born', 'uninsured', 'uninsured_mexican_origin'] as const satisfies readonly TargetGroup[];

export const CATCHMENT_METHOD = 'ZCTAs whose centre lies within R km (great-circle distance from the partner site, inclusive)';
export const UNDERSERVED_METHOD =
	'ZCTAs within 2R km, those whose nearest desk or active partner is farther than R km first, then by target population';

/** A request the view cannot answer as asked (a 400 with this message). */
export class PartnerAreaInputError extends Error {}

/**
 * The catchment radius from a request parameter, in km; `fallback` when absent. Throws
 * PartnerAreaInputError naming the parameter and the allowed range.
 */
export function parseRadiusKm(value: string | null | undefined, fallback: number, name = 'radius'): number {
	if (value === null || value === undefined || value.trim() === '') return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < MIN_RADIUS_KM || n > MAX_RADIUS_KM) {
		throw new PartnerAreaInputError(`${name}: "${value}" is not a radius from ${MIN_RADIUS_KM} to ${MAX_RADIUS_KM} km`);
	}
	return n;
}

/** The default catchment radius in km from PARTNER_RADIUS_KM (25 when unset); throws naming the key when it is not 1-200. */
export function defaultRadiusKm(env: Record<string, string | undefined> = process.env): number {
	const raw = env.PARTNER_RADIUS_KM;
	try {
		return parseRadiusKm(raw, DEFAULT_RADIUS_KM, 'PARTNER_RADIUS_KM');
	} catch (e) {
		throw new Error(`configuration: ${(e as Error).message}`);
	}
}

/** A partner id from the URL: a positive whole number, else PartnerAreaInputError. */
export function parsePartnerId(value: string): number {
	if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
		throw new PartnerAreaInputError(`"${value}" is not a partner id; ids are whole numbers such as 12 (see /partners)`);
	}
	return Number(value);
}

export interface PartnerInfo {
	id: number;
	name: string;
	type: PartnerType;
	consulateId: string;
	officeName: string;
	officeCity: string;
	address: string | null;
	city: string | null;
	state: string | null;
	zip: string | null;
	lat: number;
	lon: number;
	/** True where the point is a ZIP or place centre rather than the site's address. */
	locationApproximate: boolean;
	services: string[];
	capacity: number | null;
	activeFrom: string | null;
	activeTo: string | null;
	/** Active today. */
	active: boolean;
	/** County holding the site (FIPS and name), when known. */
	countyFips: string | null;
	countyName: string | null;
	kind: Kind;
	source: string;
}

export interface FigureSource {
	kind: Kind;
	vintage: string;
	source: string;
	method: string | null;
	/** ZCTAs whose figure comes from this source. */
	zctas: number;
}

export interface CatchmentGroup {
	group: TargetGroup;
	/** Sum over the ZCTAs with a figure; null when none has one (no data, not zero). */
	population: number | null;
	/** ZCTAs in the ring with a figure for this group. */
	zctas: number;
	sources: FigureSource[];
}

export interface CatchmentPoint {
	code: string;
	lat: number;
	lon: number;
	/** Great-circle km from the site. */
	distanceKm: number;
	/** Target population; null = no figure. */
	population: number | null;
}

export interface Catchment {
	radiusKm: number;
	method: string;
	/** ZCTA points within the ring. */
	zctas: number;
	groups: CatchmentGroup[];
	/** The ZCTA points in the ring with their target population, nearest first. */
	points: CatchmentPoint[];
}

export interface PartnerServices {
	filters: ServiceFilters;
	/**
	 * The whole selection at this site, with the status the partner's row has in the office's and
	 * the network's partner tables (a partner withheld there is withheld here).
	 */
	total: ServiceRow;
	/** By month 'YYYY-MM', oldest first. */
	byMonth: ServiceRow[];
	/** By service type, most people first (suppressed rows last). */
	byService: ServiceRow[];
	/**
	 * People by group (services are not recorded by group, so null). Women and men add up to
	 * everyone (at most everyone in imports), so they are protected against the site's total of
	 * everyone; the other groups overlap them and are only bounded by it (at most everyone,
	 * pregnant women at most the women), which gives no small cell away.
	 */
	byGroup: ServiceRow[];
	/** Records summed; 0 = nothing recorded at this site under the filters. */
	records: number;
	period: { first: string | null; last: string | null };
	sources: { kind: Kind; source: string; records: number }[];
}

export interface NearbySite {
	/** 'partner:<id>' or 'desk:<office id>'. */
	id: string;
	role: 'partner' | 'desk';
	/** Partner id; null for a desk. */
	partnerId: number | null;
	name: string;
	/** Partner type; null for a desk. */
	type: PartnerType | null;
	consulateId: string;
	city: string | null;
	state: string | null;
	lat: number;
	lon: number;
	distanceKm: number;
	kind: Kind;
}

export interface UnderservedArea {
	code: string;
	state: string;
	countyFips: string | null;
	countyName: string | null;
	lat: number;
	lon: number;
	/** Target population of the ZCTA. */
	population: number;
	/** Great-circle km from this partner's site. */
	distanceKm: number;
	/** Great-circle km to the nearest desk or active partner (this one included); null when there is none. */
	nearestKm: number | null;
	/** Nearest service farther than the radius. */
	remote: boolean;
	kind: Kind;
}

export interface PartnerArea {
	partner: PartnerInfo;
	radiusKm: number;
	target: TargetGroup;
	catchment: Catchment;
	services: PartnerServices;
	nearby: { radiusKm: number; total: number; rows: NearbySite[] };
	underserved: {
		radiusKm: number;
		method: string;
		/** ZCTAs with a target figure within 2R. */
		total: number;
		/** How many of them, and how many target residents, are remote (nearest service beyond R). */
		remote: number;
		remotePopulation: number;
		rows: UnderservedArea[];
		populationSources: FigureSource[];
		distanceSource: { kind: Kind; vintage: string; source: string; method: string | null } | null;
	};
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The site as a geography on the sphere. */
const siteGeog = (lat: number, lon: number) => sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography`;

/** Great-circle km from a point column to the site. */
const km = (column: SQL, lat: number, lon: number) => sql`ST_Distance(${column}::geography, ${siteGeog(lat, lon)}, false) / 1000.0`;

/**
 * `column` within `radiusKm` of the site, inclusive: a bounding-box test the point index can use,
 * then the exact spherical test.
 */
function withinSql(column: SQL, lat: number, lon: number, radiusKm: number): SQL {
	const dLat = radiusKm / 111.195 + 0.01;
	const coslat = Math.cos((Math.min(89, Math.abs(lat) + dLat) * Math.PI) / 180);
	const dLon = Math.min(180, dLat / Math.max(coslat, 0.01));
	return sql`${column} && ST_MakeEnvelope(${lon - dLon}::float8, ${lat - dLat}::float8, ${lon + dLon}::float8, ${lat + dLat}::float8, 4326)
		AND ST_DWithin(${column}::geography, ${siteGeog(lat, lon)}, ${radiusKm * 1000}::float8, false)`;
}

async function partnerInfo(db: Db, id: number): Promise<PartnerInfo | null> {
	const [row] = await queryRows<PartnerInfo & { services: string[] | string }>(
		db,
		sql`SELECT p.id, p.name, p.type::text AS type, p.consulate_id AS "consulateId", c.name AS "officeName", c.city AS "officeCity",
				p.address, p.city, p.state, p.zip, ST_Y(p.geom) AS lat, ST_X(p.geom) AS lon,
				p.location_approximate AS "locationApproximate", p.services, p.capacity,
				p.active_from::text AS "activeFrom", p.active_to::text AS "activeTo",
				((p.active_from IS NULL OR p.active_from <= current_date) AND (p.active_to IS NULL OR p.active_to >= current_date)) AS active,
				p.kind::text AS kind, p.source
			FROM partners p JOIN consulates c ON c.id = p.consulate_id WHERE p.id = ${id}`
	);
	if (!row) return null;
	const counties = await siteCounties(db);
	const countyFips = counties.partners.get(id) ?? null;
	const [county] = countyFips
		? await queryRows<{ name: string }>(db, sql`SELECT name FROM areas WHERE level = 'county' AND code = ${countyFips}`)
		: [];
	return {
		...row,
		lat: Number(row.lat),
		lon: Number(row.lon),
		capacity: num(row.capacity),
		services: textArray(row.services),
		countyFips,
		countyName: county?.name ?? null
	};
}

/** ZCTA points within `radiusKm` of the site: code, position, km from the site, nearest first. */
async function zctasWithin(db: Db, p: PartnerInfo, radiusKm: number) {
	const rows = await queryRows<{ code: string; state: string; lat: number; lon: number; km: number }>(
		db,
		sql`SELECT a.code, a.state, ST_Y(a.point) AS lat, ST_X(a.point) AS lon, ${km(sql`a.point`, p.lat, p.lon)} AS km
			FROM areas a WHERE a.level = 'zcta' AND a.point IS NOT NULL AND ${withinSql(sql`a.point`, p.lat, p.lon, radiusKm)}
			ORDER BY km, a.code`
	);
	return rows.map((r) => ({ ...r, lat: Number(r.lat), lon: Number(r.lon), km: Number(r.km) }));
}

/**
 * The best figure (bestEstimatesSql) of each group for the given ZCTAs. The codes go in as one
 * text parameter and the test sits on the DISTINCT ON column, so PostgreSQL pushes it into each
 * subquery and reads only these areas' rows instead of ranking every ZCTA's figures.
 */
async function figuresOf(db: Db, groups: readonly TargetGroup[], codes: string[]) {
	if (codes.length === 0) return [];
	const list = sql`string_to_array(${codes.join(',')}::text, ',')`;
	const perGroup = groups.map(
		(g) => sql`SELECT ${g}::text AS grp, e.code, e.value, e.kind::text AS kind, e.vintage, e.source, e.method
			FROM ${bestEstimatesSql({ indicator: g, level: 'zcta' })} e WHERE e.code = ANY(${list})`
	);
	const rows = await queryRows<{ grp: TargetGroup; code: string; value: number; kind: Kind; vintage: string; source: string; method: string | null }>(
		db,
		sql.join(perGroup, sql` UNION ALL `)
	);
	return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

/** Figures summed by source: one entry per kind, vintage and source, with how many ZCTAs each gives. */
function bySource(rows: { kind: Kind; vintage: string; source: string; method: string | null }[]): FigureSource[] {
	const out = new Map<string, FigureSource>();
	for (const r of rows) {
		const key = `${r.kind}|${r.vintage}|${r.source}|${r.method}`;
		const s = out.get(key) ?? { kind: r.kind, vintage: r.vintage, source: r.source, method: r.method, zctas: 0 };
		s.zctas++;
		out.set(key, s);
	}
	const order: Record<Kind, number> = { measured: 0, modelled: 1, demo: 2 };
	return [...out.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.vintage.localeCompare(b.vintage) || a.source.localeCompare(b.source));
}

/** Target population of the ZCTA points within `radiusKm`, for every catchment group, with sources. */
async function catchment(db: Db, p: PartnerInfo, radiusKm: number, target: TargetGroup): Promise<Catchment> {
	const inside = await zctasWithin(db, p, radiusKm);
	const figures = await figuresOf(db, CATCHMENT_GROUPS, inside.map((z) => z.code));
	const targetValue = new Map(figures.filter((f) => f.grp === target).map((f) => [f.code, f.value]));
	const groups = CATCHMENT_GROUPS.map((group): CatchmentGroup => {
		const rows = figures.filter((f) => f.grp === group);
		return {
			group,
			population: rows.length === 0 ? null : rows.reduce((t, r) => t + r.value, 0),
			zctas: rows.length,
			sources: bySource(rows)
		};
	});
	return {
		radiusKm,
		method: CATCHMENT_METHOD,
		zctas: inside.length,
		groups,
		points: inside.map((z) => ({ code: z.code, lat: z.lat, lon: z.lon, distanceKm: z.km, population: targetValue.get(z.code) ?? null }))
	};
}

/** People column of the filters' group (or everyone). */
function peopleColumn(group: Group | null): SQL {
	if (group === null) return sql.raw('r.people_served');
	if (!(GROUPS as readonly string[]).includes(group)) throw new PartnerAreaInputError(`group: unknown value "${group}"`);
	return sql.raw(`coalesce(r.${group}, 0)`);
}

/** Records made at this partner's site under the filters, summed, with small cells withheld (as services.ts does). */
async function partnerServices(db: Db, id: number, filters: ServiceFilters): Promise<PartnerServices> {
	const where = sql`r.partner_id = ${id} AND ${recordFilterSql(filters)}`;
	const from = sql`service_records r LEFT JOIN partners p ON p.id = r.partner_id`;
	const people = peopleColumn(filters.group);
	const grouped = (key: SQL) =>
		queryRows<{ key: string; people: number; services: number }>(
			db,
			sql`SELECT ${key} AS key, sum(${people})::float8 AS people, sum(r.services_delivered)::float8 AS services
				FROM ${from} WHERE ${where} GROUP BY 1 ORDER BY 1`
		);
	const groupCols = GROUPS.map((g) => sql`sum(coalesce(r.${sql.raw(g)}, 0))::float8 AS ${sql.raw(g)}`);
	const [months, types, [groupRow], [meta], sources] = await Promise.all([
		grouped(sql`to_char(r.month, 'YYYY-MM')`),
		grouped(sql`r.service_type::text`),
		queryRows<Record<Group, number | null>>(db, sql`SELECT ${sql.join(groupCols, sql`, `)} FROM ${from} WHERE ${where}`),
		queryRows<{ first: string | null; last: string | null; people: number | null; everyone: number | null; services: number | null; records: number }>(
			db,
			sql`SELECT to_char(min(r.month), 'YYYY-MM') AS first, to_char(max(r.month), 'YYYY-MM') AS last,
				sum(${people})::float8 AS people, sum(r.people_served)::float8 AS everyone, sum(r.services_delivered)::float8 AS services, count(*)::int AS records
				FROM ${from} WHERE ${where}`
		),
		queryRows<{ kind: Kind; source: string; records: number }>(
			db,
			sql`SELECT r.kind::text AS kind, r.source, count(*)::int AS records FROM ${from} WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`
		)
	]);
	// The partner is a row of the partner tables (by partner, under the same filters, for the chosen
	// group and for everyone): the site's totals take those rows' status.
	const [chosen, all] = await Promise.all([
		serviceSummary(db, { by: 'partner', filters }),
		filters.group === null ? null : serviceSummary(db, { by: 'partner', filters: { ...filters, group: null } })
	]);
	const statusIn = (summary: { rows: ServiceRow[] }) => {
		const r = summary.rows.find((x) => x.key === String(id));
		return r ? statusOf(r) : undefined;
	};
	const services = Number(meta?.services ?? 0);
	const total = publicRow('total', Number(meta?.people ?? 0), services, statusIn(chosen));
	const everyone = publicRow('total', Number(meta?.everyone ?? 0), services, statusIn(all ?? chosen));
	const raw = (r: { key: string; people: number; services: number }) => ({ key: String(r.key), people: Number(r.people), services: Number(r.services) });
	const byService = breakdownRows(types.map(raw), total).sort((a, b) => (b.people ?? -1) - (a.people ?? -1) || a.key.localeCompare(b.key));
	const groupRaw = GROUPS.map((g) => ({ key: g, people: Number(groupRow?.[g] ?? 0), services: 0 }));
	const womenMen = breakdownRows(groupRaw.filter((g) => g.key === 'women' || g.key === 'men'), everyone);
	const byGroup = groupRaw.map((g) => {
		const row = womenMen.find((r) => r.key === g.key) ?? (everyone.suppressed ? breakdownRows([g], everyone)[0] : publicRow(g.key, g.people, 0));
		return { ...row, services: null };
	});
	return {
		filters,
		total,
		byMonth: breakdownRows(months.map(raw), total),
		byService,
		byGroup,
		records: Number(meta?.records ?? 0),
		period: { first: meta?.first ?? null, last: meta?.last ?? null },
		sources: sources.map((s) => ({ ...s, records: Number(s.records) }))
	};
}

/** Active partners (other than this one) and open desks within `radiusKm`, nearest first. */
async function nearbySites(db: Db, p: PartnerInfo, radiusKm: number): Promise<{ total: number; rows: NearbySite[] }> {
	const rows = await queryRows<NearbySite & { partnerId: number | null }>(
		db,
		sql`SELECT * FROM (
				SELECT 'partner:' || x.id AS id, 'partner' AS role, x.id AS "partnerId", x.name, x.type::text AS type, x.consulate_id AS "consulateId",
					x.city, x.state, ST_Y(x.geom) AS lat, ST_X(x.geom) AS lon, ${km(sql`x.geom`, p.lat, p.lon)} AS "distanceKm", x.kind::text AS kind
				FROM partners x
				WHERE x.id <> ${p.id} AND (x.active_from IS NULL OR x.active_from <= current_date) AND (x.active_to IS NULL OR x.active_to >= current_date)
					AND ${withinSql(sql`x.geom`, p.lat, p.lon, radiusKm)}
				UNION ALL
				SELECT 'desk:' || c.id, 'desk', NULL, c.name, NULL, c.id, c.city, c.state, ST_Y(c.geom), ST_X(c.geom), ${km(sql`c.geom`, p.lat, p.lon)}, 'measured'
				FROM consulates c
				WHERE (c.opened_on IS NULL OR c.opened_on <= current_date) AND ${withinSql(sql`c.geom`, p.lat, p.lon, radiusKm)}
			) s ORDER BY "distanceKm", id`
	);
	return {
		total: rows.length,
		rows: rows.slice(0, NEARBY_ROWS).map((r) => ({ ...r, partnerId: num(r.partnerId), lat: Number(r.lat), lon: Number(r.lon), distanceKm: Number(r.distanceKm) }))
	};
}

/** Distance from each ZCTA to its nearest desk or active partner, once per data version and group. */
async function nearestByZcta(db: Db, target: TargetGroup) {
	return cached(db, `partner-area:nearest-km:zcta:${target}`, async () => {
		const result = await nearestKm(db, { level: 'zcta', group: target });
		return { byCode: new Map(result.values.map((v) => [v.code, v.value])), source: result.sources[0] ?? null };
	});
}

/** Main county (largest share of population) and its name, for the given ZCTAs. */
async function mainCounties(db: Db, codes: string[]): Promise<Map<string, { fips: string; name: string | null }>> {
	if (codes.length === 0) return new Map();
	const rows = await queryRows<{ zcta: string; fips: string; name: string | null }>(
		db,
		sql`SELECT DISTINCT ON (z.zcta) z.zcta, z.county_fips AS fips, c.name FROM zcta_counties z
			LEFT JOIN areas c ON c.level = 'county' AND c.code = z.county_fips
			WHERE z.zcta = ANY(string_to_array(${codes.join(',')}::text, ','))
			ORDER BY z.zcta, z.weight_pct DESC, z.county_fips`
	);
	return new Map(rows.map((r) => [r.zcta, { fips: r.fips, name: r.name }]));
}

/** ZCTAs within `outerKm` ranked for outreach: remote ones (nearest service beyond `radiusKm`) first, then by target population. */
async function underservedAreas(db: Db, p: PartnerInfo, radiusKm: number, target: TargetGroup): Promise<PartnerArea['underserved']> {
	const outerKm = 2 * radiusKm;
	const near = await zctasWithin(db, p, outerKm);
	const codes = near.map((z) => z.code);
	const [figures, counties, nearest] = await Promise.all([figuresOf(db, [target], codes), mainCounties(db, codes), nearestByZcta(db, target)]);
	const figure = new Map(figures.map((f) => [f.code, f]));
	const areas: UnderservedArea[] = near
		.filter((z) => figure.has(z.code))
		.map((z) => {
			const f = figure.get(z.code)!;
			const nearestKm = nearest.byCode.get(z.code) ?? null;
			const county = counties.get(z.code);
			return {
				code: z.code,
				state: z.state,
				countyFips: county?.fips ?? null,
				countyName: county?.name ?? null,
				lat: z.lat,
				lon: z.lon,
				population: f.value,
				distanceKm: z.km,
				nearestKm,
				remote: nearestKm === null || nearestKm > radiusKm,
				kind: f.kind
			};
		});
	areas.sort((a, b) => Number(b.remote) - Number(a.remote) || b.population - a.population || a.code.localeCompare(b.code));
	const remote = areas.filter((a) => a.remote);
	return {
		radiusKm: outerKm,
		method: UNDERSERVED_METHOD,
		total: areas.length,
		remote: remote.length,
		remotePopulation: remote.reduce((t, a) => t + a.population, 0),
		rows: areas.slice(0, UNDERSERVED_ROWS),
		populationSources: bySource(figures),
		distanceSource: nearest.source ? { kind: nearest.source.kind, vintage: nearest.source.vintage, source: nearest.source.source, method: nearest.source.method } : null
	};
}

/**
 * The partner's area: the partner, its catchment of `radiusKm` (target population by group), the
 * records made at its site under `filters` (small cells withheld), desks and partners within
 * 2 x `radiusKm`, and the ZIP areas within 2 x `radiusKm` ranked for outreach. Null when no
 * partner has this id; PartnerAreaInputError for a radius outside 1-200 km.
 */
export async function partnerArea(
	db: Db,
	options: { id: number; radiusKm: number; filters?: ServiceFilters; target?: TargetGroup }
): Promise<PartnerArea | null> {
	const { id, radiusKm } = options;
	if (!Number.isInteger(id) || id < 1) throw new PartnerAreaInputError(`id: ${id} is not a partner id`);
	if (!Number.isFinite(radiusKm) || radiusKm < MIN_RADIUS_KM || radiusKm > MAX_RADIUS_KM) {
		throw new PartnerAreaInputError(`radiusKm: ${radiusKm} is outside ${MIN_RADIUS_KM}-${MAX_RADIUS_KM} km`);
	}
	const target = options.target ?? 'mexican_origin';
	const filters = options.filters ?? NO_FILTERS;
	const partner = await partnerInfo(db, id);
	if (!partner) return null;
	const [area, services, nearby, underserved] = await Promise.all([
		catchment(db, partner, radiusKm, target),
		partnerServices(db, id, filters),
		nearbySites(db, partner, 2 * radiusKm),
		underservedAreas(db, partner, radiusKm, target)
	]);
	return { partner, radiusKm, target, catchment: area, services, nearby: { radiusKm: 2 * radiusKm, ...nearby }, underserved };
}
