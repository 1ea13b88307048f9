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
 * A breakdown is published with its total, so further cells are withheld where total minus the
 * cells shown would give a small cell away (complementary suppression, analysis/suppression.ts):
 * those rows carry `suppressed: true, secondary: true`. The tables are protected together with the
 * office totals, which are published beside every breakdown (the office table, the report, the
 * office filter): each office's breakdown against its total, the network's breakdown against the
 * network total, and the two views agree, so a county withheld in its office's map is withheld in
 * the national map too. People of women and men add up to everyone, so those three office tables
 * are protected together as well.
 */
import { sql, type SQL } from 'drizzle-orm';
import { isSmallCell, suppressLinked, type CellStatus, type SuppressionLine } from '../../analysis/suppression';
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
	/** True when the counts are withheld: fewer than 11 people, or `secondary`. */
	suppressed: boolean;
	/**
	 * True when the row holds 11 people or more and is withheld only so that a small cell cannot be
	 * worked out from the total (complementary suppression): shown as "withheld", never as "< 11".
	 */
	secondary: boolean;
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

/**
 * The public form of a row: its counts withheld unless `status` is 'shown'. The status defaults to
 * the small-cell rule alone (fewer than 11 people withheld), for a figure published on its own.
 */
export function publicRow(key: string, people: number, services: number, status: CellStatus = isSmallCell(people) ? 'small' : 'shown'): ServiceRow {
	const suppressed = status !== 'shown';
	return { key, people: suppressed ? null : people, services: suppressed ? null : services, suppressed, secondary: status === 'secondary' };
}

/** The status a published row shows: 'shown', 'small' or 'secondary'. */
export function statusOf(row: ServiceRow): CellStatus {
	return !row.suppressed ? 'shown' : row.secondary ? 'secondary' : 'small';
}

/**
 * A breakdown's public rows under a total that is published as `total` (a public row): every row
 * withheld when the total is (they would add up to it), else small cells and their complementary
 * cells withheld (suppressBreakdown). For breakdowns with no other table to agree with: an area's
 * or a partner's months and service types.
 */
export function breakdownRows(raw: readonly { key: string; people: number; services: number }[], total: ServiceRow): ServiceRow[] {
	const status: CellStatus[] = total.suppressed
		? raw.map((r) => (isSmallCell(r.people) ? 'small' : 'secondary'))
		: statusesOf(raw, [{ total: null, parts: raw.map((r) => r.key) }]);
	return raw.map((r, i) => publicRow(r.key, r.people, r.services, status[i]));
}

function statusesOf(raw: readonly { key: string; people: number }[], lines: SuppressionLine[]): CellStatus[] {
	const status = suppressLinked(raw.map((r) => ({ key: r.key, people: r.people })), lines);
	return raw.map((r) => status.get(r.key)!);
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

/** How a record is keyed in a breakdown by `by` (undefined: the record has no such key, e.g. an office's own record by partner). */
async function keyFunction(db: Db, t: RecordTable, by: Exclude<SummaryDimension, 'total' | 'office' | 'group'>): Promise<(i: number) => string | undefined> {
	if (by === 'county') {
		const counties = await siteCounties(db);
		return (i) => (t.partner[i] === -1 ? counties.offices.get(t.offices[t.office[i]]) : counties.partners.get(t.partner[i]));
	}
	const keys: Record<Exclude<SummaryDimension, 'total' | 'office' | 'group' | 'county'>, (i: number) => string | undefined> = {
		month: (i) => t.months[t.month[i]],
		service: (i) => SERVICE_TYPES[t.service[i]],
		channel: (i) => CHANNELS[t.channel[i]],
		partner: (i) => (t.partner[i] === -1 ? undefined : String(t.partner[i])),
		provider: (i) => PROVIDER_TYPES[t.provider[i]]
	};
	return keys[by];
}

/** Everyone ('all') or one group. */
type GroupKey = 'all' | Group;
/** The office key of the whole network in the office tables. */
const NETWORK = '*';

interface Cell {
	people: number;
	services: number;
	status: CellStatus;
}

interface OfficeTables {
	/** `${group}|${office}` (office NETWORK = the whole network) -> people of the group, services of everyone, status. */
	cells: Map<string, Cell>;
	/** Offices with records under the filters, in key order. */
	offices: string[];
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * People by office and in the network, for everyone and for each group, under the filters other
 * than office and group, with the status each figure is published with. Lines: for each group, the
 * offices against the network; for each office and the network, women and men against everyone
 * (they add up to everyone in the demo data and to at most everyone in imports).
 */
function officeTables(db: Db, t: RecordTable, f: ServiceFilters): Promise<OfficeTables> {
	const base: ServiceFilters = { ...f, office: null, group: null };
	return cached(db, `service-office-tables:${JSON.stringify(base)}`, async () => {
		const groups: GroupKey[] = ['all', ...GROUPS];
		const people = new Map<string, number>();
		const services = new Map<string, number>();
		const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
		for (const i of selected(t, base)) {
			for (const where of [t.offices[t.office[i]], NETWORK]) {
				add(services, where, t.services[i]);
				add(people, `all|${where}`, t.people[i]);
				GROUPS.forEach((g, j) => add(people, `${g}|${where}`, t.groups[j][i]));
			}
		}
		const offices = [...services.keys()].filter((o) => o !== NETWORK).sort(byKey);
		const places = [...offices, NETWORK];
		const keys = groups.flatMap((g) => places.map((o) => `${g}|${o}`));
		const lines: SuppressionLine[] = [
			...groups.map((g) => ({ total: `${g}|${NETWORK}`, parts: offices.map((o) => `${g}|${o}`) })),
			...places.map((o) => ({ total: `all|${o}`, parts: [`women|${o}`, `men|${o}`] }))
		];
		const status = suppressLinked(keys.map((key) => ({ key, people: people.get(key) ?? 0 })), lines);
		const cells = new Map(
			keys.map((key) => [key, { people: people.get(key) ?? 0, services: services.get(key.slice(key.indexOf('|') + 1)) ?? 0, status: status.get(key)! }])
		);
		return { cells, offices };
	});
}

interface DimensionTable {
	/** The network's rows, in key order. */
	network: (Raw & { status: CellStatus })[];
	/** Each office's rows, in key order. */
	byOffice: Map<string, (Raw & { status: CellStatus })[]>;
}

/**
 * People and services by `by` for the network and for each office, under the filters other than
 * office, with the status each figure is published with. Lines: each office's rows against its
 * total (settled in officeTables), the network's rows against the network total, and each key's
 * offices against the key's network row (a month, a service type... shared by several offices).
 * A key with one office is one figure in both views. Records without a key (an office's own
 * records by partner, a site without a county) are in the totals and in no row: they are treated
 * as known to the reader, which only makes the protection stricter.
 */
function dimensionTable(db: Db, t: RecordTable, by: Exclude<SummaryDimension, 'total' | 'office' | 'group'>, f: ServiceFilters): Promise<DimensionTable> {
	const base: ServiceFilters = { ...f, office: null };
	return cached(db, `service-dimension:${by}:${JSON.stringify(base)}`, async () => {
		const [keyOf, offices] = await Promise.all([keyFunction(db, t, by), officeTables(db, t, base)]);
		const people = base.group === null ? t.people : t.groups[GROUP_INDEX[base.group]];
		const group: GroupKey = base.group ?? 'all';
		// key -> office -> sums
		const inner = new Map<string, Map<string, { people: number; services: number }>>();
		for (const i of selected(t, base)) {
			const key = keyOf(i);
			if (key === undefined) continue;
			const office = t.offices[t.office[i]];
			let row = inner.get(key);
			if (!row) inner.set(key, (row = new Map()));
			let acc = row.get(office);
			if (!acc) row.set(office, (acc = { people: 0, services: 0 }));
			acc.people += people[i];
			acc.services += t.services[i];
		}
		const keys = [...inner.keys()].sort(byKey);
		const cellKey = (key: string, office: string) => (inner.get(key)!.size === 1 ? `k|${key}` : `i|${key}|${office}`);
		const cells: { key: string; people: number }[] = [];
		const fixed = new Map<string, CellStatus>();
		const total = (office: string) => offices.cells.get(`${group}|${office}`)!;
		for (const o of [...offices.offices, NETWORK]) {
			cells.push({ key: `o|${o}`, people: total(o).people });
			fixed.set(`o|${o}`, total(o).status);
		}
		const partsOf = new Map<string, string[]>(offices.offices.map((o) => [o, []]));
		const lines: SuppressionLine[] = [];
		for (const key of keys) {
			const row = inner.get(key)!;
			let sum = 0;
			for (const [office, v] of row) {
				sum += v.people;
				if (row.size > 1) cells.push({ key: cellKey(key, office), people: v.people });
				partsOf.get(office)!.push(cellKey(key, office));
			}
			cells.push({ key: `k|${key}`, people: sum });
			if (row.size > 1) lines.push({ total: `k|${key}`, parts: [...row.keys()].map((o) => cellKey(key, o)) });
		}
		for (const [office, parts] of partsOf) lines.push({ total: `o|${office}`, parts });
		lines.push({ total: `o|${NETWORK}`, parts: keys.map((k) => `k|${k}`) });
		const status = suppressLinked(cells, lines, { fixed });

		const network = keys.map((key) => {
			let sum = { people: 0, services: 0 };
			for (const v of inner.get(key)!.values()) sum = { people: sum.people + v.people, services: sum.services + v.services };
			return { key, ...sum, status: status.get(`k|${key}`)! };
		});
		const byOffice = new Map<string, (Raw & { status: CellStatus })[]>();
		for (const key of keys) {
			for (const [office, v] of inner.get(key)!) {
				if (!byOffice.has(office)) byOffice.set(office, []);
				byOffice.get(office)!.push({ key, ...v, status: status.get(cellKey(key, office))! });
			}
		}
		return { network, byOffice };
	});
}

/** Records summed by `by` under the filters, with small cells and their complementary cells withheld. */
export function serviceSummary(db: Db, options: { by: SummaryDimension; filters?: ServiceFilters }): Promise<ServiceSummary> {
	const f = options.filters ?? NO_FILTERS;
	return cached(db, `services:${options.by}:${JSON.stringify(f)}`, async () => {
		const t = await recordTable(db);
		const rows = selected(t, f);
		let first = Infinity;
		let last = -Infinity;
		const bySource = new Map<string, { kind: Kind; source: string; records: number }>();
		for (const i of rows) {
			const m = t.months[t.month[i]];
			if (first === Infinity || m < t.months[first]) first = t.month[i];
			if (last === -Infinity || m > t.months[last]) last = t.month[i];
			const key = `${t.kind[i]}|${t.source[i]}`;
			const s = bySource.get(key) ?? { kind: KINDS[t.kind[i]], source: t.sources[t.source[i]], records: 0 };
			s.records++;
			bySource.set(key, s);
		}
		const sources = [...bySource.values()].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.source.localeCompare(b.source));

		const offices = await officeTables(db, t, f);
		const where = f.office ?? NETWORK;
		const group: GroupKey = f.group ?? 'all';
		const row = (key: string, cellKey: string) => {
			const c = offices.cells.get(cellKey);
			return c ? publicRow(key, c.people, c.services, c.status) : publicRow(key, 0, 0);
		};
		const total = row('total', `${group}|${where}`);
		let out: ServiceRow[];
		if (options.by === 'total') out = rows.length > 0 ? [total] : [];
		else if (options.by === 'office') out = offices.offices.filter((o) => f.office === null || o === f.office).map((o) => row(o, `${group}|${o}`));
		else if (options.by === 'group') out = GROUPS.map((g) => ({ ...row(g, `${g}|${where}`), services: null }));
		else {
			const table = await dimensionTable(db, t, options.by, f);
			const raw = f.office === null ? table.network : (table.byOffice.get(f.office) ?? []);
			out = raw.map((r) => publicRow(r.key, r.people, r.services, r.status));
		}
		return {
			by: options.by,
			filters: f,
			rows: out,
			total,
			period: { first: rows.length ? t.months[first] : null, last: rows.length ? t.months[last] : null },
			sources
		};
	});
}

export interface OfficePenetration {
	office: string;
	/** People served under the filters; null when suppressed. */
	people: number | null;
	/** Withheld: fewer than 11 people (or no records), or `secondary`. */
	suppressed: boolean;
	/** Withheld so that a small office cannot be worked out from the network total (11 people or more). */
	secondary: boolean;
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
			return { office: p.office, people: s?.people ?? null, suppressed, secondary: s?.secondary ?? false, population: pop, per1000, rank: null };
		});
		const ranked = rows.filter((r) => r.per1000 !== null).sort((a, b) => b.per1000! - a.per1000!);
		ranked.forEach((r, i) => (r.rank = i + 1));
		return { rows, populationSources: sources };
	});
}
