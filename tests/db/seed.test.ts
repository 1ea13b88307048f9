import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '../../src/lib/server/db/client';
import { consulates, populationEstimates } from '../../src/lib/server/db/schema';
import { assignmentHistory, correctAssignment } from '../../src/lib/server/load/assignments';
import { removeDemo } from '../../src/lib/server/load/demo';
import { ensureLoaded } from '../../src/lib/server/load/seed';
import { countyNeedIndex, planSites } from '../../src/lib/server/analysis/service';
import { consulatesGeoJson } from '../../src/lib/server/queries/consulates';
import { deleteScenario, listScenarios, saveScenario } from '../../src/lib/server/queries/scenarios';
import { indicatorValues } from '../../src/lib/server/queries/indicators';
import { demandPoints, supplyPoints } from '../../src/lib/server/queries/analysis-inputs';
import { assignmentsOnSql } from '../../src/lib/server/queries/jurisdictions';
import { partnersGeoJson } from '../../src/lib/server/queries/partners';
import { dataSources } from '../../src/lib/server/queries/sources';
import { drivers, freshDb } from '../support/db';

/** Row counts of every table, to prove an operation touched only what it should. */
async function tableCounts(handle: DbHandle): Promise<Record<string, number>> {
	const rows = await queryRows<{ t: string; n: string | number }>(
		handle.db,
		sql`SELECT 'areas' AS t, count(*) AS n FROM areas UNION ALL SELECT 'consulates', count(*) FROM consulates
			UNION ALL SELECT 'assignments', count(*) FROM county_assignments UNION ALL SELECT 'places', count(*) FROM places
			UNION ALL SELECT 'estimates', count(*) FROM population_estimates UNION ALL SELECT 'zcta_counties', count(*) FROM zcta_counties
			UNION ALL SELECT 'partners', count(*) FROM partners UNION ALL SELECT 'records', count(*) FROM service_records`
	);
	return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

async function one<T>(handle: DbHandle, query: ReturnType<typeof sql>): Promise<T> {
	return (await queryRows<T>(handle.db, query))[0];
}

describe.each(drivers())('first start on %s', (driver) => {
	let handle: DbHandle;
	let log: string[];
	beforeAll(async () => {
		handle = await freshDb(driver);
		log = [];
		await ensureLoaded(handle.db, (m) => log.push(m), { demoEndMonth: '2026-10' });
	});
	afterAll(() => handle?.close());

	it('prints which step it is on and how many rows each loaded', () => {
		expect(log[0]).toMatch(/^\[1\/8\] loading Consular offices/);
		expect(log.join('\n')).toMatch(/3,225 counties/);
		expect(log.join('\n')).toMatch(/550 partners/);
	});

	it('loads all 53 offices, San Juan and Washington included, 12 of them on the border', async () => {
		const geo = await consulatesGeoJson(handle.db);
		expect(geo.features).toHaveLength(53);
		const ids = geo.features.map((f) => f.properties.id);
		expect(ids).toContain('san-juan');
		expect(ids).toContain('washington-dc');
		expect(geo.features.filter((f) => f.properties.border)).toHaveLength(12);
		const sanDiego = geo.features.find((f) => f.properties.id === 'san-diego')!;
		expect(sanDiego.geometry.coordinates).toEqual([-117.1611, 32.7157]);
	});

	it('loads 53 states and territories, 3,225 counties with geometry but one, and 33,776 ZCTAs', async () => {
		const counts = await queryRows<{ level: string; n: string; drawn: string }>(
			handle.db,
			sql`SELECT level::text, count(*) AS n, count(geom) AS drawn FROM areas GROUP BY level ORDER BY level`
		);
		expect(counts.map((c) => [c.level, Number(c.n), Number(c.drawn)])).toEqual([
			['county', 3225, 3224],
			['state', 53, 53],
			['zcta', 33776, 0]
		]);
		const invalid = await one<{ n: string }>(handle, sql`SELECT count(*) AS n FROM areas WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)`);
		expect(Number(invalid.n)).toBe(0);
	});

	it('assigns every county to exactly one office, today and before the 2022 redraw', async () => {
		for (const day of ['2026-11-21', '2021-01-01']) {
			const r = await one<{ counties: string; assigned: string; offices: string }>(
				handle,
				sql`SELECT (SELECT count(*) FROM areas WHERE level = 'county') AS counties,
					(SELECT count(*) FROM ${assignmentsOnSql(day)} a JOIN areas c ON c.level = 'county' AND c.code = a.county_fips) AS assigned,
					(SELECT count(DISTINCT consulate_id) FROM ${assignmentsOnSql(day)} a) AS offices`
			);
			expect(Number(r.assigned)).toBe(3225);
			expect(Number(r.counties)).toBe(3225);
			expect(Number(r.offices)).toBe(day === '2021-01-01' ? 51 : 53); // Oklahoma City and New Brunswick opened in 2023
		}
	});

	it('models target population from state shares: Texas ZCTAs carry Texas Mexican-origin share', async () => {
		const r = await one<{ modelled: number; total: number }>(
			handle,
			sql`SELECT sum(m.value) AS modelled, sum(t.value) AS total FROM population_estimates m
				JOIN population_estimates t ON t.level = 'zcta' AND t.code = m.code AND t.indicator = 'total_population'
				JOIN areas a ON a.level = 'zcta' AND a.code = m.code AND a.state = 'TX'
				WHERE m.level = 'zcta' AND m.indicator = 'mexican_origin' AND m.kind = 'modelled'`
		);
		expect(Number(r.modelled) / Number(r.total)).toBeCloseTo(9530419 / 28635442, 9);
	});

	it('serves about 1.5 million people a year, about 400,000 at Binational Health Week', async () => {
		const years = await queryRows<{ y: number; people: string; fair: string }>(
			handle.db,
			sql`SELECT extract(year FROM month)::int AS y, sum(people_served) AS people,
				sum(people_served) FILTER (WHERE channel = 'health_week_fair' AND extract(month FROM month) = 10) AS fair
				FROM service_records WHERE kind = 'demo' GROUP BY 1 ORDER BY 1`
		);
		expect(years.map((y) => Number(y.y))).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
		for (const y of years.filter((y) => Number(y.y) <= 2025)) {
			expect(Math.abs(Number(y.people) / 1_500_000 - 1)).toBeLessThan(0.02);
			expect(Math.abs(Number(y.fair) / 400_000 - 1)).toBeLessThan(0.02);
		}
	});

	it("matches San Diego's 2024 seed figures exactly", async () => {
		const r = await one<Record<string, string>>(
			handle,
			sql`SELECT sum(women) AS women, sum(men) AS men, sum(pregnant_women) AS pregnant, sum(children) AS children, sum(lgbtq) AS lgbtq
				FROM service_records WHERE consulate_id = 'san-diego' AND month >= '2024-01-01' AND month < '2025-01-01'`
		);
		expect(Object.values(r).map(Number)).toEqual([30000, 20000, 4000, 2500, 1000]);
	});

	it('records nothing for Oklahoma City before it opened in May 2023', async () => {
		const r = await one<{ first: string }>(handle, sql`SELECT min(month)::text AS first FROM service_records WHERE consulate_id = 'oklahoma-city'`);
		expect(r.first).toBe('2023-05-01');
	});

	it('labels demo partners as demo in the API, each inside its office jurisdiction', async () => {
		const geo = await partnersGeoJson(handle.db, { includeInactive: true });
		expect(geo.features).toHaveLength(550);
		expect(new Set(geo.features.map((f) => f.properties.kind))).toEqual(new Set(['demo']));
		// Each sits at (within ~1 km of) a real place in a county its office serves today.
		const outside = await one<{ n: string }>(
			handle,
			sql`SELECT count(*) AS n FROM partners p WHERE NOT EXISTS (
				SELECT 1 FROM places q JOIN ${assignmentsOnSql()} b ON b.county_fips = q.county_fips AND b.consulate_id = p.consulate_id
				WHERE ST_DWithin(q.geom, p.geom, 0.03))`
		);
		expect(Number(outside.n)).toBe(0);
	});

	it('lists every data set with its kind, vintage and row counts', async () => {
		const sources = await dataSources(handle.db);
		expect(sources.map((s) => s.dataset)).toEqual([
			'consulates',
			'boundaries',
			'zcta-population',
			'places',
			'jurisdictions',
			'state-population',
			'population-model',
			'demo'
		]);
		expect(sources.find((s) => s.dataset === 'demo')!.kind).toBe('demo');
		expect(sources.find((s) => s.dataset === 'population-model')!.kind).toBe('modelled');
		expect(sources.find((s) => s.dataset === 'zcta-population')!.rowCounts.zctas).toBe(33776);
	});

	it('prefers a measured figure over the modelled one for the same county', async () => {
		const before = await indicatorValues(handle.db, { indicator: 'mexican_origin', level: 'county' });
		expect(before.values.find((v) => v.code === '06073')!.kind).toBe('modelled');
		await handle.db.insert(populationEstimates).values({
			level: 'county',
			code: '06073',
			indicator: 'mexican_origin',
			value: 1_000_000,
			moe: 5000,
			vintage: 'ACS 2019-2023 5-year',
			source: 'test',
			kind: 'measured'
		});
		const after = await indicatorValues(handle.db, { indicator: 'mexican_origin', level: 'county' });
		const sd = after.values.find((v) => v.code === '06073')!;
		expect([sd.kind, sd.value, sd.moe]).toEqual(['measured', 1_000_000, 5000]);
		expect(after.values).toHaveLength(before.values.length);
		await handle.db.delete(populationEstimates).where(eq(populationEstimates.source, 'test'));
	});

	it('gives the analyses ZCTA demand by target group and the desks plus active partners as supply', async () => {
		const demand = await demandPoints(handle.db, { level: 'zcta', group: 'mexican_origin' });
		// Every ZCTA with a population, except the Virgin Islands' (no state shares to model from).
		const withPopulation = await one<{ n: string }>(
			handle,
			sql`SELECT count(*) AS n FROM population_estimates e JOIN areas a ON a.level = 'zcta' AND a.code = e.code
				WHERE e.level = 'zcta' AND e.indicator = 'total_population' AND a.state <> 'VI'`
		);
		expect(demand).toHaveLength(Number(withPopulation.n));
		const z92101 = demand.find((d) => d.id === '92101')!;
		expect(z92101.population).toBeCloseTo((46025 * 12635258) / 39346023, 6);
		expect([z92101.lat, z92101.lon, z92101.kind]).toEqual([32.7162, -117.18589, 'modelled']);

		const supply = await supplyPoints(handle.db, { day: '2026-11-21' });
		expect(supply.filter((s) => s.role === 'desk')).toHaveLength(53);
		const active = await one<{ n: string }>(
			handle,
			sql`SELECT count(*) AS n FROM partners WHERE (active_from IS NULL OR active_from <= '2026-11-21') AND (active_to IS NULL OR active_to >= '2026-11-21')`
		);
		expect(supply.filter((s) => s.role === 'partner')).toHaveLength(Number(active.n));
		expect(await supplyPoints(handle.db, { partnerTypes: [], day: '2021-01-01' })).toHaveLength(51);
		const mobile = await supplyPoints(handle.db, { desks: false, partnerTypes: ['mobile_unit'] });
		expect(mobile.length).toBeGreaterThan(0);
		expect(new Set(mobile.map((m) => m.partnerType))).toEqual(new Set(['mobile_unit']));
	});

	it('plans mobile-clinic sites: more coverage, per-office totals that add up, and an edited plan re-evaluated', async () => {
		const plan = await planSites(handle.db, { group: 'mexican_origin', radiusKm: 40, k: 5, candidates: 'partners', existing: { desks: true, partnerTypes: [] } });
		expect(plan.chosen).toHaveLength(5);
		expect(plan.coveredAfter).toBeGreaterThan(plan.coveredBefore);
		expect(plan.upperBound).toBeGreaterThanOrEqual(plan.coveredAfter);
		expect(plan.kind).toBe('demo'); // demo partners host the sites
		const sum = (key: 'total' | 'before' | 'after') => plan.byJurisdiction.reduce((s, j) => s + j[key], 0);
		expect(sum('before')).toBeCloseTo(plan.coveredBefore, 3);
		expect(sum('after')).toBeCloseTo(plan.coveredAfter, 3);
		expect(sum('total')).toBeCloseTo(plan.totalPopulation, 3);
		expect(plan.newlyCovered.reduce((s, z) => s + z.population, 0)).toBeCloseTo(plan.coveredAfter - plan.coveredBefore, 3);
		// Dropping the last site and re-evaluating the rest loses exactly what that site added.
		const kept = plan.chosen.slice(0, 4).map(({ id, lat, lon }) => ({ id, lat, lon }));
		const edited = await planSites(handle.db, { group: 'mexican_origin', radiusKm: 40, k: 4, candidates: 'given', extraCandidates: kept, existing: { desks: true, partnerTypes: [] } });
		expect(edited.coveredAfter).toBeCloseTo(plan.coveredAfter - plan.chosen[4].newCovered, 3);
		expect(edited.chosen.map((c) => c.label)).toEqual(plan.chosen.slice(0, 4).map((c) => c.label));
		await expect(
			planSites(handle.db, { group: 'mexican_origin', radiusKm: 40, k: 5, candidates: 'partners', existing: { desks: true, partnerTypes: null } })
		).rejects.toThrow(/Every partner site already counts/);
	});

	it('ranks counties by the need index, and by population alone when only that weight is left', async () => {
		const equal = await countyNeedIndex(handle.db, { group: 'mexican_origin' });
		expect(equal.rows).toHaveLength(3225);
		expect(equal.kind).toBe('demo'); // penetration comes from demo service records
		const top = equal.rows[0];
		const present = Object.values(top.ranks).filter((r): r is number => r !== null);
		expect(top.index).toBeCloseTo(present.reduce((a, b) => a + b, 0) / present.length, 12);
		const onlyPopulation = await countyNeedIndex(handle.db, {
			group: 'mexican_origin',
			weights: { uninsured_rate: 0, lep_share: 0, poverty_rate: 0, nearest_km: 0, penetration: 0 }
		});
		expect(onlyPopulation.rows.slice(0, 3).map((r) => r.name)).toEqual(['Los Angeles', 'Harris', 'Maricopa']);
	});

	it('saves scenarios under unique names and deletes them', async () => {
		const s = await saveScenario(handle.db, { name: ' El Paso  ', params: { k: 1 }, sites: [], summary: {} });
		expect(s.name).toBe('El Paso');
		await expect(saveScenario(handle.db, { name: 'El Paso', params: {}, sites: [], summary: {} })).rejects.toThrow(/exists already/);
		expect((await listScenarios(handle.db)).map((x) => x.name)).toEqual(['El Paso']);
		expect(await deleteScenario(handle.db, s.id)).toBe(true);
		expect(await listScenarios(handle.db)).toEqual([]);
	});

	it('does nothing on a second start', async () => {
		const before = await tableCounts(handle);
		expect(await ensureLoaded(handle.db, () => {}, { demoEndMonth: '2026-10' })).toEqual({});
		expect(await tableCounts(handle)).toEqual(before);
	});

	it('rejects a bad correction without changing anything, and applies a good one from its date', async () => {
		const before = await tableCounts(handle);
		await expect(correctAssignment(handle.db, { countyFips: '06073', consulateId: 'atlantis', validFrom: '2025-01-01' })).rejects.toThrow(
			/office "atlantis" does not exist/
		);
		await expect(correctAssignment(handle.db, { countyFips: '99999', consulateId: 'los-angeles', validFrom: '2025-01-01' })).rejects.toThrow(
			/county 99999/
		);
		await expect(correctAssignment(handle.db, { countyFips: '06073', consulateId: 'los-angeles', validFrom: '2025-02-30' })).rejects.toThrow(
			/YYYY-MM-DD/
		);
		expect(await tableCounts(handle)).toEqual(before);
		const history = await correctAssignment(handle.db, { countyFips: '6073', consulateId: 'los-angeles', validFrom: '2025-01-01' });
		expect(history.map((h) => [h.validFrom, h.consulateId, h.basis])).toEqual([
			['2000-01-01', 'san-diego', 'listed'],
			['2025-01-01', 'los-angeles', 'admin']
		]);
		const onDay = async (day: string) =>
			(await one<{ consulate_id: string }>(handle, sql`SELECT consulate_id FROM ${assignmentsOnSql(day)} a WHERE county_fips = '06073'`)).consulate_id;
		expect(await onDay('2024-12-31')).toBe('san-diego');
		expect(await onDay('2025-01-01')).toBe('los-angeles');
		expect(await assignmentHistory(handle.db, '06073')).toHaveLength(2);
	});

	it('removes all demo rows and nothing else, and a restart does not bring them back', async () => {
		const before = await tableCounts(handle);
		const removed = await removeDemo(handle.db);
		expect(removed).toEqual({ service_records: before.records, partners: 550, population_estimates: 0 });
		const after = await tableCounts(handle);
		expect(after).toEqual({ ...before, partners: 0, records: 0 });
		expect(await ensureLoaded(handle.db, () => {})).toEqual({});
		expect((await dataSources(handle.db)).find((s) => s.dataset === 'demo')!.removedAt).not.toBeNull();
		const [office] = await handle.db.select().from(consulates).where(eq(consulates.id, 'san-diego'));
		expect(office.name).toBe('Consulate of Mexico in San Diego');
	});
});
