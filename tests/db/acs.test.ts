import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAcs } from '../../src/lib/server/acs/cli';
import type { AcsRequest } from '../../src/lib/server/acs/dataset';
import { readAcsResponses } from '../../src/lib/server/acs/files';
import { resolveState } from '../../src/lib/server/acs/geography';
import { loadAcs, prepareAcs, writeAcs } from '../../src/lib/server/acs/load';
import type { DbHandle } from '../../src/lib/server/db/client';
import { areas, importBatches, populationEstimates } from '../../src/lib/server/db/schema';
import { FIXTURE_DIR, fakeCensus } from '../fixtures/acs/fake-census';
import { drivers, freshDb } from '../support/db';

const county: AcsRequest = { year: 2023, geo: 'county', state: null };
const tract: AcsRequest = { year: 2023, geo: 'tract', state: resolveState('CA') };

describe.each(drivers())('ACS loader on %s', (driver) => {
	let handle: DbHandle;
	beforeEach(async () => {
		handle = await freshDb(driver);
	});
	afterEach(() => handle?.close());

	async function counts() {
		const [e] = await handle.db.select({ n: count() }).from(populationEstimates);
		const [a] = await handle.db.select({ n: count() }).from(areas);
		const [b] = await handle.db.select({ n: count() }).from(importBatches);
		return { estimates: e.n, areas: a.n, batches: b.n };
	}

	it('stores the county figures as measured rows with MOEs, vintage and source, in one finished batch', async () => {
		const result = await loadAcs(handle.db, county, await readAcsResponses(FIXTURE_DIR, county));
		expect(result.byIndicator).toEqual({
			total_population: 4,
			mexican_origin: 4,
			mexico_born: 2,
			uninsured: 3,
			uninsured_universe: 4,
			lep_spanish: 3,
			lep_universe: 4,
			poverty: 4,
			poverty_universe: 3
		});
		expect(await counts()).toEqual({ estimates: 31, areas: 0, batches: 1 });

		const imperial = await handle.db
			.select()
			.from(populationEstimates)
			.where(eq(populationEstimates.code, '06025'))
			.orderBy(asc(populationEstimates.indicator));
		const uninsured = imperial.find((r) => r.indicator === 'uninsured')!;
		expect(uninsured).toMatchObject({
			level: 'county',
			value: 19900,
			moe: 500,
			kind: 'measured',
			method: null,
			vintage: 'ACS 2019-2023 5-year',
			source: 'U.S. Census Bureau, ACS 5-year, api.census.gov (B01003, B03001, B05006, B27010, C16001, B17001)',
			batchId: result.batchId
		});
		expect(imperial.find((r) => r.indicator === 'total_population')).toMatchObject({ value: 179851, moe: null });

		const [batch] = await handle.db.select().from(importBatches);
		expect(batch).toMatchObject({
			id: result.batchId,
			dataset: 'acs-2023-county',
			kind: 'measured',
			vintage: 'ACS 2019-2023 5-year',
			license: 'Public domain (U.S. Census Bureau)',
			rowCounts: { population_estimates: 31, areas: 0 }
		});
		expect(batch.origin).toMatch(/tests\/fixtures\/acs$/);
		expect(batch.finishedAt).not.toBeNull();
	});

	it('updates rather than duplicates when the same vintage is loaded again', async () => {
		const responses = await readAcsResponses(FIXTURE_DIR, county);
		await loadAcs(handle.db, county, responses);
		const revised = {
			...responses,
			parts: [{ ...responses.parts[0], text: responses.parts[0].text.replace('"179851","-555555555"', '"180000","-555555555"') }]
		};
		const second = await loadAcs(handle.db, county, revised);
		expect(await counts()).toEqual({ estimates: 31, areas: 0, batches: 2 });
		const [row] = await handle.db
			.select()
			.from(populationEstimates)
			.where(eq(populationEstimates.code, '06025'))
			.then((rows) => rows.filter((r) => r.indicator === 'total_population'));
		expect(row).toMatchObject({ value: 180000, batchId: second.batchId });
	});

	it('adds missing tracts to areas with name and state, leaving existing tracts alone', async () => {
		await handle.db.insert(areas).values({ level: 'tract', code: '06025010101', name: 'Kept name', stateFips: '06', state: 'CA' });
		const result = await loadAcs(handle.db, tract, await readAcsResponses(FIXTURE_DIR, tract));
		expect(result.areasAdded).toBe(2);
		const rows = await handle.db.select().from(areas).orderBy(asc(areas.code));
		expect(rows.map((r) => [r.code, r.name, r.stateFips, r.state, r.batchId])).toEqual([
			['06025010101', 'Kept name', '06', 'CA', null],
			['06025012300', 'Census Tract 123; Imperial County; California', '06', 'CA', result.batchId],
			['06025940000', 'Census Tract 9400; Imperial County; California', '06', 'CA', result.batchId]
		]);
		expect((await counts()).estimates).toBe(26);

		await loadAcs(handle.db, tract, await readAcsResponses(FIXTURE_DIR, tract));
		expect(await counts()).toEqual({ estimates: 26, areas: 3, batches: 2 });
	});

	it('leaves nothing written, areas and batch included, when a write fails part way', async () => {
		await loadAcs(handle.db, county, await readAcsResponses(FIXTURE_DIR, county));
		const before = await counts();
		const prepared = prepareAcs(tract, await readAcsResponses(FIXTURE_DIR, tract));
		// The last row breaks the value >= 0 check after areas and earlier chunks are already in.
		const last = prepared.estimates.length - 1;
		prepared.estimates[last] = { ...prepared.estimates[last], value: -1 };
		const failure = await writeAcs(handle.db, tract, prepared, 'test', { insertChunkSize: 5 }).catch((e: Error) => e);
		expect(failure).toBeInstanceOf(Error);
		const reason = `${(failure as Error).message} ${((failure as Error).cause as Error | undefined)?.message ?? ''}`;
		expect(reason).toMatch(/population_estimates_value_check/);
		expect(await counts()).toEqual(before);
	});

	it('runs the command end to end: downloads in several calls, loads, prints rows per indicator', async () => {
		const out: string[] = [];
		const err: string[] = [];
		const api = fakeCensus('db-test-key');
		const code = await runAcs(['--year', '2023', '--geo', 'tract', '--state', 'CA'], {
			env: { CENSUS_API_KEY: 'db-test-key' },
			fetch: api.fetch,
			variableLimit: 9,
			log: (l) => out.push(l),
			error: (l) => err.push(l),
			openDb: async () => ({ ...handle, close: async () => {} })
		});
		expect(err).toEqual([]);
		expect(code).toBe(0);
		expect(api.calls).toHaveLength(4); // metadata + 24 variables in calls of 8 beside NAME
		expect(out).toContain('Rows written per indicator:');
		expect(out).toContain(`  ${'mexican_origin'.padEnd(20)} 2`);
		expect(out).toContain(`  ${'new tract areas'.padEnd(20)} 3`);
		expect(out.join('\n')).not.toContain('db-test-key');
		const [batch] = await handle.db.select().from(importBatches);
		expect(batch.dataset).toBe('acs-2023-tract-ca');
		expect(batch.origin).toMatch(/^https:\/\/api\.census\.gov\/data\/2023\/acs\/acs5\?get=NAME,.*&for=tract:\*&in=state:06$/);
		expect(batch.origin).not.toContain('key');
		expect(await counts()).toEqual({ estimates: 26, areas: 3, batches: 1 });
	});
});
