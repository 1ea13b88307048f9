/**
 * `npm run bench`: prints how long the embedded database takes to create and load on first start,
 * to reopen on a later start, and to answer the main queries; plus memory. Figures, not pass/fail.
 * Uses a temporary PGlite directory. Then the analysis timings (scripts/bench-analysis.ts), the
 * national map in headless chromium (scripts/bench-ui.ts) and the server under load, on that
 * directory and on PostgreSQL (scripts/bench-load.ts; exits non-zero if a request failed).
 * BENCH_QUICK=1 skips the slowest baseline (the brute-force MCLP loop).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type DbHandle } from '../src/lib/server/db/client';
import { ensureLoaded } from '../src/lib/server/load/seed';
import { consulatesGeoJson } from '../src/lib/server/queries/consulates';
import { indicatorValues } from '../src/lib/server/queries/indicators';
import { partnersGeoJson } from '../src/lib/server/queries/partners';
import { dataSources } from '../src/lib/server/queries/sources';
import { CHROMIUM_PATH } from '../tests/support/environment';
import { benchAnalysis } from './bench-analysis';
import { benchLoad } from './bench-load';
import { benchUi } from './bench-ui';

const rows: [string, string][] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB RSS`;

async function timed<T>(label: string, run: () => Promise<T>, format: (ms: number) => string = seconds): Promise<T> {
	const t0 = performance.now();
	const result = await run();
	rows.push([label, format(performance.now() - t0)]);
	return result;
}

/** Median of `n` runs, in ms. */
async function median(label: string, n: number, run: () => Promise<unknown>): Promise<void> {
	const times: number[] = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		await run();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	rows.push([`${label} (median of ${n})`, `${times[Math.floor(n / 2)].toFixed(1)} ms`]);
}

const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
try {
	let handle: DbHandle = await timed('open a new PGlite + PostGIS directory', () => openDb({ pgliteDir: dir }));
	await timed('apply migrations (incl. CREATE EXTENSION postgis)', () => handle.migrate());
	const steps: string[] = [];
	await timed('load all data sets (first start)', () => ensureLoaded(handle.db, (m) => steps.push(m.trim())));
	for (let i = 0; i < steps.length; i += 2) rows.push([`  ${steps[i].replace(/^\[\d+\/\d+\] loading /, '').replace(/ \.\.\.$/, '')}`, steps[i + 1]]);
	rows.push(['memory after first load', mib()]);
	await handle.close();

	handle = await timed('reopen the stored directory (later start)', () => openDb({ pgliteDir: dir }));
	await timed('migrate + check data (no-op on a later start)', async () => {
		await handle.migrate();
		await ensureLoaded(handle.db, () => {});
	});
	const db = handle.db;
	await median('53 offices as GeoJSON', 9, () => consulatesGeoJson(db));
	await median('partners as GeoJSON', 9, () => partnersGeoJson(db));
	await median('county values of one indicator', 9, () => indicatorValues(db, { indicator: 'mexican_origin', level: 'county' }));
	await median('ZCTA values of one indicator', 5, () => indicatorValues(db, { indicator: 'mexican_origin', level: 'zcta' }));
	await median('data-sources listing', 9, () => dataSources(db));
	rows.push(['memory at the end', mib()]);
	printRows();
	await benchAnalysis(db);
	await handle.close();
	if (existsSync(CHROMIUM_PATH)) {
		console.log('\nThe national map in headless chromium (production build, this data directory)\n');
		for (const [label, value] of await benchUi(dir)) console.log(`${label.padEnd(60)}  ${value}`);
	} else console.log(`\nUI bench skipped: no chromium at ${CHROMIUM_PATH}`);
	await benchLoad({ pgliteDir: dir });
} finally {
	rmSync(dir, { recursive: true, force: true });
}

function printRows() {
	const width = Math.max(...rows.map(([l]) => l.length));
	console.log(`\nVentanillas Atlas bench (${new Date().toISOString().slice(0, 10)}, node ${process.version})\n`);
	for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}
