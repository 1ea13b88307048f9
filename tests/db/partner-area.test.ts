/**
 * The partner's area on a tiny hand-made fixture: ZIP points strung along the -100° meridian so
 * that distances are latitude differences times 111.19508 km (1° on the 6,371.0088 km sphere).
 *
 *   lat      what                                   km from partner A (lat 30)
 *   30.6     partner D (active)                     66.717
 *   30.5     partner C (active)                     55.598
 *   30.4     the office's desk                      44.478
 *   30.3     partner B (active)                     22.239
 *   30.225   ZCTA 90004 (just outside 25 km)        25.019
 *   30.2248  ZCTA 90003 (just inside 25 km)         24.997
 *   30.1     ZCTA 90002                             11.120
 *   30.05    partner E (closed in 2020)              5.560
 *   30.0     partner A, ZCTA 90001                   0
 *   29.6     ZCTA 90005 (nearest service: A)        44.478
 *   29.45    ZCTA 90006 (beyond 2 x 25 km)          61.157
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FILTERS, type ServiceFilters } from '../../src/lib/filters';
import { queryRows, type DbHandle } from '../../src/lib/server/db/client';
import {
	defaultRadiusKm,
	parsePartnerId,
	parseRadiusKm,
	partnerArea,
	PartnerAreaInputError,
	type PartnerArea
} from '../../src/lib/server/queries/partner-area';
import { drivers, freshDb } from '../support/db';

const KM_PER_DEG = 111.19508;
const LON = -100;

async function fixture(handle: DbHandle, batchId: number): Promise<Record<string, number>> {
	const run = (q: ReturnType<typeof sql>) => queryRows(handle.db, q);
	const pt = (lat: number) => sql`ST_SetSRID(ST_MakePoint(${LON}::float8, ${lat}::float8), 4326)`;
	// Results are cached per data version (import_batches); a batch id per driver keeps the two drivers' caches apart.
	await run(sql`INSERT INTO import_batches (id, dataset, title, origin, source, vintage, kind) VALUES (${batchId}, 'test', 'test', 'test', 'test', 'test', 'demo')`);
	await run(sql`INSERT INTO consulates (id, name, city, state, geom, coord_precision, border, jurisdiction_states)
		VALUES ('test-office', 'Consulado de Prueba', 'Testville', 'TX', ${pt(30.4)}, 'city', false, '{TX}')`);
	await run(sql`INSERT INTO areas (level, code, name, state_fips, state, geom, point) VALUES ('county', '48999', 'Meridian County', '48', 'TX',
		ST_Multi(ST_MakeEnvelope(-100.5, 29, -99.5, 31, 4326)), ${pt(30)})`);
	const zctas: [string, number][] = [
		['90001', 30.0],
		['90002', 30.1],
		['90003', 30.2248],
		['90004', 30.225],
		['90005', 29.6],
		['90006', 29.45]
	];
	for (const [code, lat] of zctas) {
		await run(sql`INSERT INTO areas (level, code, name, state_fips, state, point) VALUES ('zcta', ${code}, ${code}, '48', 'TX', ${pt(lat)})`);
		await run(sql`INSERT INTO zcta_counties (zcta, county_fips, weight_pct) VALUES (${code}, '48999', 100)`);
	}
	const estimates: [string, string, number, 'measured' | 'modelled'][] = [
		['90001', 'total_population', 5000, 'modelled'],
		['90002', 'total_population', 8000, 'modelled'],
		['90003', 'total_population', 1500, 'modelled'],
		['90004', 'total_population', 20000, 'modelled'],
		['90001', 'mexican_origin', 1000, 'modelled'],
		['90002', 'mexican_origin', 2000, 'modelled'],
		['90003', 'mexican_origin', 400, 'modelled'],
		['90004', 'mexican_origin', 5000, 'modelled'],
		['90005', 'mexican_origin', 300, 'modelled'],
		['90006', 'mexican_origin', 9000, 'modelled'],
		['90001', 'mexico_born', 300, 'modelled'],
		['90002', 'mexico_born', 600, 'modelled'],
		['90003', 'mexico_born', 100, 'modelled'],
		// 90001 has a measured uninsured figure, which wins over its modelled one.
		['90001', 'uninsured', 900, 'modelled'],
		['90001', 'uninsured', 800, 'measured'],
		['90002', 'uninsured', 1200, 'modelled'],
		['90003', 'uninsured', 200, 'modelled']
	];
	for (const [code, indicator, value, kind] of estimates) {
		await run(sql`INSERT INTO population_estimates (level, code, indicator, value, vintage, source, kind, method)
			VALUES ('zcta', ${code}, ${indicator}, ${value}, ${kind === 'measured' ? 'ACS 2019-2023' : '2020'}, ${kind === 'measured' ? 'ACS' : 'model'}, ${kind}, NULL)`);
	}
	const ids: Record<string, number> = {};
	const partners: [string, number, string, string | null][] = [
		['A', 30.0, 'clinic', null],
		['B', 30.3, 'hospital', null],
		['C', 30.5, 'university', null],
		['D', 30.6, 'clinic', null],
		['E', 30.05, 'clinic', '2020-12-31']
	];
	for (const [name, lat, type, activeTo] of partners) {
		const [row] = await queryRows<{ id: number }>(
			handle.db,
			sql`INSERT INTO partners (source_key, name, type, consulate_id, address, city, state, zip, geom, location_approximate, services, active_from, active_to, kind, source)
				VALUES (${`test-${name}`}, ${`Partner ${name}`}, ${type}, 'test-office', '1 Main St', 'Testville', 'TX', '90001', ${pt(lat)}, false,
					'{glucose,vision}', '2019-01-01', ${activeTo}, 'demo', 'test generator') RETURNING id`
		);
		ids[name] = Number(row.id);
	}
	// Records at A: 62 people in all; vision (5) and March (7) are small cells. B and the desk have records that must not count.
	const records: [string, number | null, string, number, number, number[]][] = [
		['2024-01-01', ids.A, 'glucose', 30, 45, [18, 12, 2, 5, 1]],
		['2024-02-01', ids.A, 'glucose', 20, 25, [12, 8, 0, 3, 0]],
		['2024-02-01', ids.A, 'vision', 5, 5, [3, 2, 0, 0, 0]],
		['2024-03-01', ids.A, 'blood_pressure', 7, 9, [4, 3, 0, 0, 0]],
		['2024-01-01', ids.B, 'glucose', 100, 120, [60, 40, 0, 0, 0]],
		['2024-01-01', null, 'glucose', 200, 250, [100, 100, 0, 0, 0]]
	];
	for (const [month, partnerId, service, people, services, [women, men, pregnant, children, lgbtq]] of records) {
		await run(sql`INSERT INTO service_records (month, consulate_id, partner_id, channel, service_type, people_served, services_delivered,
				women, men, pregnant_women, children, lgbtq, kind, source)
			VALUES (${month}, 'test-office', ${partnerId}, 'desk', ${service}, ${people}, ${services}, ${women}, ${men}, ${pregnant}, ${children}, ${lgbtq}, 'demo', 'test generator')`);
	}
	return ids;
}

const filters = (f: Partial<ServiceFilters>): ServiceFilters => ({ ...NO_FILTERS, ...f });

describe('partner-area parameters', () => {
	it('reads the radius in km and refuses one outside 1-200 km with a message naming it', () => {
		expect(parseRadiusKm('40', 25)).toBe(40);
		expect(parseRadiusKm(null, 25)).toBe(25);
		expect(parseRadiusKm('', 25)).toBe(25);
		expect(() => parseRadiusKm('0.5', 25)).toThrow(/radius: "0.5" is not a radius from 1 to 200 km/);
		expect(() => parseRadiusKm('201', 25)).toThrow(PartnerAreaInputError);
		expect(() => parseRadiusKm('ten', 25)).toThrow(PartnerAreaInputError);
	});

	it('takes the default radius from PARTNER_RADIUS_KM, 25 km when unset, and names the key when it is wrong', () => {
		expect(defaultRadiusKm({})).toBe(25);
		expect(defaultRadiusKm({ PARTNER_RADIUS_KM: '40' })).toBe(40);
		expect(() => defaultRadiusKm({ PARTNER_RADIUS_KM: '500' })).toThrow(/PARTNER_RADIUS_KM/);
	});

	it('accepts whole-number partner ids only', () => {
		expect(parsePartnerId('12')).toBe(12);
		for (const bad of ['0', '-3', '1.5', 'abc', '99999999999']) expect(() => parsePartnerId(bad)).toThrow(PartnerAreaInputError);
	});
});

describe.each(drivers())('a partner area on %s', (driver) => {
	let handle: DbHandle;
	let ids: Record<string, number>;
	let area: PartnerArea;
	beforeAll(async () => {
		handle = await freshDb(driver);
		ids = await fixture(handle, driver === 'pglite' ? 101 : 202);
		area = (await partnerArea(handle.db, { id: ids.A, radiusKm: 25, target: 'mexican_origin' }))!;
	});
	afterAll(() => handle?.close());

	it('describes the partner: name, type, office, address, county, dates and that it is demo data', () => {
		expect(area.partner).toMatchObject({
			name: 'Partner A',
			type: 'clinic',
			consulateId: 'test-office',
			officeName: 'Consulado de Prueba',
			city: 'Testville',
			zip: '90001',
			locationApproximate: false,
			countyName: 'Meridian County',
			activeFrom: '2019-01-01',
			activeTo: null,
			active: true,
			kind: 'demo'
		});
		expect(area.partner.services).toEqual(['glucose', 'vision']);
	});

	it('sums the ZIP areas whose centre lies within 25 km, the one at 24.997 km in and the one at 25.019 km out', () => {
		expect(area.catchment.zctas).toBe(3);
		expect(area.catchment.points.map((p) => p.code)).toEqual(['90001', '90002', '90003']);
		expect(area.catchment.points[2].distanceKm).toBeCloseTo(0.2248 * KM_PER_DEG, 2);
		const by = Object.fromEntries(area.catchment.groups.map((g) => [g.group, g.population]));
		// 1,000 + 2,000 + 400; totals 5,000 + 8,000 + 1,500; Mexico-born 300 + 600 + 100.
		expect(by).toEqual({ total_population: 14500, mexican_origin: 3400, mexico_born: 1000, uninsured: 2200, uninsured_mexican_origin: null });
		expect(area.catchment.method).toMatch(/ZCTAs whose centre lies within R km/);
	});

	it('counts the measured uninsured figure instead of the modelled one and says which ZIP areas each kind covers', () => {
		const uninsured = area.catchment.groups.find((g) => g.group === 'uninsured')!;
		// 800 measured (not the modelled 900) + 1,200 + 200 modelled.
		expect(uninsured.population).toBe(2200);
		expect(uninsured.sources.map((s) => [s.kind, s.zctas, s.vintage])).toEqual([
			['measured', 1, 'ACS 2019-2023'],
			['modelled', 2, '2020']
		]);
	});

	it('takes in the ZIP area at 25.019 km once the radius is 25.02 km', async () => {
		const wider = (await partnerArea(handle.db, { id: ids.A, radiusKm: 25.02, target: 'mexican_origin' }))!;
		expect(wider.catchment.zctas).toBe(4);
		expect(wider.catchment.groups.find((g) => g.group === 'mexican_origin')!.population).toBe(8400);
	});

	it('sums only the records made at this site, withholding small cells as "< 11" and what would give them away', () => {
		const s = area.services;
		expect(s.records).toBe(4);
		expect(s.total).toEqual({ key: 'total', people: 62, services: 84, suppressed: false, secondary: false });
		// March (7) is small and 62 - 30 - 25 would give it away: February (25, the smallest month with
		// 7 + 25 - 11 >= 10) is withheld with it.
		expect(s.byMonth).toEqual([
			{ key: '2024-01', people: 30, services: 45, suppressed: false, secondary: false },
			{ key: '2024-02', people: null, services: null, suppressed: true, secondary: true },
			{ key: '2024-03', people: null, services: null, suppressed: true, secondary: false }
		]);
		// Blood pressure (7) and vision (5): 12 withheld, each could still be anything up to 10.
		expect(s.byService).toEqual([
			{ key: 'glucose', people: 50, services: 70, suppressed: false, secondary: false },
			{ key: 'blood_pressure', people: null, services: null, suppressed: true, secondary: false },
			{ key: 'vision', people: null, services: null, suppressed: true, secondary: false }
		]);
		expect(s.byGroup.map((g) => [g.key, g.people])).toEqual([
			['women', 37],
			['men', 25],
			['pregnant_women', null],
			['children', null],
			['lgbtq', null]
		]);
		expect(s.period).toEqual({ first: '2024-01', last: '2024-03' });
		expect(s.sources).toEqual([{ kind: 'demo', source: 'test generator', records: 4 }]);
	});

	it('applies the record filters: a period, a group, a service type', async () => {
		const from = await partnerArea(handle.db, { id: ids.A, radiusKm: 25, filters: filters({ from: '2024-02' }) });
		expect(from!.services.total).toMatchObject({ people: 32, services: 39 });
		const women = await partnerArea(handle.db, { id: ids.A, radiusKm: 25, filters: filters({ group: 'women' }) });
		expect(women!.services.total).toMatchObject({ people: 37, services: 84 });
		const vision = await partnerArea(handle.db, { id: ids.A, radiusKm: 25, filters: filters({ serviceTypes: ['vision'] }) });
		expect(vision!.services.total).toEqual({ key: 'total', people: null, services: null, suppressed: true, secondary: false });
		expect(vision!.services.records).toBe(1);
	});

	it('says a partner has no records when none were made at its site', async () => {
		const c = await partnerArea(handle.db, { id: ids.C, radiusKm: 25 });
		expect(c!.services.records).toBe(0);
		expect(c!.services.byMonth).toEqual([]);
		expect(c!.services.period).toEqual({ first: null, last: null });
	});

	it('lists active partners and desks within 50 km, nearest first, leaving out itself and the closed partner', () => {
		expect(area.nearby.radiusKm).toBe(50);
		expect(area.nearby.rows.map((r) => [r.name, r.role, r.type])).toEqual([
			['Partner B', 'partner', 'hospital'],
			['Consulado de Prueba', 'desk', null]
		]);
		expect(area.nearby.rows[0].distanceKm).toBeCloseTo(0.3 * KM_PER_DEG, 2);
		expect(area.nearby.rows[1].distanceKm).toBeCloseTo(0.4 * KM_PER_DEG, 2);
		expect(area.nearby.total).toBe(2);
	});

	it('ranks the ZIP areas within 50 km with the remote one first, then by target population, each with its county and nearest service', () => {
		const u = area.underserved;
		expect(u.radiusKm).toBe(50);
		expect(u.rows.map((r) => [r.code, r.population, r.remote])).toEqual([
			['90005', 300, true],
			['90004', 5000, false],
			['90002', 2000, false],
			['90001', 1000, false],
			['90003', 400, false]
		]);
		// 90005 (lat 29.6) is nearest to A, 0.4° away; 90004 (30.225) to B (30.3), 0.075° away.
		expect(u.rows[0].nearestKm).toBeCloseTo(0.4 * KM_PER_DEG, 2);
		expect(u.rows[1].nearestKm).toBeCloseTo(0.075 * KM_PER_DEG, 2);
		expect(u.rows[0].countyName).toBe('Meridian County');
		expect(u.total).toBe(5);
		expect(u.remote).toBe(1);
		expect(u.remotePopulation).toBe(300);
		expect(u.distanceSource?.kind).toBe('demo');
	});

	it('returns null for an unknown partner and refuses a radius outside 1-200 km', async () => {
		await expect(partnerArea(handle.db, { id: 999999, radiusKm: 25 })).resolves.toBeNull();
		await expect(partnerArea(handle.db, { id: ids.A, radiusKm: 250 })).rejects.toThrow(PartnerAreaInputError);
		await expect(partnerArea(handle.db, { id: ids.A, radiusKm: 0 })).rejects.toThrow(/radiusKm/);
	});
});
