/**
 * Complementary suppression through the public outputs, on both drivers: nothing a reader can
 * subtract (a total minus the cells shown, an office's total minus its counties on the national
 * map) narrows a small cell below "at most 10". One month of records, worked out by hand:
 *
 *   office        site (county)                 people
 *   san-diego     desk (06073 San Diego)          100
 *                 sd-clinic (06073)                60
 *                 imperial-clinic (06025)           4   small
 *   los-angeles   la-clinic (06037)               200   (195 women, 5 men)
 *                 pasadena-clinic (06037)          30   (28 women, 2 men)
 *                 orange-clinic (06059)             7   small
 *   chicago       cook (17031) 30, dupage (17043) 25, lake (17097) 12
 *   houston       desk (48201 Harris)               6   small
 *   phoenix       phx-clinic (04013 Maricopa)      80
 *
 * Offices: San Diego 164, Los Angeles 237, Chicago 67, Houston 6, Phoenix 80; network 554.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FILTERS, parseFilters } from '../../src/lib/filters';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { partners, populationEstimates, serviceRecords } from '../../src/lib/server/db/schema';
import { areaDetails } from '../../src/lib/server/queries/area-details';
import { partnerArea } from '../../src/lib/server/queries/partner-area';
import { officePenetration, serviceSummary, type ServiceRow, type ServiceSummary } from '../../src/lib/server/queries/services';
import { drivers, freshDb } from '../support/db';
import { loadGeography } from '../support/fixtures';

const COUNTIES: Record<string, string[]> = {
	'san-diego': ['06073', '06025'],
	'los-angeles': ['06037', '06059'],
	chicago: ['17031', '17043', '17097'],
	houston: ['48201'],
	phoenix: ['04013']
};

async function loadRecords(db: Db): Promise<Record<string, number>> {
	const sites: [string, string, number, number][] = [
		['sd-clinic', 'san-diego', -117.1, 32.75],
		['imperial-clinic', 'san-diego', -115.56, 32.79],
		['la-clinic', 'los-angeles', -118.24, 34.05],
		['pasadena-clinic', 'los-angeles', -118.14, 34.15],
		['orange-clinic', 'los-angeles', -117.87, 33.75],
		['cook', 'chicago', -87.65, 41.8],
		['dupage', 'chicago', -88.1, 41.86],
		['lake', 'chicago', -87.84, 42.36],
		['phx-clinic', 'phoenix', -112.07, 33.45]
	];
	const rows = await db
		.insert(partners)
		.values(sites.map(([key, office, lng, lat]) => ({ sourceKey: key, name: key, type: 'clinic' as const, consulateId: office, geom: { lng, lat }, services: ['glucose' as const], kind: 'demo' as const, source: 'suppression test' })))
		.returning({ id: partners.id, key: partners.sourceKey });
	const id = Object.fromEntries(rows.map((r) => [r.key, r.id]));
	const rec = (office: string, partnerId: number | null, people: number, women: number) => ({
		kind: 'demo' as const,
		month: '2024-05-01',
		consulateId: office,
		partnerId,
		channel: 'desk' as const,
		serviceType: 'glucose' as const,
		peopleServed: people,
		servicesDelivered: people + 5,
		women,
		men: people - women,
		source: 'suppression test'
	});
	await db.insert(serviceRecords).values([
		rec('san-diego', null, 100, 60),
		rec('san-diego', id['sd-clinic'], 60, 40),
		rec('san-diego', id['imperial-clinic'], 4, 2),
		rec('los-angeles', id['la-clinic'], 200, 195),
		rec('los-angeles', id['pasadena-clinic'], 30, 28),
		rec('los-angeles', id['orange-clinic'], 7, 4),
		rec('chicago', id.cook, 30, 15),
		rec('chicago', id.dupage, 25, 20),
		rec('chicago', id.lake, 12, 6),
		rec('houston', null, 6, 3),
		rec('phoenix', id['phx-clinic'], 80, 40)
	]);
	const figure = (code: string, value: number) => ({ level: 'county' as const, code, indicator: 'mexican_origin' as const, value, kind: 'modelled' as const, vintage: 'test', source: 'suppression test' });
	await db.insert(populationEstimates).values(Object.values(COUNTIES).flat().map((c) => figure(c, 100_000)));
	return id;
}

/**
 * What a reader learns from a published line (total and rows): the sum of the withheld rows is the
 * total minus the rows shown; a small row holds 0-10 and a withheld one 11 or more, so a small row
 * holds at most min(10, sum - 11 x withheld). Returns that bound for each small row, or null when
 * the line gives nothing away (nothing withheld, or every row withheld: nothing left to subtract).
 */
function smallCellBound(total: number, rows: Pick<ServiceRow, 'people' | 'suppressed' | 'secondary'>[]): number | null {
	const withheld = rows.filter((r) => r.suppressed);
	if (withheld.length === 0 || withheld.length === rows.length) return null;
	const sum = total - rows.reduce((s, r) => s + (r.people ?? 0), 0);
	const secondary = withheld.filter((r) => r.secondary).length;
	if (withheld.length === secondary) return null;
	if (sum === 0) return 0;
	return Math.min(10, sum - 11 * secondary);
}

describe.each(drivers())('complementary suppression on %s', (driver) => {
	let handle: DbHandle;
	let db: Db;
	let id: Record<string, number>;
	beforeAll(async () => {
		handle = await freshDb(driver);
		db = handle.db;
		await loadGeography(db);
		id = await loadRecords(db);
	});
	afterAll(async () => handle?.close());

	it('withholds Chicago beside Houston in the office table: 554 - 481 = 73 withheld, Houston could hold anything up to 10', async () => {
		// Houston (6) is small; the smallest office that hides it alone needs >= 21 - 6 = 15 people: Chicago (67).
		const s = await serviceSummary(db, { by: 'office', filters: NO_FILTERS });
		expect(s.rows.map((r) => [r.key, r.people, r.suppressed, r.secondary])).toEqual([
			['chicago', null, true, true],
			['houston', null, true, false],
			['los-angeles', 237, false, false],
			['phoenix', 80, false, false],
			['san-diego', 164, false, false]
		]);
		expect(s.total.people).toBe(554);
		expect(smallCellBound(554, s.rows)).toBe(10); // min(10, 73 - 11)
		// The API's office rows and the report's total agree on Chicago.
		const chicago = await serviceSummary(db, { by: 'total', filters: parseFilters(new URLSearchParams('office=chicago')) });
		expect(chicago.total).toMatchObject({ people: null, suppressed: true, secondary: true });
	});

	it('gives the same status in the penetration table: no rate, no rank for Houston or Chicago', async () => {
		const { rows } = await officePenetration(db, { target: 'mexican_origin' });
		const of = (office: string) => rows.find((r) => r.office === office)!;
		expect(of('houston')).toMatchObject({ people: null, suppressed: true, secondary: false, per1000: null, rank: null });
		expect(of('chicago')).toMatchObject({ people: null, suppressed: true, secondary: true, per1000: null, rank: null });
		// Of the counties with a figure (100,000 each), Los Angeles' jurisdiction holds 06037 (Orange County
		// is Santa Ana's), San Diego's 06073 (Imperial is Calexico's) and Phoenix's 04013:
		// 237 / 100,000 x 1,000 = 2.37, 164 -> 1.64, 80 -> 0.8.
		expect(of('los-angeles')).toMatchObject({ people: 237, rank: 1 });
		expect(of('san-diego')).toMatchObject({ people: 164, rank: 2 });
		expect(of('phoenix')).toMatchObject({ people: 80, rank: 3 });
		expect(of('los-angeles').per1000).toBeCloseTo(2.37, 10);
	});

	it("protects each county in its office's total as well as in the nation's, on the national map and on every office's map", async () => {
		const national = await serviceSummary(db, { by: 'county', filters: NO_FILTERS });
		const status = Object.fromEntries(national.rows.map((r) => [r.key, r.suppressed ? (r.secondary ? 'withheld' : '< 11') : r.people]));
		// Alone, the national map would need nothing more: 4 + 7 + 6 = 17 withheld small people, each could be 10.
		// But San Diego's 164 minus its 160 in 06073 would give 06025 away (4), and Los Angeles' 237 - 230
		// would give 06059 (7): 06073 and 06037 are withheld too. Chicago's total is withheld, so its
		// counties are too (they would add up to it).
		expect(status).toEqual({
			'04013': 80,
			'06025': '< 11',
			'06037': 'withheld',
			'06059': '< 11',
			'06073': 'withheld',
			'17031': 'withheld',
			'17043': 'withheld',
			'17097': 'withheld',
			'48201': '< 11'
		});
		expect(smallCellBound(554, national.rows)).toBe(10); // 554 - 80 = 474 withheld, 5 of them >= 11
		const offices = await serviceSummary(db, { by: 'office', filters: NO_FILTERS });
		for (const office of offices.rows) {
			// Subtraction with the office total: the office's counties on the national map.
			const rows = national.rows.filter((r) => COUNTIES[office.key].includes(r.key));
			if (office.people !== null) {
				const bound = smallCellBound(office.people, rows);
				expect(bound === null || bound === 10, `${office.key}: ${bound}`).toBe(true);
			}
			// The office's own map shows the same figures with the same status.
			const own: ServiceSummary = await serviceSummary(db, { by: 'county', filters: parseFilters(new URLSearchParams(`office=${office.key}`)) });
			expect(own.rows, office.key).toEqual(rows);
		}
	});

	it('withholds a county panel whose county the map withholds, months and service types included', async () => {
		const d = (await areaDetails(db, { level: 'county', code: '06073', target: 'mexican_origin', lang: 'en' }))!;
		expect(d.served.total).toEqual({ key: 'total', people: null, services: null, suppressed: true, secondary: true });
		expect(d.served.byMonth).toEqual([{ key: '2024-05', people: null, services: null, suppressed: true, secondary: true }]);
		expect(d.served.byService).toEqual([{ key: 'glucose', people: null, services: null, suppressed: true, secondary: true }]);
		const imperial = (await areaDetails(db, { level: 'county', code: '06025', target: 'mexican_origin', lang: 'en' }))!;
		expect(imperial.served.total).toMatchObject({ suppressed: true, secondary: false });
	});

	it("withholds a partner's page where the office's partner table withholds it, and protects men against everyone minus women", async () => {
		// San Diego's partners: sd-clinic 60, imperial-clinic 4 (the desk is not a partner): sd-clinic is withheld.
		const sd = (await partnerArea(db, { id: id['sd-clinic'], radiusKm: 25 }))!;
		expect(sd.services.total).toMatchObject({ people: null, suppressed: true, secondary: true });
		expect(sd.services.byMonth).toEqual([{ key: '2024-05', people: null, services: null, suppressed: true, secondary: true }]);
		expect(sd.services.byGroup.every((g) => g.suppressed)).toBe(true);
		// Los Angeles' partners: 200, 30 and 7: the 30 hides the 7 (37 - 11 >= 10), la-clinic stays shown.
		const la = (await partnerArea(db, { id: id['la-clinic'], radiusKm: 25 }))!;
		expect(la.services.total).toMatchObject({ people: 200, suppressed: false });
		// Its 5 men are small, and 200 - 195 women would give them away: the women are withheld too.
		const groups = Object.fromEntries(la.services.byGroup.map((g) => [g.key, g.suppressed ? (g.secondary ? 'withheld' : '< 11') : g.people]));
		expect(groups).toMatchObject({ women: 'withheld', men: '< 11' });
		const pasadena = (await partnerArea(db, { id: id['pasadena-clinic'], radiusKm: 25 }))!;
		expect(pasadena.services.total).toMatchObject({ people: null, suppressed: true, secondary: true });
	});

	it('protects men against everyone minus women in the office tables too', async () => {
		// Los Angeles: 237 people, 227 women, 10 men: 237 - 227 would give the men away.
		const groups = await serviceSummary(db, { by: 'group', filters: parseFilters(new URLSearchParams('office=los-angeles')) });
		const of = (g: string) => groups.rows.find((r) => r.key === g)!;
		expect(of('men')).toMatchObject({ suppressed: true, secondary: false });
		expect(of('women')).toMatchObject({ suppressed: true, secondary: true });
		// And the office table under the women filter says the same of Los Angeles.
		const women = await serviceSummary(db, { by: 'office', filters: parseFilters(new URLSearchParams('group=women')) });
		expect(women.rows.find((r) => r.key === 'los-angeles')).toMatchObject({ suppressed: true, secondary: true });
	});

	it('leaves no line of any breakdown that a reader can narrow below 10 (every dimension, network and offices)', async () => {
		for (const by of ['office', 'county', 'month', 'service', 'channel', 'partner', 'provider'] as const) {
			for (const office of [null, 'san-diego', 'los-angeles', 'chicago', 'houston']) {
				const s = await serviceSummary(db, { by, filters: { ...NO_FILTERS, office } });
				if (s.total.people === null) {
					expect(s.rows.every((r) => r.suppressed), `${by} ${office}`).toBe(true);
					continue;
				}
				const bound = smallCellBound(s.total.people, s.rows);
				expect(bound === null || bound === 10, `${by} ${office}: ${bound}`).toBe(true);
				expect(s.rows.filter((r) => r.suppressed).length === 1 && s.rows.length > 1, `${by} ${office}: a lone withheld row`).toBe(false);
			}
		}
	});
});
