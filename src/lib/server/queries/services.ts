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
import { CHANNELS, GROUPS, NO_FILTERS, PROVIDER_TYPES, SERVICE_TYPES, type Group, type ServiceFilters } from '../../filters';
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

/**
 * WHERE clause over service_records r LEFT JOIN partners p, for the filters and the kind preference:
 * the same selection as the in-memory summaries below, for queries that join records to other tables.
 */
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

const KINDS: Kind[] = ['measured', 'modelled', 'demo'];
const GROUP_INDEX = Object.fromEntries(GROUPS.map((g, i) => [g, i])) as Record<Group, number>;

/**
 * Every service record, column by column, read once per data version: filtering and summing
 * 130,000 records in memory takes a few milliseconds, where each SQL pass took 50-150 ms on PGlite,
 * and a filter change asks for several summaries at once.
 */
interface RecordTable {
	n: number;
	months: string[];
	month: Uint16Array;
	offices: string[];
	office: Uint16Array;
	/** Partner id, or -1 for the office's own records. */
	partner: Int32Array;
	provider: Uint8Array;
	channel: Uint8Array;
	service: Uint8Array;
	kind: Uint8Array;
	sources: string[];
	source: Uint16Array;
	people: Float64Array;
	services: Float64Array;
	/** groups[g][i]: people of group g in record i (0 when not recorded). */
	groups: Float64Array[];
	/** Offices with measured records: only those count for them, demo ones for the others. */
	measuredOffices: Set<number>;
}

function indexer(values: string[]): (v: string) => number {
	const at = new Map<string, number>();
	return (v) => {
		let i = at.get(v);
		if (i === undefined) {
			i = values.length;
			values.push(v);
			at.set(v, i);
		}
		return i;
	};
}

function recordTable(db: Db): Promise<RecordTable> {
	return cached(db, 'service-record-table', async () => {
		const rows = await queryRows<{
			m: string;
			o: string;
			p: number | null;
			t: string;
			c: string;
			s: string;
			k: Kind;
			src: string;
			n: number;
			v: number;
			g0: number | null;
			g1: number | null;
			g2: number | null;
			g3: number | null;
			g4: number | null;
		}>(
			db,
			sql`SELECT to_char(r.month, 'YYYY-MM') AS m, r.consulate_id AS o, r.partner_id AS p, coalesce(p.type::text, 'office') AS t,
				r.channel::text AS c, r.service_type::text AS s, r.kind AS k, r.source AS src, r.people_served AS n, r.services_delivered AS v,
				${sql.join(GROUPS.map((g, i) => sql`r.${sql.raw(g)} AS ${sql.raw(`g${i}`)}`), sql`, `)}
				FROM service_records r LEFT JOIN partners p ON p.id = r.partner_id ORDER BY r.id`
		);
		const n = rows.length;
		const t: RecordTable = {
			n,
			months: [],
			month: new Uint16Array(n),
			offices: [],
			office: new Uint16Array(n),
			partner: new Int32Array(n),
			provider: new Uint8Array(n),
			channel: new Uint8Array(n),
			service: new Uint8Array(n),
			kind: new Uint8Array(n),
			sources: [],
			source: new Uint16Array(n),
			people: new Float64Array(n),
			services: new Float64Array(n),
			groups: GROUPS.map(() => new Float64Array(n)),
			measuredOffices: new Set()
		};
		const month = indexer(t.months);
		const office = indexer(t.offices);
		const source = indexer(t.sources);
		const enumIndex = (list: readonly string[], v: string) => list.indexOf(v);
		rows.forEach((r, i) => {
			t.month[i] = month(r.m);
			t.office[i] = office(r.o);
			t.partner[i] = r.p === null ? -1 : Number(r.p);
			t.provider[i] = enumIndex(PROVIDER_TYPES, r.t);
			t.channel[i] = enumIndex(CHANNELS, r.c);
			t.service[i] = enumIndex(SERVICE_TYPES, r.s);
			t.kind[i] = KINDS.indexOf(r.k);
			t.source[i] = source(r.src);
			t.people[i] = Number(r.n);
			t.services[i] = Number(r.v);
			const g = [r.g0, r.g1, r.g2, r.g3, r.g4];
			for (let j = 0; j < GROUPS.length; j++) t.groups[j][i] = g[j] === null ? 0 : Number(g[j]);
			if (r.k === 'measured') t.measuredOffices.add(t.office[i]);
		});
		return t;
	});
}

/** The indices of the records the filters select (the same rule as recordFilterSql). */
function selected(t: RecordTable, f: ServiceFilters): Uint32Array {
	const monthOk = t.months.map((m) => (!f.from || m >= f.from) && (!f.to || m <= f.to));
	const inList = (list: readonly string[], chosen: readonly string[]) => list.map((v) => chosen.length === 0 || chosen.includes(v));
	const channelOk = inList(CHANNELS, f.channels);
	const serviceOk = inList(SERVICE_TYPES, f.serviceTypes);
	const providerOk = inList(PROVIDER_TYPES, f.providerTypes);
	const office = f.office === null ? -2 : t.offices.indexOf(f.office);
	const measured = KINDS.indexOf('measured');
	const demo = KINDS.indexOf('demo');
	const out = new Uint32Array(t.n);
	let k = 0;
	for (let i = 0; i < t.n; i++) {
		if (office !== -2 && t.office[i] !== office) continue;
		if (t.kind[i] !== (t.measuredOffices.has(t.office[i]) ? measured : demo)) continue;
		if (!monthOk[t.month[i]] || !channelOk[t.channel[i]] || !serviceOk[t.service[i]] || !providerOk[t.provider[i]]) continue;
		out[k++] = i;
	}
	return out.subarray(0, k);
}

async function rawRows(db: Db, t: RecordTable, rows: Uint32Array, f: ServiceFilters, by: SummaryDimension): Promise<Raw[]> {
	const people = f.group === null ? t.people : t.groups[GROUP_INDEX[f.group]];
	if (by === 'group') {
		// Services are not recorded by group, so group rows carry people only.
		return GROUPS.map((g, j) => {
			let sum = 0;
			for (const i of rows) sum += t.groups[j][i];
			return { key: g, people: sum, services: 0 };
		});
	}
	let keyOf: (i: number) => string | undefined;
	if (by === 'county') {
		const counties = await siteCounties(db);
		keyOf = (i) => (t.partner[i] === -1 ? counties.offices.get(t.offices[t.office[i]]) : counties.partners.get(t.partner[i]));
	} else {
		const keys: Record<Exclude<SummaryDimension, 'group' | 'county'>, (i: number) => string | undefined> = {
			total: () => 'total',
			office: (i) => t.offices[t.office[i]],
			month: (i) => t.months[t.month[i]],
			service: (i) => SERVICE_TYPES[t.service[i]],
			channel: (i) => CHANNELS[t.channel[i]],
			partner: (i) => (t.partner[i] === -1 ? undefined : String(t.partner[i])),
			provider: (i) => PROVIDER_TYPES[t.provider[i]]
		};
		keyOf = keys[by];
	}
	const out = new Map<string, Raw>();
	for (const i of rows) {
		const key = keyOf(i);
		if (key === undefined) continue;
		let acc = out.get(key);
		if (!acc) out.set(key, (acc = { key, people: 0, services: 0 }));
		acc.people += people[i];
		acc.services += t.services[i];
	}
	return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Records summed by `by` under the filters, with small cells withheld. */
export function serviceSummary(db: Db, options: { by: SummaryDimension; filters?: ServiceFilters }): Promise<ServiceSummary> {
	const f = options.filters ?? NO_FILTERS;
	return cached(db, `services:${options.by}:${JSON.stringify(f)}`, async () => {
		const t = await recordTable(db);
		const rows = selected(t, f);
		const raw = await rawRows(db, t, rows, f, options.by);
		const people = f.group === null ? t.people : t.groups[GROUP_INDEX[f.group]];
		let totalPeople = 0;
		let totalServices = 0;
		let first = Infinity;
		let last = -Infinity;
		const bySource = new Map<string, { kind: Kind; source: string; records: number }>();
		for (const i of rows) {
			totalPeople += people[i];
			totalServices += t.services[i];
			const m = t.months[t.month[i]];
			if (first === Infinity || m < t.months[first]) first = t.month[i];
			if (last === -Infinity || m > t.months[last]) last = t.month[i];
			const key = `${t.kind[i]}|${t.source[i]}`;
			const s = bySource.get(key) ?? { kind: KINDS[t.kind[i]], source: t.sources[t.source[i]], records: 0 };
			s.records++;
			bySource.set(key, s);
		}
		const sources = [...bySource.values()].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.source.localeCompare(b.source));
		return {
			by: options.by,
			filters: f,
			rows: raw.map((r) => {
				const row = publicRow(r.key, r.people, r.services);
				return options.by === 'group' ? { ...row, services: null } : row;
			}),
			total: publicRow('total', totalPeople, totalServices),
			period: { first: rows.length ? t.months[first] : null, last: rows.length ? t.months[last] : null },
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
