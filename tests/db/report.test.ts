import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client';
import { addMonths, defaultPeriod, jurisdiction, monthsBetween, previousPeriod } from '../../src/lib/server/queries/report';
import { drivers, freshDb } from '../support/db';

const box = (w: number, s: number, e: number, n: number) => `((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s}))`;

/**
 * Two offices. Alpha serves A1 (a 1x1 degree square) and, since 2020, A2 (moved from omega); it
 * gets C1 only in 2999. Omega serves the "Aleutian" county B1, in two pieces either side of 180°,
 * and C1 just east of it. A1 has a modelled and a measured figure (the measured one wins).
 */
async function fixture(handle: DbHandle) {
	const run = (q: ReturnType<typeof sql>) => handle.db.execute(q);
	await run(sql`INSERT INTO consulates (id, name, city, state, geom, coord_precision, border, jurisdiction_states) VALUES
		('alpha', 'Consulate of Mexico in Alpha', 'Alpha', 'TX', ST_SetSRID(ST_MakePoint(-99.5, 30.5), 4326), 'city', true, ARRAY['TX']),
		('omega', 'Consulate of Mexico in Omega', 'Omega', 'AK', ST_SetSRID(ST_MakePoint(-176, 52.5), 4326), 'city', false, ARRAY['AK'])`);
	const county = (code: string, name: string, state: string, wkt: string) =>
		run(sql`INSERT INTO areas (level, code, name, state_fips, state, geom) VALUES
			('county', ${code}, ${name}, ${code.slice(0, 2)}, ${state}, ST_GeomFromText(${`MULTIPOLYGON(${wkt})`}, 4326))`);
	await county('48001', 'A1', 'TX', box(-100, 30, -99, 31));
	await county('48002', 'A2', 'TX', box(-99, 31, -98, 32.5));
	await county('02001', 'B1', 'AK', `${box(172, 51, 174, 52)},${box(-180, 51, -178, 52)}`);
	await county('02002', 'C1', 'AK', box(-177, 52, -175, 53));
	await run(sql`INSERT INTO county_assignments (county_fips, valid_from, consulate_id, basis, approximate) VALUES
		('48001', '2000-01-01', 'alpha', 'whole_state', false),
		('48002', '2000-01-01', 'omega', 'listed', false),
		('48002', '2020-01-01', 'alpha', 'nearest', true),
		('02001', '2000-01-01', 'omega', 'whole_state', false),
		('02002', '2000-01-01', 'omega', 'whole_state', false),
		('02002', '2999-01-01', 'alpha', 'admin', false)`);
	await run(sql`INSERT INTO population_estimates (level, code, indicator, value, vintage, source, kind) VALUES
		('county', '48001', 'mexican_origin', 1000, '2020', 'model', 'modelled'),
		('county', '48001', 'mexican_origin', 1200, '2022', 'ACS', 'measured'),
		('county', '48002', 'mexican_origin', 500, '2020', 'model', 'modelled'),
		('county', '02001', 'mexican_origin', 40, '2020', 'model', 'modelled'),
		('county', '48001', 'uninsured', 300, '2020', 'model', 'modelled')`);
}

describe('report periods', () => {
	it('counts months forwards and backwards across year ends', () => {
		expect(addMonths('2026-10', -11)).toBe('2025-11');
		expect(addMonths('2025-12', 1)).toBe('2026-01');
		expect(addMonths('2024-03', -15)).toBe('2022-12');
		expect(monthsBetween('2025-11', '2026-10')).toBe(12);
		expect(monthsBetween('2026-03', '2026-03')).toBe(1);
		expect(monthsBetween('2026-04', '2026-03')).toBe(0);
	});

	it('defaults to the 12 months ending at the last month with records, and compares with the 12 before', () => {
		expect(defaultPeriod('2026-10')).toEqual({ from: '2025-11', to: '2026-10' });
		expect(previousPeriod({ from: '2025-11', to: '2026-10' })).toEqual({ from: '2024-11', to: '2025-10' });
		// A quarter is compared with the quarter before it.
		expect(previousPeriod({ from: '2026-01', to: '2026-03' })).toEqual({ from: '2025-10', to: '2025-12' });
	});
});

describe.each(drivers())('jurisdiction of an office on %s', (driver) => {
	let handle: DbHandle;
	beforeAll(async () => {
		handle = await freshDb(driver);
		await fixture(handle);
	});
	afterAll(() => handle?.close());

	it("lists today's counties with the best population figure, the moved county included and the future one left out", async () => {
		const j = await jurisdiction(handle.db, { office: 'alpha', target: 'mexican_origin' });
		expect(j.counties).toEqual([
			{ code: '48001', name: 'A1', state: 'TX', population: 1200, kind: 'measured', vintage: '2022', source: 'ACS', approximate: false },
			{ code: '48002', name: 'A2', state: 'TX', population: 500, kind: 'modelled', vintage: '2020', source: 'model', approximate: true }
		]);
	});

	it('frames the counties with their bounding box in degrees', async () => {
		const j = await jurisdiction(handle.db, { office: 'alpha', target: 'mexican_origin' });
		expect(j.bounds).toEqual([
			[-100, 30],
			[-98, 32.5]
		]);
	});

	it('frames a jurisdiction across the antimeridian west of -180 rather than around the globe', async () => {
		const j = await jurisdiction(handle.db, { office: 'omega', target: 'mexican_origin' });
		expect(j.counties.map((c) => c.code)).toEqual(['02001', '02002']);
		// Pieces at 172..174 and -180..-178, and C1 at -177..-175: 172..185 in 0..360 longitudes.
		expect(j.bounds).toEqual([
			[-188, 51],
			[-175, 53]
		]);
	});

	it('says "no figure" (null), not zero, for counties without the target group', async () => {
		const j = await jurisdiction(handle.db, { office: 'omega', target: 'mexican_origin' });
		expect(j.counties.find((c) => c.code === '02002')).toMatchObject({ population: null, kind: null });
		const u = await jurisdiction(handle.db, { office: 'alpha', target: 'uninsured' });
		expect(u.counties.map((c) => c.population)).toEqual([300, null]);
	});

	it('gives an office with no counties an empty list and no box', async () => {
		const j = await jurisdiction(handle.db, { office: 'nowhere', target: 'mexican_origin' });
		expect(j).toEqual({ office: 'nowhere', counties: [], bounds: null });
	});
});
