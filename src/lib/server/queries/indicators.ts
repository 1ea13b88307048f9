/**
 * Per-area values of a population indicator, choosing for each area the best figure available:
 * measured over modelled over demo, then the newest vintage.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import { indicator as indicatorEnum } from '../db/schema';

export type Indicator = (typeof indicatorEnum.enumValues)[number];
export type Level = 'state' | 'county' | 'zcta' | 'tract';
export type Kind = 'measured' | 'modelled' | 'demo';

export const INDICATORS = indicatorEnum.enumValues;

export interface IndicatorValue {
	code: string;
	value: number;
	moe: number | null;
	kind: Kind;
	vintage: string;
	source: string;
}

export interface IndicatorSource {
	kind: Kind;
	vintage: string;
	source: string;
	method: string | null;
	areas: number;
}

export interface IndicatorValues {
	indicator: Indicator;
	level: Level;
	values: IndicatorValue[];
	/** Where the values come from, one entry per distinct source, with how many areas each gives. */
	sources: IndicatorSource[];
}

export function isIndicator(s: string): s is Indicator {
	return (INDICATORS as readonly string[]).includes(s);
}

/**
 * A subquery (code, value, moe, kind, vintage, source, method) with the best figure per area of
 * `level` for `indicator`: measured over modelled over demo, then the newest vintage.
 */
export function bestEstimatesSql(options: { indicator: Indicator; level: Level }): SQL {
	return sql`(SELECT DISTINCT ON (code) code, value, moe, kind, vintage, source, method
		FROM population_estimates
		WHERE level = ${options.level} AND indicator = ${options.indicator}
		ORDER BY code, CASE kind WHEN 'measured' THEN 0 WHEN 'modelled' THEN 1 ELSE 2 END, vintage DESC)`;
}

/** One value per area of `level` for `indicator`; areas with no figure are absent (no data, not zero). */
export async function indicatorValues(db: Db, options: { indicator: Indicator; level: Level }): Promise<IndicatorValues> {
	const rows = await queryRows<IndicatorValue & { method: string | null }>(
		db,
		sql`SELECT * FROM ${bestEstimatesSql(options)} best ORDER BY code`
	);
	const sources = new Map<string, IndicatorSource>();
	const values = rows.map(({ method, ...r }) => {
		const key = `${r.kind}|${r.vintage}|${r.source}`;
		const s = sources.get(key) ?? { kind: r.kind, vintage: r.vintage, source: r.source, method, areas: 0 };
		s.areas++;
		sources.set(key, s);
		return { ...r, value: Number(r.value), moe: r.moe === null ? null : Number(r.moe) };
	});
	return { ...options, values, sources: [...sources.values()] };
}
