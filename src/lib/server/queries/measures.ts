/**
 * An indicator as a count, a density (per km² of the area's polygon) or a share of the area's
 * total population, in the shape of `indicatorValues` so the map draws any of them the same way.
 */
import { sql } from 'drizzle-orm';
import { cached } from '../cache';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import { bestEstimatesSql, indicatorValues, type Indicator, type IndicatorSource, type IndicatorValue, type IndicatorValues, type Kind, type Level } from './indicators';

export const MEASURES = ['count', 'per_km2', 'share'] as const;
export type Measure = (typeof MEASURES)[number];

export function isMeasure(s: string): s is Measure {
	return (MEASURES as readonly string[]).includes(s);
}

/** Levels with polygons, the only ones a density can be computed for (ZCTAs are points). */
export const DENSITY_LEVELS: readonly Level[] = ['state', 'county'];

/** A measure the level cannot give (a 400). */
export class MeasureError extends Error {}

export interface MeasureValues extends IndicatorValues {
	measure: Measure;
	/** people; people_per_km2; fraction (0-1) of the area's total population. */
	unit: 'people' | 'people_per_km2' | 'fraction_of_total_population';
	/** Key of the unit's label in i18n/common.ts. */
	unitLabel: 'unit.people' | 'unit.per_km2' | 'unit.share';
	/** What the values were divided by; null for counts. */
	denominator: { what: string; sources: IndicatorSource[] } | null;
}

const UNITS: Record<Measure, Pick<MeasureValues, 'unit' | 'unitLabel'>> = {
	count: { unit: 'people', unitLabel: 'unit.people' },
	per_km2: { unit: 'people_per_km2', unitLabel: 'unit.per_km2' },
	share: { unit: 'fraction_of_total_population', unitLabel: 'unit.share' }
};

/**
 * Area of each polygon of `level` in km², geodesic on the WGS 84 ellipsoid
 * (ST_Area(geom::geography) / 1e6), cached per data version. Areas without a polygon are absent.
 */
export function areasKm2(db: Db, level: Level): Promise<Map<string, number>> {
	return cached(db, `areas-km2:${level}`, async () => {
		const rows = await queryRows<{ code: string; km2: number }>(
			db,
			sql`SELECT code, ST_Area(geom::geography) / 1e6 AS km2 FROM areas WHERE level = ${level} AND geom IS NOT NULL ORDER BY code`
		);
		return new Map(rows.map((r) => [r.code, Number(r.km2)]));
	});
}

/** Sources of `values`, one per kind, vintage and source, with the method of the figure each came from. */
function sourcesOf(values: IndicatorValue[], methodOf: (v: IndicatorValue) => string | null): IndicatorSource[] {
	const out = new Map<string, IndicatorSource>();
	for (const v of values) {
		const key = `${v.kind}|${v.vintage}|${v.source}`;
		const s = out.get(key) ?? { kind: v.kind, vintage: v.vintage, source: v.source, method: methodOf(v), areas: 0 };
		s.areas++;
		out.set(key, s);
	}
	return [...out.values()];
}

const KIND_RANK: Record<Kind, number> = { measured: 0, modelled: 1, demo: 2 };
/** The weaker of two kinds: a ratio is only as good as its worse part. */
function weaker(a: Kind, b: Kind): Kind {
	return KIND_RANK[a] >= KIND_RANK[b] ? a : b;
}

/**
 * 90 % margin of a proportion p = n / d whose numerator is part of its denominator (ACS
 * "Calculating Measures of Error for Derived Estimates"): sqrt(moeN² − p²·moeD²) / d, or the
 * ratio formula sqrt(moeN² + p²·moeD²) / d when the first would take the root of a negative.
 */
function shareMoe(n: number, moeN: number | null, d: number, moeD: number | null): number | null {
	if (moeN === null) return null;
	const p = n / d;
	const md = moeD ?? 0;
	const under = moeN ** 2 - p ** 2 * md ** 2;
	return Math.sqrt(under >= 0 ? under : moeN ** 2 + p ** 2 * md ** 2) / d;
}

/**
 * The indicator for every area of `level` as `measure`:
 * - count: the figures as they are (people);
 * - per_km2: people per km² of the area's polygon (state and county only; throws MeasureError otherwise);
 * - share: fraction 0-1 of the area's total population, with the weaker kind of the two figures.
 * Areas with no figure, no polygon, or a total population that is 0 or missing are absent
 * (no data, never a division by zero).
 */
export async function indicatorMeasure(
	db: Db,
	options: { indicator: Indicator; level: Level; measure: Measure }
): Promise<MeasureValues> {
	const { indicator, level, measure } = options;
	const base = await indicatorValues(db, { indicator, level });
	if (measure === 'count') return { ...base, measure, ...UNITS.count, denominator: null };

	if (measure === 'per_km2') {
		if (!DENSITY_LEVELS.includes(level)) {
			throw new MeasureError(`measure: per_km2 needs area polygons, which level ${level} does not have; use level ${DENSITY_LEVELS.join(' or ')}`);
		}
		const km2 = await areasKm2(db, level);
		const values = base.values.flatMap((v) => {
			const area = km2.get(v.code);
			return area && area > 0 ? [{ ...v, value: v.value / area, moe: v.moe === null ? null : v.moe / area }] : [];
		});
		const methods = new Map(base.sources.map((s) => [`${s.kind}|${s.vintage}|${s.source}`, s.method]));
		return {
			...base,
			values,
			sources: sourcesOf(values, (v) => methods.get(`${v.kind}|${v.vintage}|${v.source}`) ?? null),
			measure,
			...UNITS.per_km2,
			denominator: {
				what: 'area in km² of the 1:10m cartographic boundary polygon, geodesic on WGS 84 (ST_Area(geom::geography) / 1e6)',
				sources: [{ kind: 'measured', vintage: '2023', source: 'U.S. Census Bureau cartographic boundary files (via us-atlas-2023)', method: null, areas: values.length }]
			}
		};
	}

	const totals = await queryRows<{ code: string; value: number; moe: number | null; kind: Kind; vintage: string; source: string; method: string | null }>(
		db,
		sql`SELECT * FROM ${bestEstimatesSql({ indicator: 'total_population', level })} t ORDER BY code`
	);
	const byCode = new Map(totals.map((t) => [t.code, t]));
	const methods = new Map(base.sources.map((s) => [`${s.kind}|${s.vintage}|${s.source}`, s.method]));
	const numeratorMethod = new Map<IndicatorValue, string | null>();
	const denominators: IndicatorValue[] = [];
	const values = base.values.flatMap((v) => {
		const t = byCode.get(v.code);
		const d = t ? Number(t.value) : 0;
		if (!t || !(d > 0)) return [];
		denominators.push({ ...t, value: d, moe: t.moe === null ? null : Number(t.moe) });
		const share: IndicatorValue = {
			...v,
			value: v.value / d,
			moe: shareMoe(v.value, v.moe, d, t.moe === null ? null : Number(t.moe)),
			kind: weaker(v.kind, t.kind),
			vintage: v.vintage === t.vintage ? v.vintage : `${v.vintage} / ${t.vintage}`,
			source: v.source === t.source ? v.source : `${v.source} / ${t.source}`
		};
		numeratorMethod.set(share, methods.get(`${v.kind}|${v.vintage}|${v.source}`) ?? null);
		return [share];
	});
	const denominatorMethods = new Map(totals.map((t) => [`${t.kind}|${t.vintage}|${t.source}`, t.method]));
	return {
		...base,
		values,
		sources: sourcesOf(values, (v) => {
			const m = numeratorMethod.get(v);
			return `${m ? `${m}; ` : ''}divided by the area's total population`;
		}),
		measure,
		...UNITS.share,
		denominator: {
			what: 'total_population of the same area (best figure: measured over modelled over demo); areas where it is 0 or missing are left out',
			sources: sourcesOf(denominators, (v) => denominatorMethods.get(`${v.kind}|${v.vintage}|${v.source}`) ?? null)
		}
	};
}
