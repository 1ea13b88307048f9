/**
 * Service records filtered and summed (src/lib/server/queries/services.ts) on both drivers, on a
 * handful of records whose sums are worked out by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FILTERS, parseFilters } from '../../src/lib/filters';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { partners, populationEstimates, serviceRecords } from '../../src/lib/server/db/schema';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/lib/server/db/client';
import { officePenetration, recordFilterSql, serviceSummary } from '../../src/lib/server/queries/services';
import { drivers, freshDb } from '../support/db';
import { loadGeography } from '../support/fixtures';

const f = (q: string) => parseFilters(new URLSearchParams(q));

async function loadRecords(db: Db) {
	const partner = (key: string, type: 'clinic' | 'hospital', consulateId: string, lng: number, lat: number) => ({
		sourceKey: key,
		name: key,
		type,
		consulateId,
		geom: { lng, lat },
		services: ['glucose' as const],
		kind: 'demo' as const,
		source: 'services test'
	});
	const [sd, cook] = await db
		.insert(partners)
		.values([partner('sd-clinic', 'clinic', 'san-diego', -117.1, 32.75), partner('cook-hospital', 'hospital', 'chicago', -87.65, 41.8)])
		.returning({ id: partners.id });
	const rec = (kind: 'demo' | 'measured', month: string, office: string, partnerId: number | null, channel: 'desk' | 'health_week_fair', type: 'glucose' | 'vaccination' | 'information_counselling', people: number, services: number, women: number) => ({
		kind,
		month,
		consulateId: office,
		partnerId,
		channel,
		serviceType: type,
		peopleServed: people,
		servicesDelivered: services,
		women,
		source: `${kind} test records`
	});
	await db.insert(serviceRecords).values([
		// San Diego, demo only: 30 + 5 + 100 = 135 people, 50 + 5 + 120 = 175 services, 20 + 3 + 60 = 83 women.
		rec('demo', '2024-01-01', 'san-diego', sd.id, 'health_week_fair', 'glucose', 30, 50, 20),
		rec('demo', '2024-02-01', 'san-diego', sd.id, 'health_week_fair', 'vaccination', 5, 5, 3),
		rec('demo', '2024-01-01', 'san-diego', null, 'desk', 'information_counselling', 100, 120, 60),
		// Chicago has a measured record, so its demo record no longer counts: 12 people, 15 services, 7 women.
		rec('demo', '2024-01-01', 'chicago', cook.id, 'desk', 'glucose', 40, 44, 25),
		rec('measured', '2024-03-01', 'chicago', null, 'desk', 'glucose', 12, 15, 7)
	]);
	const figure = (code: string, value: number) => ({ level: 'county' as const, code, indicator: 'mexican_origin' as const, value, kind: 'modelled' as const, vintage: 'test', source: 'services test' });
	await db.insert(populationEstimates).values([figure('06073', 1_000_000), figure('17031', 1_200_000)]);
}

describe.each(drivers())('service summaries on %s', (driver) => {
	let handle: DbHandle;
	let db: Db;
	beforeAll(async () => {
		handle = await freshDb(driver);
		db = handle.db;
		await loadGeography(db);
		await loadRecords(db);
	});
	afterAll(async () => handle?.close());

	it('sums each office, its measured records replacing its demo ones', async () => {
		const s = await serviceSummary(db, { by: 'office', filters: NO_FILTERS });
		expect(s.rows).toEqual([
			{ key: 'chicago', people: 12, services: 15, suppressed: false, secondary: false },
			{ key: 'san-diego', people: 135, services: 175, suppressed: false, secondary: false }
		]);
		expect(s.total).toEqual({ key: 'total', people: 147, services: 190, suppressed: false, secondary: false });
		expect(s.period).toEqual({ first: '2024-01', last: '2024-03' });
		expect(s.sources.map((x) => [x.kind, x.records])).toEqual([
			['measured', 1],
			['demo', 3]
		]);
	});

	it('places records in the county of their site: the partner, or the office for its own records', async () => {
		const s = await serviceSummary(db, { by: 'county' });
		expect(s.rows).toEqual([
			{ key: '06073', people: 135, services: 175, suppressed: false, secondary: false },
			{ key: '17031', people: 12, services: 15, suppressed: false, secondary: false }
		]);
	});

	it('withholds counts under 11 people, services included, and a second cell so the total does not give them away', async () => {
		const s = await serviceSummary(db, { by: 'month' });
		// February (5) is small. March (12) would not hide it: 147 - 130 = 17 withheld, 12 of them
		// marked "withheld" (so >= 11), would show February <= 6. January (130) does: 135 - 11 >= 10.
		// San Diego's own months (130 and 5 under its total of 135) need January withheld anyway.
		expect(s.rows).toEqual([
			{ key: '2024-01', people: null, services: null, suppressed: true, secondary: true },
			{ key: '2024-02', people: null, services: null, suppressed: true, secondary: false },
			{ key: '2024-03', people: 12, services: 15, suppressed: false, secondary: false }
		]);
		const later = await serviceSummary(db, { by: 'office', filters: f('from=2024-02') });
		// San Diego 5, Chicago 12 under a total of 17: Chicago is withheld too, and with every cell
		// withheld the total can only bound them (5 + 12 = 17: the small one is at most 6).
		expect(later.rows).toEqual([
			{ key: 'chicago', people: null, services: null, suppressed: true, secondary: true },
			{ key: 'san-diego', people: null, services: null, suppressed: true, secondary: false }
		]);
		expect(later.total.people).toBe(17);
	});

	it('applies each filter: channel, provider type ("office" = no partner), group, office', async () => {
		expect((await serviceSummary(db, { by: 'total', filters: f('channel=health_week_fair') })).total).toMatchObject({ people: 35, services: 55 });
		expect((await serviceSummary(db, { by: 'total', filters: f('ptype=office') })).total.people).toBe(112);
		expect((await serviceSummary(db, { by: 'total', filters: f('ptype=clinic') })).total.people).toBe(35);
		// The demo hospital record is replaced by Chicago's measured one: no hospital records count.
		expect((await serviceSummary(db, { by: 'total', filters: f('ptype=hospital') })).total).toMatchObject({ people: null, suppressed: true, secondary: false });
		expect((await serviceSummary(db, { by: 'total', filters: f('group=women') })).total.people).toBe(90);
		expect((await serviceSummary(db, { by: 'total', filters: f('office=chicago&service=glucose') })).total.people).toBe(12);
		expect((await serviceSummary(db, { by: 'total', filters: f('service=vaccination&to=2024-01') })).total).toMatchObject({ people: null, suppressed: true, secondary: false });
	});

	it('counts people by group, services not being recorded by group', async () => {
		const s = await serviceSummary(db, { by: 'group' });
		// No men recorded (0, shown "< 11"): women 90 of 147 does not give it away, 0 people need no cover.
		expect(s.rows.find((r) => r.key === 'women')).toEqual({ key: 'women', people: 90, services: null, suppressed: false, secondary: false });
		expect(s.rows.find((r) => r.key === 'men')).toEqual({ key: 'men', people: null, services: null, suppressed: true, secondary: false });
	});

	it('selects in memory exactly the records that recordFilterSql selects in SQL', async () => {
		for (const q of ['', 'channel=desk', 'ptype=office,clinic&from=2024-02', 'group=women&service=glucose,information_counselling', 'office=san-diego&to=2024-01']) {
			const filters = f(q);
			const [row] = await queryRows<{ people: number | null; services: number | null }>(
				db,
				sql`SELECT sum(${sql.raw(filters.group ? `coalesce(r.${filters.group}, 0)` : 'r.people_served')})::float8 AS people, sum(r.services_delivered)::float8 AS services
					FROM service_records r LEFT JOIN partners p ON p.id = r.partner_id WHERE ${recordFilterSql(filters)}`
			);
			const { total } = await serviceSummary(db, { by: 'total', filters });
			const people = Number(row.people ?? 0);
			expect(total.suppressed, q).toBe(people < 11);
			if (!total.suppressed) expect([total.people, total.services], q).toEqual([people, Number(row.services)]);
		}
	});

	it("rates each office per 1,000 target residents of today's jurisdiction and ranks them", async () => {
		const { rows } = await officePenetration(db, { target: 'mexican_origin' });
		const sd = rows.find((r) => r.office === 'san-diego')!;
		const chicago = rows.find((r) => r.office === 'chicago')!;
		// 135 / 1,000,000 x 1,000 = 0.135; 12 / 1,200,000 x 1,000 = 0.01.
		expect(sd.per1000).toBeCloseTo(0.135, 10);
		expect(chicago.per1000).toBeCloseTo(0.01, 10);
		expect([sd.rank, chicago.rank]).toEqual([1, 2]);
		const houston = rows.find((r) => r.office === 'houston')!;
		expect(houston).toMatchObject({ people: null, suppressed: true, per1000: null, rank: null });
		expect(rows).toHaveLength(53);
	});
});
