/**
 * Runs the analysis methods (src/lib/analysis) on the database's data: access scores, distance to
 * the nearest service, remote areas, the need index and siting. Inputs are read once per data
 * version (the import batches), so a new import is picked up and repeated requests stay fast.
 */
import { sql } from 'drizzle-orm';
import { nearest } from '../../analysis/nearest';
import { enhancedTwoStepFca, DEFAULT_WEIGHTS, DEFAULT_ZONES } from '../../analysis/fca';
import { needIndex, type NeedComponent, type NeedResult } from '../../analysis/need-index';
import { siteMclp, type SitingResult } from '../../analysis/siting';
import type { DemandPoint, SupplyPoint } from '../../analysis/types';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import { cached } from '../cache';
import { demandPoints, supplyPoints, type AreaDemand, type ServicePoint, type TargetGroup } from '../queries/analysis-inputs';
import { bestEstimatesSql, type Kind } from '../queries/indicators';
import { assignmentsOnSql } from '../queries/jurisdictions';
import { defaultPeriod } from '../queries/report';
import { officePenetration, serviceSummary } from '../queries/services';
import { NO_FILTERS } from '../../filters';
import type { PartnerType } from '../queries/partners';

export type AreaLevel = 'zcta' | 'county';

/** Which service points count as existing supply. */
export interface SupplyFilter {
	desks?: boolean;
	/** null = every type; [] = none. */
	partnerTypes?: PartnerType[] | null;
}

export function demand(db: Db, level: AreaLevel, group: TargetGroup): Promise<AreaDemand[]> {
	return cached(db, `demand:${level}:${group}`, () => demandPoints(db, { level, group }));
}

/** The cache key part of a supply filter. */
function supplyKey(filter: SupplyFilter = {}): string {
	return `${filter.desks !== false}:${filter.partnerTypes === undefined || filter.partnerTypes === null ? '*' : filter.partnerTypes.join(',')}`;
}

export function supply(db: Db, filter: SupplyFilter = {}): Promise<ServicePoint[]> {
	return cached(db, `supply:${supplyKey(filter)}`, () => supplyPoints(db, filter));
}

/** Capacity 1 where unknown, as METHODS.md says. */
function asSupply(points: ServicePoint[]): SupplyPoint[] {
	return points.map((p) => ({ id: p.id, lat: p.lat, lon: p.lon, capacity: p.capacity ?? 1 }));
}

/** One value per area, in the shape the map's indicator layer takes. */
export interface AnalysisValues {
	indicator: string;
	level: AreaLevel;
	values: { code: string; value: number; moe: null; kind: Kind; vintage: string; source: string }[];
	sources: { kind: Kind; vintage: string; source: string; method: string | null; areas: number }[];
}

export const ANALYSIS_SOURCE = 'Ventanillas Atlas analysis';

/** Wraps per-area results with their kind, date and method, like population indicators. */
function describe(indicator: string, level: AreaLevel, values: { code: string; value: number }[], kind: Kind, method: string): AnalysisValues {
	const vintage = `computed ${new Date().toISOString().slice(0, 10)}`;
	return {
		indicator,
		level,
		values: values.map((v) => ({ ...v, moe: null, kind, vintage, source: ANALYSIS_SOURCE })),
		sources: [{ kind, vintage, source: ANALYSIS_SOURCE, method, areas: values.length }]
	};
}

/** The kind of a result built from these inputs: demo if any input is demo, else modelled. */
function kindOf(points: { kind: string }[]): Kind {
	return points.some((p) => p.kind === 'demo') ? 'demo' : 'modelled';
}

/** Great-circle km from each area's point to the nearest desk or partner. */
export async function nearestKm(db: Db, options: { level: AreaLevel; group: TargetGroup; supply?: SupplyFilter }): Promise<AnalysisValues> {
	const [areas, points] = await Promise.all([demand(db, options.level, options.group), supply(db, options.supply)]);
	const result = nearest(areas, asSupply(points));
	const values = result.filter((r) => r.distance !== null).map((r) => ({ code: r.id, value: r.distance! }));
	return describe('nearest_km', options.level, values, kindOf(points), 'great-circle km to the nearest desk or active partner (METHODS.md "Nearest service")');
}

/** 1 where the nearest service is farther than `radiusKm`, else 0 (METHODS.md "remote"). */
export async function remoteAreas(
	db: Db,
	options: { level: AreaLevel; group: TargetGroup; radiusKm: number; supply?: SupplyFilter }
): Promise<AnalysisValues> {
	const distances = await nearestKm(db, options);
	return {
		...distances,
		indicator: 'remote',
		values: distances.values.map((v) => ({ ...v, value: v.value > options.radiusKm ? 1 : 0 })),
		sources: distances.sources.map((s) => ({ ...s, method: `nearest service more than ${options.radiusKm} km away` }))
	};
}

/** E2SFCA access score (supply per 1,000 target residents) for each area. */
export async function accessScores(
	db: Db,
	options: { level: AreaLevel; group: TargetGroup; zonesKm?: number[]; weights?: number[]; supply?: SupplyFilter }
): Promise<AnalysisValues> {
	const [areas, points] = await Promise.all([demand(db, options.level, options.group), supply(db, options.supply)]);
	const zonesKm = options.zonesKm ?? [...DEFAULT_ZONES];
	const weights = options.weights ?? [...DEFAULT_WEIGHTS];
	const { scores } = enhancedTwoStepFca(areas, asSupply(points), { zonesKm, weights });
	const kind = kindOf([...areas, ...points]);
	const values = areas.map((a, i) => ({ code: a.id, value: scores[i] }));
	return describe('access_e2sfca', options.level, values, kind, `E2SFCA, zones ${zonesKm.join('/')} km, weights ${weights.join('/')}; capacity 1 where unknown`);
}

export const NEED_COMPONENTS = ['target_population', 'uninsured_rate', 'lep_share', 'poverty_rate', 'nearest_km', 'penetration'] as const;
export type NeedComponentKey = (typeof NEED_COMPONENTS)[number];

const DIRECTION: Record<NeedComponentKey, NeedComponent['direction']> = {
	target_population: 'higher-is-more-need',
	uninsured_rate: 'higher-is-more-need',
	lep_share: 'higher-is-more-need',
	poverty_rate: 'higher-is-more-need',
	nearest_km: 'higher-is-more-need',
	penetration: 'lower-is-more-need'
};

/** County values of the need components that come from population figures. */
async function countyRates(db: Db): Promise<Map<string, { uninsured: number | null; lep: number | null; poverty: number | null }>> {
	const ratio = (num: string, den: string) =>
		sql`(SELECT n.code, n.value / nullif(d.value, 0) AS r FROM ${bestEstimatesSql({ indicator: num as never, level: 'county' })} n
			JOIN ${bestEstimatesSql({ indicator: den as never, level: 'county' })} d ON d.code = n.code)`;
	const rows = await queryRows<{ code: string; uninsured: number | null; lep: number | null; poverty: number | null }>(
		db,
		sql`SELECT a.code, u.r AS uninsured, l.r AS lep, p.r AS poverty FROM areas a
			LEFT JOIN ${ratio('uninsured', 'total_population')} u ON u.code = a.code
			LEFT JOIN ${ratio('lep_spanish', 'lep_universe')} l ON l.code = a.code
			LEFT JOIN ${ratio('poverty', 'poverty_universe')} p ON p.code = a.code
			WHERE a.level = 'county'`
	);
	const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
	return new Map(rows.map((r) => [r.code, { uninsured: num(r.uninsured), lep: num(r.lep), poverty: num(r.poverty) }]));
}

/**
 * People served in the last 12 months with records per 1,000 target residents of the office's
 * jurisdiction, given to each county of that jurisdiction (records are kept per office and partner,
 * not county). The figures of the office table (/consulates, same period): an office whose count
 * is withheld there (a small cell, or withheld to protect one) has no rate here either, since the
 * rate and the population would give the count away; the need index then leaves the component out
 * for its counties.
 */
async function countyPenetration(db: Db, group: TargetGroup): Promise<{ byCounty: Map<string, number | null>; kind: Kind | null }> {
	const network = await serviceSummary(db, { by: 'total' });
	if (!network.period.last) return { byCounty: new Map(), kind: null };
	const filters = { ...NO_FILTERS, ...defaultPeriod(network.period.last) };
	const [offices, served, assignments] = await Promise.all([
		officePenetration(db, { filters, target: group }),
		serviceSummary(db, { by: 'total', filters }),
		queryRows<{ county_fips: string; consulate_id: string }>(db, sql`SELECT county_fips, consulate_id FROM ${assignmentsOnSql()} cur`)
	]);
	const rate = new Map(offices.rows.map((r) => [r.office, r.per1000]));
	const kinds = new Set(served.sources.map((s) => s.kind));
	return {
		byCounty: new Map(assignments.map((a) => [a.county_fips, rate.get(a.consulate_id) ?? null])),
		kind: kinds.size === 0 ? null : kinds.has('demo') ? 'demo' : 'measured'
	};
}

/** The need index as map values (counties with an index). */
export async function needIndexValues(db: Db, options: Parameters<typeof countyNeedIndex>[1]): Promise<AnalysisValues> {
	const result = await countyNeedIndex(db, options);
	const values = result.rows.filter((r) => r.index !== null).map((r) => ({ code: r.id, value: r.index! }));
	return describe('need_index', 'county', values, result.kind, result.sources[0].method ?? '');
}

export interface NeedIndexResult {
	indicator: 'need_index';
	level: 'county';
	weights: Record<NeedComponentKey, number>;
	rows: (NeedResult & { name: string; state: string; consulateId: string | null })[];
	kind: Kind;
	sources: AnalysisValues['sources'];
}

/** Each county's need components, name, state and office: everything of the index but the weights. */
interface NeedInputs {
	counties: { id: string; values: Record<NeedComponentKey, number | null>; name: string; state: string; consulateId: string | null }[];
	kind: Kind;
}

/**
 * The need index's inputs, read and computed once per data version, group and supply: three
 * queries over every county and the nearest-service distances take most of a second, and the
 * consul's report asks for them on every view.
 */
function needInputs(db: Db, group: TargetGroup, supplyFilter: SupplyFilter | undefined): Promise<NeedInputs> {
	return cached(db, `need-inputs:${group}:${supplyKey(supplyFilter)}`, async () => {
		const [areas, points, rates, pen, names] = await Promise.all([
			demand(db, 'county', group),
			supply(db, supplyFilter),
			countyRates(db),
			countyPenetration(db, group),
			queryRows<{ code: string; name: string; state: string; consulate_id: string | null }>(
				db,
				sql`SELECT a.code, a.name, a.state, cur.consulate_id FROM areas a LEFT JOIN ${assignmentsOnSql()} cur ON cur.county_fips = a.code WHERE a.level = 'county'`
			)
		]);
		const distances = new Map(nearest(areas, asSupply(points)).map((r) => [r.id, r.distance]));
		const population = new Map(areas.map((a) => [a.id, a.population]));
		const counties = names.map((n) => {
			const r = rates.get(n.code);
			return {
				id: n.code,
				name: n.name,
				state: n.state,
				consulateId: n.consulate_id,
				values: {
					target_population: population.get(n.code) ?? null,
					uninsured_rate: r?.uninsured ?? null,
					lep_share: r?.lep ?? null,
					poverty_rate: r?.poverty ?? null,
					nearest_km: distances.get(n.code) ?? null,
					penetration: pen.byCounty.get(n.code) ?? null
				}
			};
		});
		const kind: Kind = pen.kind === 'demo' || kindOf(points) === 'demo' ? 'demo' : 'modelled';
		return { counties, kind };
	});
}

/**
 * The composite need index by county (METHODS.md): percentile ranks of the components, weighted
 * mean with the planner's weights (default equal), components returned beside the index. Rows
 * are ordered by index, most need first; counties with no component value come last.
 */
export async function countyNeedIndex(
	db: Db,
	options: { group: TargetGroup; weights?: Partial<Record<NeedComponentKey, number>>; supply?: SupplyFilter }
): Promise<NeedIndexResult> {
	const weights = Object.fromEntries(NEED_COMPONENTS.map((k) => [k, options.weights?.[k] ?? 1])) as Record<NeedComponentKey, number>;
	const rank = async () => {
		const { counties, kind } = await needInputs(db, options.group, options.supply);
		const components = NEED_COMPONENTS.map((key) => ({ key, direction: DIRECTION[key], weight: weights[key] }));
		const byCode = new Map(counties.map((c) => [c.id, c]));
		const rows = needIndex(counties, components)
			.map((r) => ({ ...r, name: byCode.get(r.id)!.name, state: byCode.get(r.id)!.state, consulateId: byCode.get(r.id)!.consulateId }))
			.sort((a, b) => (b.index ?? -1) - (a.index ?? -1) || a.id.localeCompare(b.id));
		return { rows, kind };
	};
	// Ranking 3,000 counties takes tens of ms: kept for the equal weights that the report, the
	// map and the area panel ask for; a planner's own weights are ranked on each request.
	const equal = NEED_COMPONENTS.every((k) => weights[k] === 1);
	const { rows, kind } = equal ? await cached(db, `need-index:${options.group}:${supplyKey(options.supply)}`, rank) : await rank();
	const method = `mean of percentile ranks weighted ${NEED_COMPONENTS.map((k) => `${k} ${weights[k]}`).join(', ')}; missing components left out`;
	return {
		indicator: 'need_index',
		level: 'county',
		weights,
		rows,
		kind,
		sources: [{ kind, vintage: new Date().toISOString().slice(0, 10), source: 'Ventanillas Atlas analysis', method, areas: rows.length }]
	};
}

export const ANALYSIS_INDICATORS = ['access_e2sfca', 'nearest_km', 'remote', 'need_index'] as const;

/** Where new sites may go: partner sites, ZCTA points, or only the points given (evaluation of a hand-made plan). */
export type CandidatePool = 'partners' | 'zcta' | 'given';

/** A plan that cannot be computed from what the planner chose (a 400, not a server fault). */
export class PlanInputError extends Error {}

export interface PlanOptions {
	group: TargetGroup;
	radiusKm: number;
	k: number;
	candidates: CandidatePool;
	/** Points the planner added by hand: always candidates; with candidates 'given', the only ones (all chosen). */
	extraCandidates?: { id: string; lat: number; lon: number }[];
	/** Which service points count as existing (fixed open). */
	existing?: SupplyFilter;
}

export interface PlanResult extends SitingResult {
	candidatesConsidered: number;
	/** Per office: target population within reach before and after. */
	byJurisdiction: { consulateId: string; total: number; before: number; after: number }[];
	/** Chosen sites with coordinates and their office. */
	chosen: { rank: number; id: string; lat: number; lon: number; newCovered: number; cumulativeCovered: number; consulateId: string | null; label: string }[];
	/** ZCTAs newly within reach, with their points and target population. */
	newlyCovered: { id: string; lat: number; lon: number; population: number }[];
	kind: Kind;
}

/**
 * MCLP siting over ZCTA demand: K new sites among partner sites or ZCTA points (plus any the
 * planner added) within `radiusKm`, existing desks and partners fixed open; with per-jurisdiction
 * coverage before and after.
 */
export async function planSites(db: Db, options: PlanOptions): Promise<PlanResult> {
	const [areas, existing, partnerSites, zctaOffices] = await Promise.all([
		demand(db, 'zcta', options.group),
		supply(db, options.existing),
		supply(db, { desks: false, partnerTypes: null }),
		cached(db, 'zcta-offices', () =>
			queryRows<{ zcta: string; consulate_id: string }>(
				db,
				sql`SELECT DISTINCT ON (z.zcta) z.zcta, cur.consulate_id FROM zcta_counties z
					JOIN ${assignmentsOnSql()} cur ON cur.county_fips = z.county_fips ORDER BY z.zcta, z.weight_pct DESC`
			)
		)
	]);
	const office = new Map(zctaOffices.map((r) => [r.zcta, r.consulate_id]));
	const existingIds = new Set(existing.map((e) => e.id));
	const labels = new Map<string, string>();
	const pool: { id: string; lat: number; lon: number }[] =
		options.candidates === 'given'
			? []
			: options.candidates === 'partners'
			? partnerSites.filter((p) => !existingIds.has(p.id)).map((p) => (labels.set(p.id, p.name), { id: p.id, lat: p.lat, lon: p.lon }))
			: areas.map((a) => (labels.set(`zcta:${a.id}`, `ZIP ${a.name}, ${a.state}`), { id: `zcta:${a.id}`, lat: a.lat, lon: a.lon }));
	// Points handed back from an edited plan keep what they are: a partner, a ZIP area or a point.
	const partnerById = new Map(partnerSites.map((p) => [p.id, p]));
	const areaById = new Map(areas.map((a) => [`zcta:${a.id}`, a]));
	for (const c of options.extraCandidates ?? []) {
		const partner = partnerById.get(c.id);
		const area = areaById.get(c.id);
		labels.set(c.id, partner?.name ?? (area ? `ZIP ${area.name}, ${area.state}` : `Added point ${c.lat.toFixed(3)}, ${c.lon.toFixed(3)}`));
		pool.push(partner ? { id: c.id, lat: partner.lat, lon: partner.lon } : c);
	}
	if (pool.length === 0) {
		throw new PlanInputError(
			options.candidates === 'partners'
				? 'Every partner site already counts as an existing site, so none is left to host a clinic: count fewer partner types as existing, or use ZIP code areas as candidates.'
				: 'No candidate sites: add points on the map or choose a candidate pool.'
		);
	}
	const k = options.candidates === 'given' ? pool.length : options.k;
	const result = siteMclp(areas, pool, asSupply(existing), { k, radiusKm: options.radiusKm });
	const newly = new Set(result.sites.flatMap((s) => s.newlyCoveredIds));
	const coveredBefore = coveredSet(areas, existing, options.radiusKm);
	const perOffice = new Map<string, { total: number; before: number; after: number }>();
	for (const a of areas) {
		const id = office.get(a.id);
		if (!id) continue;
		const row = perOffice.get(id) ?? { total: 0, before: 0, after: 0 };
		row.total += a.population;
		if (coveredBefore.has(a.id)) row.before += a.population;
		if (coveredBefore.has(a.id) || newly.has(a.id)) row.after += a.population;
		perOffice.set(id, row);
	}
	const byPoolId = new Map(pool.map((p) => [p.id, p]));
	const partnerOffice = new Map(partnerSites.map((p) => [p.id, p.consulateId]));
	// A partner belongs to its office; a ZCTA to its main county's; an added point to that of the first area it reaches.
	const officeOf = (id: string, reached: string[]) =>
		partnerOffice.get(id) ?? (id.startsWith('zcta:') ? office.get(id.slice(5)) : undefined) ?? (reached[0] ? office.get(reached[0]) : undefined) ?? null;
	return {
		...result,
		candidatesConsidered: pool.length,
		byJurisdiction: [...perOffice].map(([consulateId, r]) => ({ consulateId, ...r })).sort((a, b) => b.after - b.before - (a.after - a.before)),
		chosen: result.sites.map((s) => ({
			rank: s.rank,
			id: s.id,
			lat: byPoolId.get(s.id)!.lat,
			lon: byPoolId.get(s.id)!.lon,
			newCovered: s.newCovered,
			cumulativeCovered: s.cumulativeCovered,
			consulateId: officeOf(s.id, s.newlyCoveredIds),
			label: labels.get(s.id) ?? s.id
		})),
		newlyCovered: areas.filter((a) => newly.has(a.id)).map((a) => ({ id: a.id, lat: a.lat, lon: a.lon, population: a.population })),
		kind: kindOf([...areas, ...existing, ...pool.map((p) => partnerById.get(p.id) ?? { kind: 'modelled' })])
	};
}

/** Ids of demand points within `radiusKm` of any of `points`. */
function coveredSet(areas: AreaDemand[], points: ServicePoint[], radiusKm: number): Set<string> {
	if (points.length === 0) return new Set();
	const result = nearest(areas as DemandPoint[], asSupply(points));
	return new Set(result.filter((r) => r.distance !== null && r.distance <= radiusKm).map((r) => r.id));
}
