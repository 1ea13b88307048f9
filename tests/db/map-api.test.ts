/**
 * The national map's endpoints on both drivers: search, dissolved jurisdictions, area details,
 * indicator measures. The real offices, county boundaries and assignments are loaded (about 10 s;
 * the ZCTA, places, population and demo steps are skipped), and small hand-made fixtures stand in
 * for places, ZCTAs, figures, partners and service records so every expected number is worked out
 * here by hand.
 */
import { booleanPointInPolygon } from '@turf/turf';
import { sql } from 'drizzle-orm';
import type { MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows, type Db, type DbHandle } from '../../src/lib/server/db/client';
import { areas, importBatches, partners, places, populationEstimates, serviceRecords, zctaCounties } from '../../src/lib/server/db/schema';
import { parseFilters } from '../../src/lib/filters';
import { countyNeedIndex } from '../../src/lib/server/analysis/service';
import { correctAssignment } from '../../src/lib/server/load/assignments';
import { AreaInputError, areaDetails } from '../../src/lib/server/queries/area-details';
import { jurisdictionShapes } from '../../src/lib/server/queries/jurisdiction-shapes';
import { assignmentsOnSql } from '../../src/lib/server/queries/jurisdictions';
import { indicatorMeasure, MeasureError } from '../../src/lib/server/queries/measures';
import { search, SearchInputError } from '../../src/lib/server/queries/search';
import { drivers, freshDb } from '../support/db';
import { loadGeography } from '../support/fixtures';

// The routes read the database through getDb(); point it at the test's database.
const current = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('$lib/server/db', () => ({ getDb: async () => current.db }));
const { GET: searchRoute } = await import('../../src/routes/api/search/+server');
const { GET: areaRoute } = await import('../../src/routes/api/areas/[code]/+server');
const { GET: jurisdictionsRoute } = await import('../../src/routes/api/geo/jurisdictions.json/+server');
const { GET: indicatorRoute } = await import('../../src/routes/api/indicators/[indicator]/+server');

/** Calls a route handler as SvelteKit would; returns its Response or the status of the error it threw. */
async function call(
	handler: (event: never) => Response | Promise<Response>,
	path: string,
	options: { params?: Record<string, string>; headers?: Record<string, string> } = {}
): Promise<{ status: number; response?: Response; message?: string }> {
	const url = new URL(path, 'http://localhost');
	const event = { url, params: options.params ?? {}, request: new Request(url, { headers: options.headers }), locals: { lang: 'en' } };
	try {
		const response = await handler(event as never);
		return { status: response.status, response };
	} catch (e) {
		const err = e as { status?: number; body?: { message: string } };
		if (typeof err.status !== 'number') throw e;
		return { status: err.status, message: err.body?.message };
	}
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
	return queryRows<T>(db, query);
}


const FIXTURE = { kind: 'measured' as 'measured' | 'modelled', vintage: '2024 fixture', source: 'map-api test fixture' };

/** Places, ZCTAs, county figures, partners and service records, small enough to sum by hand. */
async function loadFixtures(db: Db): Promise<{ sdPartner: number; cookPartner: number; closedPartner: number }> {
	await db.insert(places).values([
		{ id: 1, name: 'San Diego', state: 'CA', population: 1_394_928, geom: { lng: -117.1647, lat: 32.7157 } },
		{ id: 2, name: 'San Diego', state: 'TX', population: 4_368, geom: { lng: -98.2386, lat: 27.7639 } },
		{ id: 3, name: 'San Diego Country Estates', state: 'CA', population: 10_109, geom: { lng: -116.8, lat: 33.0 } },
		{ id: 4, name: 'Rancho San Diego', state: 'CA', population: 21_208, geom: { lng: -116.93, lat: 32.75 } },
		{ id: 5, name: 'Peñasco', state: 'NM', population: 589, geom: { lng: -105.68, lat: 36.17 } },
		{ id: 6, name: 'Chicago', state: 'IL', population: 2_720_546, geom: { lng: -87.65, lat: 41.85 } }
	]);
	const zcta = (code: string, city: string, state: string, stateFips: string, lng: number, lat: number) => ({
		level: 'zcta' as const,
		code,
		name: `${code} ${city}`,
		state,
		stateFips,
		point: { lng, lat }
	});
	await db.insert(areas).values([
		zcta('75010', 'Carrollton', 'TX', '48', -96.87, 33.03),
		zcta('75013', 'Allen', 'TX', '48', -96.69, 33.11),
		zcta('75019', 'Coppell', 'TX', '48', -96.98, 32.96),
		zcta('92101', 'San Diego', 'CA', '06', -117.155, 32.72)
	]);
	await db.insert(zctaCounties).values({ zcta: '92101', countyFips: '06073', weightPct: 100 });
	const figure = (level: 'county' | 'zcta', code: string, indicator: 'total_population' | 'mexican_origin', value: number, kind = FIXTURE.kind) => ({
		level,
		code,
		indicator,
		value,
		...FIXTURE,
		kind
	});
	await db.insert(populationEstimates).values([
		figure('zcta', '75010', 'total_population', 56_000),
		figure('zcta', '75013', 'total_population', 100_000),
		figure('zcta', '75019', 'total_population', 42_000),
		figure('zcta', '92101', 'total_population', 46_025),
		figure('county', '17031', 'total_population', 5_100_000),
		figure('county', '13075', 'total_population', 17_000),
		figure('county', '27031', 'total_population', 5_600),
		figure('county', '06073', 'total_population', 3_300_000),
		// A measured and a modelled figure for the same county: the measured one must win.
		figure('county', '06073', 'mexican_origin', 1_100_000),
		figure('county', '06073', 'mexican_origin', 1_000_000, 'modelled'),
		figure('county', '17031', 'mexican_origin', 1_250_000)
	]);
	const partner = (key: string, name: string, consulateId: string, lng: number, lat: number, activeTo: string | null = null) => ({
		sourceKey: key,
		name,
		type: 'clinic' as const,
		consulateId,
		city: name.includes('Chicago') ? 'Chicago' : 'San Diego',
		state: name.includes('Chicago') ? 'IL' : 'CA',
		geom: { lng, lat },
		services: ['glucose' as const],
		activeFrom: '2020-01-01',
		activeTo,
		kind: 'demo' as const,
		source: 'map-api test fixture'
	});
	const [sd, cook, closed] = await db
		.insert(partners)
		.values([
			partner('sd', 'Clínica San Diego', 'san-diego', -117.1, 32.75),
			partner('cook', 'Clínica Chicago Sur', 'chicago', -87.65, 41.8),
			partner('closed', 'Clínica Cerrada San Diego', 'san-diego', -117.05, 32.7, '2021-12-31')
		])
		.returning({ id: partners.id });
	const record = (month: string, consulateId: string, partnerId: number | null, channel: 'desk' | 'health_week_fair', serviceType: 'glucose' | 'vaccination' | 'information_counselling', people: number, services: number, women: number) => ({
		month,
		consulateId,
		partnerId,
		channel,
		serviceType,
		peopleServed: people,
		servicesDelivered: services,
		women,
		kind: 'demo' as const,
		source: 'map-api test fixture'
	});
	await db.insert(serviceRecords).values([
		record('2024-01-01', 'san-diego', sd.id, 'health_week_fair', 'glucose', 30, 50, 20),
		record('2024-02-01', 'san-diego', sd.id, 'health_week_fair', 'vaccination', 5, 5, 3),
		record('2024-01-01', 'san-diego', null, 'desk', 'information_counselling', 100, 120, 60),
		record('2024-01-01', 'chicago', cook.id, 'desk', 'glucose', 40, 44, 25)
	]);
	return { sdPartner: sd.id, cookPartner: cook.id, closedPartner: closed.id };
}

describe.each(drivers())('map API on %s', (driver) => {
	let handle: DbHandle;
	let db: Db;
	let ids: Awaited<ReturnType<typeof loadFixtures>>;
	beforeAll(async () => {
		handle = await freshDb(driver);
		db = handle.db;
		current.db = db;
		await loadGeography(db);
		ids = await loadFixtures(db);
	});
	afterAll(() => handle?.close());

	describe('search', () => {
		const find = (q: string, lang: 'es' | 'en' = 'en') => search(db, { q, lang });
		const brief = (results: Awaited<ReturnType<typeof find>>) => results.map((r) => `${r.kind}:${r.id}`);

		it('ranks exact names first, then office, county, place, ZIP area, partner, then population; prefix and word matches after', async () => {
			expect(brief(await find('san diego'))).toEqual([
				'office:san-diego', // exact (its city)
				'county:06073', // exact
				'place:1', // exact, 1,394,928 people
				'place:2', // exact, 4,368 people
				'place:3', // starts with "san diego"
				'place:4', // a word starts with it: Rancho San Diego
				`partner:${ids.sdPartner}` // a word starts with it; the closed partner is left out
			]);
		});

		it('finds counties by name with their bounding box, the most populous Cook first', async () => {
			const results = await find('Cook');
			expect(brief(results).slice(0, 4)).toEqual(['county:17031', 'county:13075', 'county:27031', 'county:48097']);
			expect(results[0].label).toBe('Cook, IL');
			expect(results[0].detail).toBe('County · Consulate of Mexico in Chicago');
			const [box] = await rows<{ w: number; s: number; e: number; n: number }>(
				db,
				sql`SELECT ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n FROM areas WHERE level = 'county' AND code = '17031'`
			);
			expect(results[0].bbox).toEqual([box.w, box.s, box.e, box.n].map(Number));
			expect(results[0].bbox![0]).toBeCloseTo(-88.26, 1);
			expect((await find('Los Angeles')).map((r) => `${r.kind}:${r.id}`).slice(0, 2)).toEqual(['office:los-angeles', 'county:06037']);
		});

		it('keeps the Aleutians West box narrow across the antimeridian', async () => {
			const [aleutians] = await find('Aleutians West');
			expect(aleutians.id).toBe('02016');
			const [w, , e] = aleutians.bbox!;
			expect(e - w).toBeGreaterThan(10);
			expect(e - w).toBeLessThan(30); // -180..180 would be 360 wide
		});

		it('finds an office from its Spanish name, its English name or its city, labelled in the language asked', async () => {
			for (const q of ['Consulado de México en San Diego', 'consulate of mexico in san diego', 'SAN DIEGO']) {
				expect(brief(await find(q))[0]).toBe('office:san-diego');
			}
			const [es] = await find('Consulado de México en San Diego', 'es');
			expect([es.label, es.detail]).toEqual(['Consulado de México en San Diego', 'Consulado · San Diego, CA']);
			const [en] = await find('Consulado de México en San Diego', 'en');
			expect(en.label).toBe('Consulate of Mexico in San Diego');
			expect(en.bbox).toBeNull();
		});

		it('ignores accents and case', async () => {
			const forms = await Promise.all(['Peñasco', 'penasco', 'PEÑASCO', 'PENASCO'].map((q) => find(q)));
			expect(brief(forms[0])).toEqual(['place:5']);
			for (const f of forms) expect(f).toEqual(forms[0]);
			expect(forms[0][0].detail).toBe('City or town · 589 people');
			expect(brief(await find('dona ana'))).toEqual(['county:35013']);
			expect((await find('dona ana'))[0].label).toBe('Doña Ana, NM');
		});

		it('finds ZIP code areas by the full code or a prefix of 3 or more digits, the exact one first', async () => {
			expect(brief(await find('7501'))).toEqual(['zcta:75013', 'zcta:75010', 'zcta:75019']); // by population
			expect(brief(await find('75019'))).toEqual(['zcta:75019']);
			expect(brief(await find('750'))).toHaveLength(3);
			expect(brief(await find('12')).filter((r) => r.startsWith('zcta'))).toEqual([]);
			const [z] = await find('92101', 'es');
			expect([z.label, z.detail, z.lng, z.lat, z.bbox]).toEqual(['92101', 'Código postal · San Diego, CA', -117.155, 32.72, null]);
		});

		it('treats SQL and LIKE wildcards as plain text and leaves the tables alone', async () => {
			for (const q of ["'; DROP TABLE partners; --", '%_\\', '%%', '__', "' OR 1=1 --", '75%', '\u0301\u0301']) {
				expect(await find(q)).toEqual([]);
			}
			const [{ n }] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM partners`);
			expect(n).toBe(3);
		});

		it('rejects queries under 2 or over 100 characters with a 400, and returns at most 20 results', async () => {
			await expect(find('a')).rejects.toThrow(SearchInputError);
			await expect(find('  a  ')).rejects.toThrow(/2 to 100 characters/);
			await expect(find('x'.repeat(101))).rejects.toThrow(SearchInputError);
			await expect(find('x'.repeat(100))).resolves.toEqual([]);
			expect((await find('co')).length).toBe(20);
			expect((await call(searchRoute, '/api/search?q=a')).status).toBe(400);
			expect((await call(searchRoute, '/api/search')).status).toBe(400);
			const ok = await call(searchRoute, '/api/search?q=Cook&lang=en');
			expect(ok.status).toBe(200);
			const body = (await ok.response!.json()) as { results: { id: string }[] };
			expect(body.results[0].id).toBe('17031');
		});
	});

	describe('area details', () => {
		it('gives a county its office, best figures, geodesic area and box, matching direct SQL', async () => {
			const d = (await areaDetails(db, { level: 'county', code: '06073', target: 'mexican_origin', lang: 'es' }))!;
			expect([d.name, d.state, d.office, d.approximateAssignment]).toEqual([
				'San Diego',
				'CA',
				{ id: 'san-diego', name: 'Consulado de México en San Diego' },
				false
			]);
			// Measured 1,100,000 beats modelled 1,000,000.
			expect(d.population.mexican_origin).toEqual({ value: 1_100_000, ...FIXTURE });
			expect(d.population.total_population.value).toBe(3_300_000);
			expect(Object.keys(d.population).sort()).toEqual(['mexican_origin', 'total_population']);
			const [g] = await rows<{ km2: number; w: number; s: number; e: number; n: number }>(
				db,
				sql`SELECT ST_Area(geom::geography) / 1e6 AS km2, ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n
					FROM areas WHERE level = 'county' AND code = '06073'`
			);
			expect(d.areaKm2).toBeCloseTo(Number(g.km2), 6);
			expect(d.areaKm2).toBeGreaterThan(10_500); // San Diego County: about 11,000 km²
			expect(d.areaKm2).toBeLessThan(11_500);
			expect(d.bbox).toEqual([g.w, g.s, g.e, g.n].map(Number));
		});

		it('lists the 5 nearest desks and active partners by great-circle km, as PostGIS measures them on the sphere', async () => {
			const d = (await areaDetails(db, { level: 'county', code: '06073', target: 'mexican_origin', lang: 'en' }))!;
			const expected = await rows<{ kind: string; id: string; km: number }>(
				db,
				sql`WITH pt AS (SELECT point FROM areas WHERE level = 'county' AND code = '06073'),
					sites AS (SELECT 'office' AS kind, id, geom FROM consulates
						UNION ALL SELECT 'partner', id::text, geom FROM partners WHERE active_to IS NULL OR active_to >= current_date)
					SELECT kind, id, ST_Distance(pt.point::geography, sites.geom::geography, false) / 1000 AS km FROM sites, pt ORDER BY km LIMIT 5`
			);
			expect(d.nearest.map((n) => `${n.kind}:${n.id}`)).toEqual(expected.map((e) => `${e.kind}:${e.id}`));
			d.nearest.forEach((n, i) => expect(Math.abs(n.km - Number(expected[i].km))).toBeLessThan(0.01));
			expect(d.nearest.map((n) => n.id)).not.toContain(String(ids.closedPartner));
			expect(d.nearest.find((n) => n.id === String(ids.sdPartner))).toMatchObject({ name: 'Clínica San Diego', type: 'clinic' });
			expect(d.nearest.find((n) => n.id === 'san-diego')).toMatchObject({ kind: 'office', name: 'Consulate of Mexico in San Diego', type: 'office' });
		});

		it('sums the records at sites inside the county under the filters, withholding months under 11 people and what would give them away', async () => {
			const d = (await areaDetails(db, { level: 'county', code: '06073', target: 'mexican_origin', lang: 'en' }))!;
			// Partner 30 + 5 people, 50 + 5 services; the office's desk 100 people, 120 services. Chicago's 40 are elsewhere.
			expect(d.served.total).toEqual({ key: 'total', people: 135, services: 175, suppressed: false, secondary: false });
			// February (5) is small; 135 - 130 would give it away, so January is withheld too.
			expect(d.served.byMonth).toEqual([
				{ key: '2024-01', people: null, services: null, suppressed: true, secondary: true },
				{ key: '2024-02', people: null, services: null, suppressed: true, secondary: false }
			]);
			// Vaccination (5): glucose (30, the smallest with 5 + 30 - 11 >= 10) is withheld with it.
			expect(d.served.byService.map((r) => [r.key, r.people, r.secondary])).toEqual([
				['glucose', null, true],
				['information_counselling', 100, false],
				['vaccination', null, false]
			]);
			// The same total straight from SQL: records at partner sites and offices inside the county polygon.
			const [direct] = await rows<{ people: number; services: number }>(
				db,
				sql`SELECT sum(r.people_served)::int AS people, sum(r.services_delivered)::int AS services FROM service_records r
					LEFT JOIN partners p ON p.id = r.partner_id JOIN consulates c ON c.id = r.consulate_id
					JOIN areas a ON a.level = 'county' AND a.code = '06073'
					WHERE ST_Covers(a.geom, CASE WHEN r.partner_id IS NULL THEN c.geom ELSE p.geom END)`
			);
			expect([direct.people, direct.services]).toEqual([135, 175]);

			const desk = await areaDetails(db, { level: 'county', code: '06073', target: 'mexican_origin', lang: 'en', filters: parseFilters(new URLSearchParams('channel=desk')) });
			expect(desk!.served.total).toEqual({ key: 'total', people: 100, services: 120, suppressed: false, secondary: false });
			const women = await areaDetails(db, { level: 'county', code: '06073', target: 'mexican_origin', lang: 'en', filters: parseFilters(new URLSearchParams('group=women&to=2024-01')) });
			expect(women!.served.total.people).toBe(80); // 20 + 60
			const cook = await areaDetails(db, { level: 'county', code: '17031', target: 'mexican_origin', lang: 'en' });
			expect(cook!.served.total).toEqual({ key: 'total', people: 40, services: 44, suppressed: false, secondary: false });
		});

		it("gives a county's need index with its rank among counties, as the gaps view computes it", async () => {
			const d = (await areaDetails(db, { level: 'county', code: '06073', target: 'mexican_origin', lang: 'en' }))!;
			const all = await countyNeedIndex(db, { group: 'mexican_origin' });
			const ranked = all.rows.filter((r) => r.index !== null);
			const row = all.rows.find((r) => r.id === '06073')!;
			expect(d.needIndex).toMatchObject({ index: row.index, rank: ranked.findIndex((r) => r.id === '06073') + 1, of: ranked.length });
			expect(d.needIndex!.components.target_population).toEqual({ value: 1_100_000, rank: row.ranks.target_population });
		});

		it('gives a ZIP code area the office of its county, its figures and the records at sites nearest its point', async () => {
			const z = (await areaDetails(db, { level: 'zcta', code: '92101', target: 'mexican_origin', lang: 'en' }))!;
			expect([z.name, z.office?.id, z.approximateAssignment, z.areaKm2, z.bbox, z.needIndex]).toEqual(['92101 San Diego', 'san-diego', false, null, null, null]);
			expect(z.population).toEqual({ total_population: { value: 46_025, ...FIXTURE } });
			// Both San Diego sites are nearer 92101 than any Texas ZCTA; Chicago's partner is nearer Texas.
			expect(z.served.total).toEqual({ key: 'total', people: 135, services: 175, suppressed: false, secondary: false });
			expect(z.nearest[0].km).toBeLessThan(10);
		});

		it('answers 404 for an unknown code and 400 for a malformed one, saying what is expected', async () => {
			expect(await areaDetails(db, { level: 'county', code: '99999', target: 'mexican_origin', lang: 'en' })).toBeNull();
			await expect(areaDetails(db, { level: 'county', code: '6073', target: 'mexican_origin', lang: 'en' })).rejects.toThrow(AreaInputError);
			const bad = await call(areaRoute, '/api/areas/6073', { params: { code: '6073' } });
			expect(bad.status).toBe(400);
			expect(bad.message).toMatch(/5-digit FIPS code/);
			expect((await call(areaRoute, '/api/areas/abcde?level=zcta', { params: { code: 'abcde' } })).message).toMatch(/ZIP code: expected 5 digits/);
			expect((await call(areaRoute, '/api/areas/99999', { params: { code: '99999' } })).status).toBe(404);
			expect((await call(areaRoute, '/api/areas/06073?level=state', { params: { code: '06073' } })).status).toBe(400);
			expect((await call(areaRoute, '/api/areas/06073?target=everyone', { params: { code: '06073' } })).status).toBe(400);
			expect((await call(areaRoute, '/api/areas/06073?from=2024-13', { params: { code: '06073' } })).status).toBe(400);
			const ok = await call(areaRoute, '/api/areas/92101?level=zcta', { params: { code: '92101' } });
			expect(ok.status).toBe(200);
			expect(((await ok.response!.json()) as { office: { name: string } }).office.name).toBe('Consulate of Mexico in San Diego');
		});
	});

	describe('jurisdictions', () => {
		it('dissolves the counties into one shape per office, every county inside exactly its own office’s shape', async () => {
			const shapes = await jurisdictionShapes(db);
			const offices = await rows<{ id: string }>(db, sql`SELECT id FROM consulates ORDER BY id`);
			expect(shapes.features.map((f) => f.id)).toEqual(offices.map((o) => o.id));
			expect(shapes.features.reduce((n, f) => n + f.properties.counties, 0)).toBe(3225);
			const values = sql.join(
				shapes.features.map((f) => sql`(${f.id}, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326))`),
				sql`, `
			);
			// A point surely inside each county polygon, tested against all 53 shapes.
			const [check] = await rows<{ counties: number; wrong: number; example: string | null }>(
				db,
				sql`WITH shapes(id, geom) AS (VALUES ${values}),
					pts AS (SELECT c.code, cur.consulate_id, ST_PointOnSurface(c.geom) AS pt FROM areas c
						JOIN ${assignmentsOnSql()} cur ON cur.county_fips = c.code WHERE c.level = 'county' AND c.geom IS NOT NULL),
					hits AS (SELECT pts.code, pts.consulate_id, array_agg(s.id) FILTER (WHERE s.id IS NOT NULL) AS inside
						FROM pts LEFT JOIN shapes s ON ST_Intersects(s.geom, pts.pt) GROUP BY 1, 2)
					SELECT count(*)::int AS counties,
						count(*) FILTER (WHERE inside IS NULL OR cardinality(inside) <> 1 OR inside[1] <> consulate_id)::int AS wrong,
						min(code) FILTER (WHERE inside IS NULL OR cardinality(inside) <> 1 OR inside[1] <> consulate_id) AS example
					FROM hits`
			);
			expect(check).toEqual({ counties: 3224, wrong: 0, example: null }); // Falls Church, VA has no polygon at 1:10m
		});

		it('puts named county points in their office’s shape and not in a neighbour’s (turf)', async () => {
			const shapes = await jurisdictionShapes(db);
			const shape = (id: string) => shapes.features.find((f) => f.id === id)!.geometry as MultiPolygon;
			const points = await rows<{ code: string; lng: number; lat: number }>(
				db,
				sql`SELECT code, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas
					WHERE level = 'county' AND code IN ('06073', '06037', '17031', '48201', '35013', '35001')`
			);
			const at = (code: string) => {
				const p = points.find((x) => x.code === code)!;
				return [Number(p.lng), Number(p.lat)];
			};
			const cases: [string, string, string][] = [
				['06073', 'san-diego', 'los-angeles'], // San Diego County
				['06037', 'los-angeles', 'san-diego'], // Los Angeles County
				['17031', 'chicago', 'milwaukee'], // Cook, IL
				['48201', 'houston', 'dallas'], // Harris, TX
				['35013', 'el-paso', 'albuquerque'], // Doña Ana, NM: southern New Mexico is El Paso's
				['35001', 'albuquerque', 'el-paso'] // Bernalillo, NM
			];
			for (const [code, own, other] of cases) {
				expect(booleanPointInPolygon(at(code), shape(own)), `${code} in ${own}`).toBe(true);
				expect(booleanPointInPolygon(at(code), shape(other)), `${code} not in ${other}`).toBe(false);
			}
			for (const f of shapes.features) {
				expect(booleanPointInPolygon([f.properties.labelLng, f.properties.labelLat], f.geometry), `label of ${f.id}`).toBe(true);
			}
		});

		it('covers the same area as PostGIS ST_Union of the same counties, within 2 %', async () => {
			const shapes = await jurisdictionShapes(db);
			for (const office of ['san-diego', 'austin', 'albuquerque']) {
				const f = shapes.features.find((x) => x.id === office)!;
				const [r] = await rows<{ merged: number; unioned: number }>(
					db,
					sql`SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326)::geography) AS merged,
						(SELECT ST_Area(ST_Union(c.geom)::geography) FROM areas c JOIN ${assignmentsOnSql()} cur ON cur.county_fips = c.code
							WHERE c.level = 'county' AND cur.consulate_id = ${office}) AS unioned`
				);
				expect(Math.abs(Number(r.merged) / Number(r.unioned) - 1), office).toBeLessThan(0.02);
			}
		});

		it('sends an ETag from the data version, answers 304 to it, and redraws after a jurisdiction correction', async () => {
			const first = await call(jurisdictionsRoute, '/api/geo/jurisdictions.json');
			expect(first.status).toBe(200);
			const etag = first.response!.headers.get('etag')!;
			expect(etag).toMatch(/^"jurisdictions-.+"$/);
			expect(first.response!.headers.get('cache-control')).toMatch(/no-cache/);
			const again = await call(jurisdictionsRoute, '/api/geo/jurisdictions.json', { headers: { 'if-none-match': `W/${etag}` } });
			expect(again.status).toBe(304);

			const sanDiegoCounties = (await jurisdictionShapes(db)).features.find((f) => f.id === 'san-diego')!.properties.counties;
			await correctAssignment(db, { countyFips: '06073', consulateId: 'los-angeles', validFrom: '2025-01-01' });
			const after = await call(jurisdictionsRoute, '/api/geo/jurisdictions.json', { headers: { 'if-none-match': etag } });
			expect(after.status).toBe(200);
			expect(after.response!.headers.get('etag')).not.toBe(etag);
			const shapes = (await after.response!.json()) as Awaited<ReturnType<typeof jurisdictionShapes>>;
			const [p] = await rows<{ lng: number; lat: number }>(
				db,
				sql`SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas WHERE level = 'county' AND code = '06073'`
			);
			const la = shapes.features.find((f) => f.id === 'los-angeles')!;
			const sd = shapes.features.find((f) => f.id === 'san-diego')!;
			expect(booleanPointInPolygon([Number(p.lng), Number(p.lat)], la.geometry)).toBe(true);
			expect(sd.properties.counties).toBe(sanDiegoCounties - 1);
		});
	});
});

describe.each(drivers())('indicator measures on %s', (driver) => {
	let handle: DbHandle;
	let db: Db;
	beforeAll(async () => {
		handle = await freshDb(driver);
		db = handle.db;
		const square = (x0: number) =>
			JSON.stringify({ type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] });
		const county = (code: string, x0: number) => ({ level: 'county' as const, code, name: `Square ${code}`, stateFips: '99', state: 'ZZ', geom: square(x0), point: { lng: x0 + 0.5, lat: 0.5 } });
		// Three 1° x 1° squares on the equator, side by side: the same area each.
		await db.insert(areas).values([county('99001', 0), county('99002', 2), county('99003', 4)]);
		const fig = (code: string, indicator: 'total_population' | 'mexican_origin', value: number, kind: 'measured' | 'modelled', moe: number | null = null) => ({
			level: 'county' as const,
			code,
			indicator,
			value,
			moe,
			kind,
			vintage: '2024 fixture',
			source: 'map-api test fixture'
		});
		await db.insert(populationEstimates).values([
			fig('99001', 'total_population', 100_000, 'measured', 2_000),
			fig('99001', 'mexican_origin', 25_000, 'modelled', 1_000),
			fig('99002', 'total_population', 0, 'measured'), // share would divide by zero
			fig('99002', 'mexican_origin', 10, 'measured'),
			fig('99003', 'mexican_origin', 500, 'measured') // no total population at all
		]);
		current.db = db;
	});
	afterAll(() => handle?.close());

	/**
	 * Area of the 1° x 1° square at the equator on the WGS 84 ellipsoid, by hand:
	 * - The band between latitudes 0 and 1° over 1° of longitude has the authalic area
	 *   Δλ·b²·[q(φ)] from 0 to 1°, with q(φ) = sinφ / (2(1 − e²sin²φ)) + ln((1 + e·sinφ)/(1 − e·sinφ)) / (4e):
	 *   12,308.46 km².
	 * - PostGIS geography joins vertices by geodesics, and the top edge from (0°, 1°) to (1°, 1°)
	 *   bulges poleward of the parallel: at its middle by Δφ = atan(tan 1° / cos 0.5°) − 1° ≈ 6.65e-7 rad
	 *   ≈ 4.2 m; the sliver it adds is about 2/3 · 4.2 m · 111.3 km ≈ 0.31 km².
	 * Total ≈ 12,308.77 km². (The 12,364 km² often quoted is the sphere of radius 6,371 km,
	 * R²·Δλ·sin 1°; the ellipsoid is flatter at the equator — meridian radius 6,335 km — hence 0.45 % less.)
	 */
	function squareKm2(): number {
		const a = 6378137;
		const f = 1 / 298.257223563;
		const b = a * (1 - f);
		const e2 = f * (2 - f);
		const e = Math.sqrt(e2);
		const rad = Math.PI / 180;
		const q = (phi: number) => Math.sin(phi) / (2 * (1 - e2 * Math.sin(phi) ** 2)) + Math.log((1 + e * Math.sin(phi)) / (1 - e * Math.sin(phi))) / (4 * e);
		const band = rad * b * b * (q(rad) - q(0));
		const bulgeRad = Math.atan(Math.tan(rad) / Math.cos(rad / 2)) - rad;
		const edgeM = a * rad * Math.cos(rad); // 1° of longitude at latitude 1°
		const bulgeM = bulgeRad * a * (1 - e2); // meridian radius near the equator
		return (band + (2 / 3) * bulgeM * edgeM) / 1e6;
	}

	it('divides by the geodesic area for per_km2: a 1° square at the equator is 12,308.8 km²', async () => {
		const expectedKm2 = squareKm2();
		expect(expectedKm2).toBeCloseTo(12_308.77, 1);
		const r = await indicatorMeasure(db, { indicator: 'mexican_origin', level: 'county', measure: 'per_km2' });
		const by = Object.fromEntries(r.values.map((v) => [v.code, v]));
		expect(by['99001'].value).toBeCloseTo(25_000 / expectedKm2, 4); // 2.0311 people per km²
		expect(by['99001'].moe).toBeCloseTo(1_000 / expectedKm2, 4);
		expect(by['99002'].value).toBeCloseTo(10 / expectedKm2, 6);
		expect(by['99003'].value).toBeCloseTo(500 / expectedKm2, 4);
		expect([r.measure, r.unit, r.unitLabel]).toEqual(['per_km2', 'people_per_km2', 'unit.per_km2']);
		expect(r.sources.reduce((n, s) => n + s.areas, 0)).toBe(3);
	});

	it('divides by total population for share, leaving out areas whose total is 0 or missing', async () => {
		const r = await indicatorMeasure(db, { indicator: 'mexican_origin', level: 'county', measure: 'share' });
		expect(r.values.map((v) => v.code)).toEqual(['99001']);
		const [v] = r.values;
		expect(v.value).toBe(0.25);
		// ACS proportion MOE: sqrt(1000² − 0.25²·2000²) / 100,000 = sqrt(750,000) / 100,000.
		expect(v.moe).toBeCloseTo(Math.sqrt(750_000) / 100_000, 10);
		expect(v.kind).toBe('modelled'); // modelled numerator over a measured total
		expect([r.measure, r.unit, r.unitLabel]).toEqual(['share', 'fraction_of_total_population', 'unit.share']);
		expect(r.denominator!.sources).toEqual([{ kind: 'measured', vintage: '2024 fixture', source: 'map-api test fixture', method: null, areas: 1 }]);
		for (const m of ['count', 'per_km2', 'share'] as const) {
			const all = await indicatorMeasure(db, { indicator: 'mexican_origin', level: 'county', measure: m });
			for (const x of all.values) expect(Number.isFinite(x.value), `${m} ${x.code}`).toBe(true);
		}
	});

	it('keeps counts as they are, and refuses a density where the level has no polygons', async () => {
		const r = await indicatorMeasure(db, { indicator: 'mexican_origin', level: 'county', measure: 'count' });
		expect(r.values.map((v) => [v.code, v.value])).toEqual([
			['99001', 25_000],
			['99002', 10],
			['99003', 500]
		]);
		expect([r.unit, r.denominator]).toEqual(['people', null]);
		await expect(indicatorMeasure(db, { indicator: 'mexican_origin', level: 'zcta', measure: 'per_km2' })).rejects.toThrow(MeasureError);
	});

	it('answers the endpoint with measure added, and 400 for an unknown measure', async () => {
		const call1 = await call(indicatorRoute, '/api/indicators/mexican_origin?level=county&measure=share', { params: { indicator: 'mexican_origin' } });
		const body = (await call1.response!.json()) as { measure: string; values: { code: string; value: number }[] };
		expect([body.measure, body.values]).toMatchObject(['share', [{ code: '99001', value: 0.25 }]]);
		const plain = (await (await call(indicatorRoute, '/api/indicators/mexican_origin', { params: { indicator: 'mexican_origin' } })).response!.json()) as { measure: string };
		expect(plain.measure).toBe('count');
		const bad = await call(indicatorRoute, '/api/indicators/mexican_origin?measure=density', { params: { indicator: 'mexican_origin' } });
		expect([bad.status, bad.message]).toEqual([400, 'Unknown measure "density". Use one of: count, per_km2, share']);
		expect((await call(indicatorRoute, '/api/indicators/mexican_origin?level=zcta&measure=per_km2', { params: { indicator: 'mexican_origin' } })).status).toBe(400);
	});
});

describe('ZCTA points for the map', () => {
	it('lists every ZCTA of the served states once as a point with its code and state, rounded to 4 decimals', async () => {
		const { GET, prerender } = await import('../../src/routes/api/geo/zcta.json/+server');
		expect(prerender).toBe(true); // built once at build time, served precompressed
		const body = (await (await GET({} as never)).json()) as {
			features: { id: string; geometry: { coordinates: [number, number] }; properties: { code: string; state: string } }[];
		};
		expect(body.features).toHaveLength(33_776); // as many as the first start loads
		expect(new Set(body.features.map((f) => f.id)).size).toBe(33_776);
		const z = body.features.find((f) => f.id === '92101')!;
		expect(z.properties).toEqual({ code: '92101', state: 'CA' });
		for (const f of body.features) {
			for (const c of f.geometry.coordinates) expect(Math.abs(c * 1e4 - Math.round(c * 1e4))).toBeLessThan(1e-6);
		}
	});
});
