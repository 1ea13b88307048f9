/**
 * The program's service records, filtered (period, channel, service type, provider type, group,
 * office) and summed by office, county, month, service type, channel, group or partner. Every
 * view that shows people served reads it, so the map, the report, the partner view and their
 * exports agree.
 *
 * Which records count: for each office, its measured (imported) records when it has any, else its
 * demo records, so real data replaces demo data office by office and the two are never added up.
 *
 * Where a record happened: at its partner's site, or at the office for the office's own records.
 * A county's figures are those of the sites inside it.
 *
 * Small cells: people counts under 11 are public as "< 11" only (METHODS.md), so rows carry
 * `people: null, suppressed: true` and their services are withheld too (they would bound the count).
 */
import { sql, type SQL } from 'drizzle-orm';
import { SMALL_CELL_MIN } from '../../analysis/penetration';
import { GROUPS, NO_FILTERS, type Group, type ServiceFilters } from '../../filters';
import { cached } from '../cache';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import type { TargetGroup } from './analysis-inputs';
import { bestEstimatesSql, type Kind } from './indicators';
import { assignmentsOnSql } from './jurisdictions';

export const SUMMARY_DIMENSIONS = ['total', 'office', 'county', 'month', 'service', 'channel', 'group', 'partner', 'provider'] as const;
export type SummaryDimension = (typeof SUMMARY_DIMENSIONS)[number];

export interface ServiceRow {
	/** Office id, county FIPS, 'YYYY-MM', service type, channel, group, partner id or provider type. */
	key: string;
	/** People served (of the chosen group); null when suppressed. */
	people: number | null;
	/** Services delivered (all groups); null when suppressed. */
	services: number | null;
	/** True when fewer than 11 people: the counts are withheld. */
	suppressed: boolean;
}

export interface ServiceSummary {
	by: SummaryDimension;
	filters: ServiceFilters;
	rows: ServiceRow[];
	/** The whole selection; suppressed like any row. */
	total: ServiceRow;
	/** First and last month with records in the selection ('YYYY-MM'), null when it is empty. */
	period: { first: string | null; last: string | null };
	/** Kinds and sources of the records summed, with how many records each. */
	sources: { kind: Kind; source: string; records: number }[];
}

/** Column of people for a group (or everyone). */
function peopleColumn(group: Group | null): SQL {
	if (group === null) return sql.raw('r.people_served');
	if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`unknown group ${group}`);
	return sql.raw(`coalesce(r.${group}, 0)`);
}

/** WHERE clause over service_records r LEFT JOIN partners p, for the filters and the kind preference. */
export function recordFilterSql(f: ServiceFilters): SQL {
	const parts: SQL[] = [
		sql`r.kind = CASE WHEN r.consulate_id IN (SELECT DISTINCT consulate_id FROM service_records WHERE kind = 'measured') THEN 'measured'::data_kind ELSE 'demo'::data_kind END`
	];
	if (f.from) parts.push(sql`r.month >= ${`${f.from}-01`}::date`);
	if (f.to) parts.push(sql`r.month <= ${`${f.to}-01`}::date`);
	if (f.channels.length > 0) parts.push(sql`r.channel::text IN (${sql.join(f.channels.map((c) => sql`${c}`), sql`, `)})`);
	if (f.serviceTypes.length > 0) parts.push(sql`r.service_type::text IN (${sql.join(f.serviceTypes.map((c) => sql`${c}`), sql`, `)})`);
	if (f.providerTypes.length > 0) {
		const types = f.providerTypes.filter((t) => t !== 'office');
		const either: SQL[] = [];
		if (types.length > 0) either.push(sql`p.type::text IN (${sql.join(types.map((c) => sql`${c}`), sql`, `)})`);
		if (f.providerTypes.includes('office')) either.push(sql`r.partner_id IS NULL`);
		parts.push(sql`(${sql.join(either, sql` OR `)})`);
	}
	if (f.office) parts.push(sql`r.consulate_id = ${f.office}`);
	return sql.join(parts, sql` AND `);
}

/** The public form of a row: counts under 11 people withheld. */
export function publicRow(key: string, people: number, services: number): ServiceRow {
	const suppressed = people < SMALL_CELL_MIN;
	return { key, people: suppressed ? null : people, services: suppressed ? null : services, suppressed };
}

/** County FIPS of every partner site and office: the county polygon containing it, else the nearest. */
export function siteCounties(db: Db): Promise<{ partners: Map<number, string>; offices: Map<string, string> }> {
	return cached(db, 'site-counties', async () => {
		const nearestCounty = (geom: SQL) =>
			sql`(SELECT a.code FROM areas a WHERE a.level = 'county' AND a.geom IS NOT NULL ORDER BY a.geom <-> ${geom}, a.code LIMIT 1)`;
		const partners = await queryRows<{ id: number; county: string | null }>(
			db,
			sql`SELECT p.id, ${nearestCounty(sql`p.geom`)} AS county FROM partners p`
		);
		const offices = await queryRows<{ id: string; county: string | null }>(
			db,
			sql`SELECT c.id, ${nearestCounty(sql`c.geom`)} AS county FROM consulates c`
		);
		return {
			partners: new Map(partners.filter((r) => r.county).map((r) => [r.id, r.county!])),
			offices: new Map(offices.filter((r) => r.county).map((r) => [r.id, r.county!]))
		};
	});
}

interface Raw {
	key: string;
	people: number;
	services: number;
}

function sum(rows: Raw[], keyOf: (r: Raw) => string | undefined): Raw[] {
	const out = new Map<string, Raw>();
	for (const r of rows) {
		const key = keyOf(r);
		if (key === undefined) continue;
		const acc = out.get(key) ?? { key, people: 0, services: 0 };
		acc.people += r.people;
		acc.services += r.services;
		out.set(key, acc);
	}
	return [...out.values()];
}

async function rawRows(db: Db, f: ServiceFilters, by: SummaryDimension): Promise<Raw[]> {
	const where = recordFilterSql(f);
	const people = peopleColumn(f.group);
	const from = sql`service_records r LEFT JOIN partners p ON p.id = r.partner_id`;
	const grouped = (key: SQL) =>
		queryRows<Raw>(
			db,
			sql`SELECT ${key} AS key, sum(${people})::float8 AS people, sum(r.services_delivered)::float8 AS services
				FROM ${from} WHERE ${where} GROUP BY 1 ORDER BY 1`
		);
	if (by === 'group') {
		const cols = GROUPS.map((g) => sql`sum(coalesce(r.${sql.raw(g)}, 0))::float8 AS ${sql.raw(g)}`);
		const [row] = await queryRows<Record<Group, number | null>>(db, sql`SELECT ${sql.join(cols, sql`, `)} FROM ${from} WHERE ${where}`);
		// Services are not recorded by group, so group rows carry people only.
		return GROUPS.map((g) => ({ key: g, people: Number(row?.[g] ?? 0), services: 0 }));
	}
	if (by === 'county') {
		const sites = await grouped(sql`coalesce(r.partner_id::text, 'office:' || r.consulate_id)`);
		const counties = await siteCounties(db);
		return sum(sites, (r) =>
			r.key.startsWith('office:') ? counties.offices.get(r.key.slice(7)) : counties.partners.get(Number(r.key))
		);
	}
	const key: Record<Exclude<SummaryDimension, 'group' | 'county'>, SQL> = {
		total: sql`'total'`,
		office: sql`r.consulate_id`,
		month: sql`to_char(r.month, 'YYYY-MM')`,
		service: sql`r.service_type::text`,
		channel: sql`r.channel::text`,
		partner: sql`r.partner_id::text`,
		provider: sql`coalesce(p.type::text, 'office')`
	};
	const rows = await grouped(key[by]);
	return by === 'partner' ? rows.filter((r) => r.key !== null) : rows;
}

/** Records summed by `by` under the filters, with small cells withheld. */
export function serviceSummary(db: Db, options: { by: SummaryDimension; filters?: ServiceFilters }): Promise<ServiceSummary> {
	const f = options.filters ?? NO_FILTERS;
	return cached(db, `services:${options.by}:${JSON.stringify(f)}`, async () => {
		const where = recordFilterSql(f);
		const [raw, [meta], sources] = await Promise.all([
			rawRows(db, f, options.by),
			queryRows<{ first: string | null; last: string | null; people: number | null; services: number | null }>(
				db,
				sql`SELECT to_char(min(r.month), 'YYYY-MM') AS first, to_char(max(r.month), 'YYYY-MM') AS last,
					sum(${peopleColumn(f.group)})::float8 AS people, sum(r.services_delivered)::float8 AS services
					FROM service_records r LEFT JOIN partners p ON p.id = r.partner_id WHERE ${where}`
			),
			queryRows<{ kind: Kind; source: string; records: number }>(
				db,
				sql`SELECT r.kind, r.source, count(*)::int AS records FROM service_records r LEFT JOIN partners p ON p.id = r.partner_id
					WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`
			)
		]);
		const rows = raw.map((r) => {
			const row = publicRow(String(r.key), Number(r.people), Number(r.services));
			return options.by === 'group' ? { ...row, services: null } : row;
		});
		return {
			by: options.by,
			filters: f,
			rows,
			total: publicRow('total', Number(meta?.people ?? 0), Number(meta?.services ?? 0)),
			period: { first: meta?.first ?? null, last: meta?.last ?? null },
			sources
		};
	});
}

export interface OfficePenetration {
	office: string;
	/** People served under the filters; null when suppressed. */
	people: number | null;
	suppressed: boolean;
	/** Target population of the office's jurisdiction today. */
	population: number | null;
	/** People served per 1,000 target residents; null when suppressed or no population. */
	per1000: number | null;
	/** Rank among the offices with a rate, 1 = highest; null without a rate. */
	rank: number | null;
}

/**
 * People served per 1,000 target residents of each office's jurisdiction (today's counties),
 * under the filters, with the rank among the offices (1 = most served per resident).
 */
export async function officePenetration(
	db: Db,
	options: { filters?: ServiceFilters; target: TargetGroup }
): Promise<{ rows: OfficePenetration[]; populationSources: { kind: Kind; vintage: string; source: string }[] }> {
	const filters = { ...(options.filters ?? NO_FILTERS), office: null };
	return cached(db, `office-penetration:${options.target}:${JSON.stringify(filters)}`, async () => {
		const [summary, population, sources] = await Promise.all([
			serviceSummary(db, { by: 'office', filters }),
			queryRows<{ office: string; people: number | null }>(
				db,
				sql`SELECT c.id AS office, sum(e.value)::float8 AS people FROM consulates c
					LEFT JOIN ${assignmentsOnSql()} a ON a.consulate_id = c.id
					LEFT JOIN ${bestEstimatesSql({ indicator: options.target, level: 'county' })} e ON e.code = a.county_fips
					GROUP BY c.id ORDER BY c.id`
			),
			queryRows<{ kind: Kind; vintage: string; source: string }>(
				db,
				sql`SELECT DISTINCT kind, vintage, source FROM ${bestEstimatesSql({ indicator: options.target, level: 'county' })} e ORDER BY 1, 2, 3`
			)
		]);
		const served = new Map(summary.rows.map((r) => [r.key, r]));
		const rows: OfficePenetration[] = population.map((p) => {
			const s = served.get(p.office);
			const pop = p.people === null ? null : Number(p.people);
			const suppressed = !s || s.suppressed;
			const per1000 = suppressed || !pop ? null : (s!.people! / pop) * 1000;
			return { office: p.office, people: s?.people ?? null, suppressed, population: pop, per1000, rank: null };
		});
		const ranked = rows.filter((r) => r.per1000 !== null).sort((a, b) => b.per1000! - a.per1000!);
		ranked.forEach((r, i) => (r.rank = i + 1));
		return { rows, populationSources: sources };
	});
}
