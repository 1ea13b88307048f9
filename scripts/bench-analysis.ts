/**
 * Analysis timings for `npm run bench`: on all ZCTA points (demand, Mexican-origin) with the 53
 * desks and every partner (supply), each method fast, as a brute-force loop, and as PostGIS SQL on
 * the same data, with the ratios; then a synthetic scale run. Figures, not pass/fail.
 */
import { sql } from 'drizzle-orm';
import { enhancedTwoStepFca, enhancedTwoStepFcaBruteForce } from '../src/lib/analysis/fca';
import { nearest, nearestBruteForce } from '../src/lib/analysis/nearest';
import { needIndex, needIndexBruteForce, type NeedComponent } from '../src/lib/analysis/need-index';
import { siteMclp, siteMclpBruteForce } from '../src/lib/analysis/siting';
import type { DemandPoint, SupplyPoint } from '../src/lib/analysis/types';
import { mulberry32 } from '../src/lib/server/demo/prng';
import { queryRows, type Db } from '../src/lib/server/db/client';
import { demandPoints, supplyPoints } from '../src/lib/server/queries/analysis-inputs';

type Row = [string, string, string, string, string];

async function time(run: () => unknown | Promise<unknown>, repeat = 1): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < repeat; i++) {
		const t0 = performance.now();
		await run();
		times.push(performance.now() - t0);
	}
	return times.sort((a, b) => a - b)[Math.floor(repeat / 2)];
}

const ms = (t: number) => (t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(t < 10 ? 2 : 0)} ms`);
const ratio = (slow: number, fast: number) => `${(slow / fast).toFixed(0)}x`;

const NEED: NeedComponent[] = [
	{ key: 'population', direction: 'higher-is-more-need' },
	{ key: 'km', direction: 'higher-is-more-need' },
	{ key: 'access', direction: 'lower-is-more-need' }
];

function needInput(demand: DemandPoint[], km: (number | null)[], access: number[]) {
	return demand.map((d, i) => ({ id: d.id, values: { population: d.population, km: km[i], access: access[i] } }));
}

/** Loads the points into temporary tables with geography columns and GiST indexes for the SQL baselines. */
async function stage(db: Db, demand: DemandPoint[], supply: SupplyPoint[]): Promise<void> {
	await db.execute(sql`DROP TABLE IF EXISTS bench_demand, bench_supply, bench_pairs`);
	await db.execute(sql`CREATE TABLE bench_demand (i int PRIMARY KEY, id text, pop float8, g geography(Point,4326))`);
	await db.execute(sql`CREATE TABLE bench_supply (j int PRIMARY KEY, id text, cap float8, g geography(Point,4326))`);
	for (let s = 0; s < demand.length; s += 2000) {
		const part = demand.slice(s, s + 2000).map((d, k) => ({ i: s + k, id: d.id, pop: d.population, lon: d.lon, lat: d.lat }));
		await db.execute(sql`INSERT INTO bench_demand SELECT i, id, pop, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography
			FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS x(i int, id text, pop float8, lon float8, lat float8)`);
	}
	const rows = supply.map((p, j) => ({ j, id: p.id, cap: p.capacity ?? 1, lon: p.lon, lat: p.lat }));
	await db.execute(sql`INSERT INTO bench_supply SELECT j, id, cap, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography
		FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(j int, id text, cap float8, lon float8, lat float8)`);
	await db.execute(sql`CREATE INDEX ON bench_demand USING gist (g)`);
	await db.execute(sql`CREATE INDEX ON bench_supply USING gist (g)`);
	await db.execute(sql`ANALYZE bench_demand`);
	await db.execute(sql`ANALYZE bench_supply`);
}

/** Nearest supply per demand point in SQL: index-assisted KNN on geography, sphere distance. */
const NEAREST_SQL = sql`SELECT d.i, n.j, n.km FROM bench_demand d CROSS JOIN LATERAL (
	SELECT s.j, ST_Distance(d.g, s.g, false) / 1000 AS km FROM bench_supply s ORDER BY d.g <-> s.g LIMIT 1) n`;

/** E2SFCA in SQL with the default zones 10/20/30 km and weights 1/0.68/0.22 (sphere distances). */
const E2SFCA_SQL = sql`WITH pairs AS (
		SELECT d.i, s.j, d.pop, s.cap, ST_Distance(d.g, s.g, false) / 1000 AS km FROM bench_demand d
		JOIN bench_supply s ON ST_DWithin(d.g, s.g, 30000, false)),
	w AS (SELECT i, j, pop, cap, CASE WHEN km <= 10 THEN 1 WHEN km <= 20 THEN 0.68 WHEN km <= 30 THEN 0.22 ELSE 0 END AS w FROM pairs),
	r AS (SELECT j, max(cap) / nullif(sum(w * pop), 0) AS r FROM w GROUP BY j)
	SELECT d.i, 1000 * coalesce(sum(w.w * coalesce(r.r, 0)), 0) AS score FROM bench_demand d
	LEFT JOIN w ON w.i = d.i LEFT JOIN r ON r.j = w.j GROUP BY d.i`;

/**
 * Percentile rank as the library defines it, in SQL: average rank for ties, (rank - 1) / (n - 1)
 * over the present values, missing values left out (null rank).
 */
function rankSql(column: string, invert = false) {
	const c = sql.raw(column);
	const pr = sql`CASE WHEN ${c} IS NULL THEN NULL WHEN count(${c}) OVER () = 1 THEN 0.5 ELSE
		(rank() OVER (PARTITION BY ${c} IS NULL ORDER BY ${c}) - 1 + (count(*) OVER (PARTITION BY ${c}) - 1) / 2.0)
		/ (count(${c}) OVER () - 1) END`;
	return invert ? sql`1 - (${pr})` : pr;
}

/** The need index in SQL: every component's rank beside the equal-weight mean of the present ones. */
const NEED_SQL = sql`WITH r AS (SELECT id, ${rankSql('population')} AS p, ${rankSql('km')} AS k, ${rankSql('access', true)} AS a FROM bench_need)
	SELECT id, p, k, a, (coalesce(p, 0) + coalesce(k, 0) + coalesce(a, 0))
		/ nullif((p IS NOT NULL)::int + (k IS NOT NULL)::int + (a IS NOT NULL)::int, 0) AS idx FROM r`;

/** MCLP greedy in SQL: pairs within R once, then K rounds of "largest uncovered population". */
async function mclpInSql(db: Db, k: number, radiusKm: number): Promise<number> {
	await db.execute(sql`DROP TABLE IF EXISTS bench_pairs, bench_covered`);
	await db.execute(sql`CREATE TABLE bench_pairs AS SELECT c.i AS c, d.i AS d FROM bench_demand c
		JOIN bench_demand d ON ST_DWithin(c.g, d.g, ${radiusKm * 1000}, false)`);
	await db.execute(sql`CREATE INDEX ON bench_pairs (c)`);
	await db.execute(sql`CREATE TABLE bench_covered AS SELECT DISTINCT d.i FROM bench_demand d
		JOIN bench_supply s ON ST_DWithin(d.g, s.g, ${radiusKm * 1000}, false) WHERE s.id LIKE 'desk:%'`);
	await db.execute(sql`CREATE UNIQUE INDEX ON bench_covered (i)`);
	for (let round = 0; round < k; round++) {
		const [best] = await queryRows<{ c: number }>(
			db,
			sql`SELECT p.c FROM bench_pairs p JOIN bench_demand d ON d.i = p.d
				WHERE NOT EXISTS (SELECT 1 FROM bench_covered x WHERE x.i = p.d)
				GROUP BY p.c ORDER BY sum(d.pop) DESC, p.c LIMIT 1`
		);
		if (!best) break;
		await db.execute(sql`INSERT INTO bench_covered SELECT d FROM bench_pairs WHERE c = ${best.c} ON CONFLICT DO NOTHING`);
	}
	const [{ covered }] = await queryRows<{ covered: number }>(
		db,
		sql`SELECT sum(d.pop) AS covered FROM bench_demand d JOIN bench_covered x ON x.i = d.i`
	);
	return Number(covered);
}

/** Prints the analysis table; returns its rows for the caller to print in its own format. */
export async function benchAnalysis(db: Db, log: (line: string) => void = console.log): Promise<void> {
	const demand = await demandPoints(db, { level: 'zcta', group: 'mexican_origin' });
	const points = await supplyPoints(db, { partnerTypes: null });
	const supply: SupplyPoint[] = points.map((p) => ({ id: p.id, lat: p.lat, lon: p.lon, capacity: p.capacity ?? 1 }));
	const desks = supply.filter((s) => s.id.startsWith('desk:'));
	const candidates = demand.map((d) => ({ id: d.id, lat: d.lat, lon: d.lon }));
	log(`\nAnalysis on ${demand.length.toLocaleString('en-US')} ZCTA points and ${supply.length} supply points (53 desks + partners)\n`);

	const rows: Row[] = [['method', 'fast (median of 5)', 'brute-force loop', 'PostGIS SQL', 'speed-up vs loop / SQL']];
	await stage(db, demand, supply);

	const near = await time(() => nearest(demand, supply), 5);
	const nearLoop = await time(() => nearestBruteForce(demand, supply));
	const nearSql = await time(() => db.execute(NEAREST_SQL));
	rows.push(['nearest service, every ZCTA', ms(near), ms(nearLoop), ms(nearSql), `${ratio(nearLoop, near)} / ${ratio(nearSql, near)}`]);

	const e2 = await time(() => enhancedTwoStepFca(demand, supply, { zonesKm: [10, 20, 30] }), 5);
	const e2Loop = await time(() => enhancedTwoStepFcaBruteForce(demand, supply, { zonesKm: [10, 20, 30] }));
	const e2Sql = await time(() => db.execute(E2SFCA_SQL));
	rows.push(['E2SFCA (10/20/30 km)', ms(e2), ms(e2Loop), ms(e2Sql), `${ratio(e2Loop, e2)} / ${ratio(e2Sql, e2)}`]);

	const km = nearest(demand, supply).map((r) => r.distance);
	const access = enhancedTwoStepFca(demand, supply, { zonesKm: [10, 20, 30] }).scores;
	const areas = needInput(demand, km, access);
	await db.execute(sql`DROP TABLE IF EXISTS bench_need`);
	await db.execute(sql`CREATE TABLE bench_need AS SELECT * FROM jsonb_to_recordset(${JSON.stringify(areas.map((a) => ({ id: a.id, ...a.values })))}::jsonb)
		AS x(id text, population float8, km float8, access float8)`);
	const need = await time(() => needIndex(areas, NEED), 5);
	const needLoop = await time(() => needIndexBruteForce(areas, NEED));
	const needSql = await time(() => db.execute(NEED_SQL));
	rows.push(['need index (3 components)', ms(need), ms(needLoop), ms(needSql), `${ratio(needLoop, need)} / ${ratio(needSql, need)}`]);
	// The SQL baseline must compute the same thing: compare every area's index.
	const sqlIndex = new Map((await queryRows<{ id: string; idx: number | null }>(db, NEED_SQL)).map((r) => [r.id, r.idx === null ? null : Number(r.idx)]));
	const worst = Math.max(...needIndex(areas, NEED).map((r) => Math.abs((r.index ?? 0) - (sqlIndex.get(r.id) ?? 0))));
	log(`need index: library and SQL agree on every area within ${worst.toExponential(1)}`);

	const mclp = await time(() => siteMclp(demand, candidates, desks, { k: 10, radiusKm: 40 }), 3);
	const mclpLoop = process.env.BENCH_QUICK ? NaN : await time(() => siteMclpBruteForce(demand, candidates, desks, { k: 10, radiusKm: 40 }));
	const mclpSql = await time(() => mclpInSql(db, 10, 40));
	rows.push([
		'MCLP K=10, R=40 km, all ZCTAs as candidates',
		ms(mclp),
		Number.isNaN(mclpLoop) ? 'skipped (BENCH_QUICK)' : ms(mclpLoop),
		ms(mclpSql),
		`${Number.isNaN(mclpLoop) ? '–' : ratio(mclpLoop, mclp)} / ${ratio(mclpSql, mclp)}`
	]);
	await db.execute(sql`DROP TABLE IF EXISTS bench_demand, bench_supply, bench_pairs, bench_covered, bench_need`);
	printTable(rows, log);

	log('\nSynthetic scale run (random points over the contiguous US; population 1-20,000; capacity 1)\n');
	const scale: Row[] = [['demand x supply', 'nearest', 'E2SFCA', 'need index', 'MCLP K=10 R=40 km (supply as candidates)']];
	for (const [n, m] of [
		[31_250, 625],
		[62_500, 1_250],
		[125_000, 2_500],
		[250_000, 5_000]
	]) {
		const random = mulberry32(n);
		const pt = () => ({ lat: 25 + random() * 24, lon: -124 + random() * 57 });
		const d: DemandPoint[] = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, ...pt(), population: 1 + Math.floor(random() * 20_000) }));
		const s: SupplyPoint[] = Array.from({ length: m }, (_, j) => ({ id: `s${j}`, ...pt(), capacity: 1 }));
		const kmS = nearest(d, s).map((r) => r.distance);
		const accessS = enhancedTwoStepFca(d, s, { zonesKm: [10, 20, 30] }).scores;
		scale.push([
			`${n.toLocaleString('en-US')} x ${m.toLocaleString('en-US')}`,
			ms(await time(() => nearest(d, s), 3)),
			ms(await time(() => enhancedTwoStepFca(d, s, { zonesKm: [10, 20, 30] }), 3)),
			ms(await time(() => needIndex(needInput(d, kmS, accessS), NEED), 3)),
			ms(await time(() => siteMclp(d, s, [], { k: 10, radiusKm: 40 }), 1))
		]);
	}
	printTable(scale, log);
}

function printTable(rows: Row[], log: (line: string) => void): void {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	for (const [i, r] of rows.entries()) {
		log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
		if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
	}
}
