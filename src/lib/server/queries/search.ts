/**
 * The map's search box: offices, counties, places, ZIP code areas and partners by name, city or
 * ZIP code, accent- and case-insensitive, best match first.
 *
 * Accents: PGlite is opened without the `unaccent` contrib module (db/client.ts loads PostGIS
 * only) and a PostgreSQL server may lack it, so names are folded in JS (NFD, marks dropped, lower
 * case), the same way on both drivers. The names are read once per data version and matched in
 * memory, so the query text never reaches SQL; the one query that takes user input (ZIP prefix,
 * digits only) binds it as a parameter with LIKE's wildcards escaped.
 */
import { sql, type SQL } from 'drizzle-orm';
import { common } from '../../i18n/common';
import { formatCount, translator, type Lang } from '../../i18n';
import { officeName, searchMessages } from '../../i18n/offices';
import { cached } from '../cache';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import { bestEstimatesSql } from './indicators';
import { assignmentsOnSql } from './jurisdictions';

export const SEARCH_KINDS = ['office', 'county', 'place', 'zcta', 'partner'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchResult {
	kind: SearchKind;
	/** Office slug, county FIPS, GeoNames id, ZCTA or partner id. */
	id: string;
	label: string;
	detail: string;
	lng: number;
	lat: number;
	/** [west, south, east, north] in degrees for areas with a polygon; null for points. */
	bbox: [number, number, number, number] | null;
}

export const SEARCH_MIN_CHARS = 2;
export const SEARCH_MAX_CHARS = 100;
export const SEARCH_LIMIT = 20;

/** A query the search cannot take (a 400). */
export class SearchInputError extends Error {}

/** Lower case without accents, whitespace collapsed: "  Peñasco " -> "penasco". */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Escapes LIKE's wildcards and its escape character, for use with ESCAPE '\'. */
export function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Words that say what kind of thing is sought rather than which one ("Consulado de México en
// San Diego", "Cook County"): left out when every remaining word must appear.
const STOP_WORDS = new Set(
	'consulado consulate consulates consular general de del of the mexico mexican en in seccion section embajada embassy county condado parish borough zip code codigo postal city ciudad'.split(' ')
);

/** Something the search can find by name, with everything its result needs. */
interface Entry {
	kind: SearchKind;
	id: string;
	/** Folded names a query may equal or start with (name, city, Spanish name...). */
	names: string[];
	/** Folded text every meaningful word of a query must appear in. */
	haystack: string;
	population: number | null;
	name: string;
	state: string;
	/** Office: city; county: office id; partner: type. */
	a: string | null;
	/** County: office's stored name; partner: city. */
	b: string | null;
	lng: number;
	lat: number;
	bbox: [number, number, number, number] | null;
}

/**
 * How well an entry matches: 0 a name equals the query, 1 a name starts with it, 2 a word of a
 * name starts with it, 3 every meaningful word of the query appears in the haystack, 9 none.
 */
function matchLevel(entry: Entry, folded: string, words: string[]): number {
	let level = 9;
	for (const name of entry.names) {
		if (name === folded) return 0;
		if (name.startsWith(folded)) level = Math.min(level, 1);
		else if (level > 2 && name.includes(` ${folded}`)) level = 2;
	}
	if (level === 9 && words.length > 0 && words.every((w) => entry.haystack.includes(w))) level = 3;
	return level;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Columns w, s, e, n, w360, e360 of `geom`'s box, for bboxOf. */
export function bboxColumnsSql(geom: SQL): SQL {
	return sql`ST_XMin(${geom}) AS w, ST_YMin(${geom}) AS s, ST_XMax(${geom}) AS e, ST_YMax(${geom}) AS n,
		CASE WHEN ST_XMax(${geom}) - ST_XMin(${geom}) > 180 THEN ST_XMin(ST_ShiftLongitude(${geom})) END AS w360,
		CASE WHEN ST_XMax(${geom}) - ST_XMin(${geom}) > 180 THEN ST_XMax(ST_ShiftLongitude(${geom})) END AS e360`;
}

/**
 * [w, s, e, n]; for a county that crosses the antimeridian (Aleutians West) the box is taken on
 * 0..360 longitudes so it stays narrow, and east may then exceed 180 (MapLibre accepts that).
 */
export function bboxOf(r: { w: number | null; s: number | null; e: number | null; n: number | null; w360: number | null; e360: number | null }): Entry['bbox'] {
	if (r.w === null || r.s === null || r.e === null || r.n === null) return null;
	let [w, e] = [Number(r.w), Number(r.e)];
	if (e - w > 180 && r.w360 !== null && r.e360 !== null) {
		w = Number(r.w360) > 180 ? Number(r.w360) - 360 : Number(r.w360);
		e = w + (Number(r.e360) - Number(r.w360));
	}
	return [w, Number(r.s), e, Number(r.n)];
}

/**
 * Every office, county, place and active partner with its folded names, read once per data
 * version (and day, for partners' active dates): matching ~21,000 names in JS takes a few
 * milliseconds, where folding them in SQL took about a second a query on PGlite. Exported so the
 * server can fill it at start.
 */
export function searchIndex(db: Db): Promise<Entry[]> {
	return cached(db, `search-index:${new Date().toISOString().slice(0, 10)}`, async () => {
		type R = Omit<Entry, 'names' | 'haystack' | 'bbox' | 'kind'> & { w: number | null; s: number | null; e: number | null; n: number | null; w360: number | null; e360: number | null };
		const [offices, counties, places, partners] = await Promise.all([
			queryRows<R>(db, sql`SELECT id, name, state, city AS a, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM consulates ORDER BY id`),
			queryRows<R>(
				db,
				sql`SELECT a.code AS id, a.name, a.state, t.value AS population, c.id AS a, c.name AS b,
					ST_X(a.point) AS lng, ST_Y(a.point) AS lat, ${bboxColumnsSql(sql`a.geom`)}
					FROM areas a LEFT JOIN ${bestEstimatesSql({ indicator: 'total_population', level: 'county' })} t ON t.code = a.code
					LEFT JOIN ${assignmentsOnSql()} cur ON cur.county_fips = a.code LEFT JOIN consulates c ON c.id = cur.consulate_id
					WHERE a.level = 'county' ORDER BY a.code`
			),
			queryRows<R>(db, sql`SELECT id::text AS id, name, state, population, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM places ORDER BY id`),
			queryRows<R>(
				db,
				sql`SELECT id::text AS id, name, coalesce(state, '') AS state, type::text AS a, city AS b, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM partners
					WHERE (active_from IS NULL OR active_from <= current_date) AND (active_to IS NULL OR active_to >= current_date) ORDER BY id`
			)
		]);
		const entry = (kind: SearchKind, r: R, names: string[], haystack: string): Entry => ({
			kind,
			id: String(r.id),
			names: [...new Set(names.map(fold))],
			haystack: fold(haystack),
			population: num(r.population),
			name: r.name,
			state: r.state,
			a: r.a ?? null,
			b: r.b ?? null,
			lng: Number(r.lng),
			lat: Number(r.lat),
			bbox: kind === 'county' ? bboxOf(r) : null
		});
		return [
			...offices.map((r) => entry('office', r, [r.name, `consulado de mexico en ${r.a}`, r.a ?? '', r.id], `${r.name} ${r.a} ${r.state} ${r.id}`)),
			...counties.map((r) => entry('county', r, [r.name], `${r.name} ${r.state}`)),
			...places.map((r) => entry('place', r, [r.name], `${r.name} ${r.state}`)),
			...partners.map((r) => entry('partner', r, [r.name], `${r.name} ${r.b ?? ''} ${r.state}`))
		];
	});
}

const KIND_ORDER: Record<SearchKind, number> = { office: 0, county: 1, place: 2, zcta: 3, partner: 4 };

/** ZCTAs whose code starts with `digits` (3 to 5 of them), with their total population. */
async function zctaEntries(db: Db, digits: string, limit: number): Promise<(Entry & { level: number })[]> {
	const rows = await queryRows<{ id: string; name: string; state: string; population: number | null; lng: number; lat: number }>(
		db,
		sql`SELECT a.code AS id, a.name, a.state, ST_X(a.point) AS lng, ST_Y(a.point) AS lat,
			(SELECT pe.value FROM population_estimates pe WHERE pe.level = 'zcta' AND pe.code = a.code AND pe.indicator = 'total_population'
				ORDER BY CASE pe.kind WHEN 'measured' THEN 0 WHEN 'modelled' THEN 1 ELSE 2 END, pe.vintage DESC LIMIT 1) AS population
			FROM areas a WHERE a.level = 'zcta' AND a.code LIKE ${`${escapeLike(digits)}%`} ESCAPE '\\'
			ORDER BY a.code = ${digits} DESC, population DESC NULLS LAST, a.code LIMIT ${limit}`
	);
	return rows.map((r) => ({
		kind: 'zcta',
		id: r.id,
		names: [r.id],
		haystack: r.id,
		population: num(r.population),
		name: r.name,
		state: r.state,
		a: null,
		b: null,
		lng: Number(r.lng),
		lat: Number(r.lat),
		bbox: null,
		level: r.id === digits ? 0 : 1
	}));
}

/**
 * Up to 20 offices, counties, places, ZIP code areas and partners matching `q`, best first:
 * exact and prefix matches before word and all-words matches, then offices, counties, places,
 * ZIP areas and partners in that order, then by population. Throws SearchInputError when `q`
 * is shorter than 2 or longer than 100 characters.
 */
export async function search(db: Db, options: { q: string; lang: Lang; limit?: number }): Promise<SearchResult[]> {
	const q = options.q.trim();
	const length = [...q].length;
	if (length < SEARCH_MIN_CHARS || length > SEARCH_MAX_CHARS) {
		throw new SearchInputError(`q: give ${SEARCH_MIN_CHARS} to ${SEARCH_MAX_CHARS} characters (a name, city or ZIP code); got ${length}`);
	}
	const limit = Math.max(1, Math.min(options.limit ?? SEARCH_LIMIT, SEARCH_LIMIT));
	const folded = fold(q);
	if (folded === '') return []; // only accents or marks: every name would start with ''
	const words = [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0 && !STOP_WORDS.has(w)))];
	const [index, zctas] = await Promise.all([searchIndex(db), /^\d{3,5}$/.test(q) ? zctaEntries(db, q, limit) : Promise.resolve([])]);
	const hits: (Entry & { level: number })[] = [...zctas];
	for (const entry of index) {
		const level = matchLevel(entry, folded, words);
		if (level < 9) hits.push({ ...entry, level });
	}
	hits.sort(
		(a, b) =>
			a.level - b.level ||
			KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
			(b.population ?? -1) - (a.population ?? -1) ||
			a.name.localeCompare(b.name) ||
			a.id.localeCompare(b.id)
	);
	return hits.slice(0, limit).map((e) => toResult(e, options.lang));
}

function toResult(e: Entry, lang: Lang): SearchResult {
	const t = translator(lang, searchMessages);
	const base = { kind: e.kind, id: e.id, lng: e.lng, lat: e.lat, bbox: e.bbox };
	switch (e.kind) {
		case 'office':
			return { ...base, label: officeName(lang, { id: e.id, name: e.name }), detail: `${t('search.office')} · ${e.a}, ${e.state}` };
		case 'county': {
			const office = e.a ? ` · ${officeName(lang, { id: e.a, name: e.b ?? '' })}` : '';
			return { ...base, label: `${e.name}, ${e.state}`, detail: `${t('search.county')}${office}` };
		}
		case 'place': {
			const people = e.population === null ? '' : ` · ${t('search.people', { n: formatCount(lang, e.population) })}`;
			return { ...base, label: `${e.name}, ${e.state}`, detail: `${t('search.place')}${people}` };
		}
		case 'zcta': {
			const city = e.name.startsWith(`${e.id} `) ? e.name.slice(e.id.length + 1) : e.name;
			return { ...base, label: e.id, detail: `${t('search.zcta')} · ${city}, ${e.state}` };
		}
		case 'partner': {
			const where = [e.b, e.state].filter(Boolean).join(', ');
			const type = translator(lang, common)(`partner.${e.a}`);
			return { ...base, label: e.name, detail: where ? `${type} · ${where}` : type };
		}
	}
}
