/**
 * `npm run bench:load`: the production server under load. autocannon keeps 50 connections busy for
 * 30 s (BENCH_LOAD_SECONDS) on a mix of the main read endpoints and pages, asking for compressed
 * answers as a browser does; first on the embedded PGlite, then on PostgreSQL (DATABASE_URL, or a
 * private throw-away cluster through scripts/with-postgres.sh when the server binaries are
 * installed). Prints requests per second, latency and bytes; throws (exit 1) after printing them
 * if any request failed or was answered with a status other than 2xx.
 * The last part of `npm run bench`. Alone:
 *   tsx scripts/bench-load.ts [--driver=pglite|pg] [--pglite-dir=DIR]
 * (--driver=pg runs only the PostgreSQL part; --pglite-dir serves an existing directory instead of a new one.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, startServer, type RunningServer, type ServerDatabase } from './production-server';

type Row = [string, string];

const CONNECTIONS = 50;
/** A request with no answer after this long counts as failed (autocannon's default, stated here). */
const TIMEOUT_S = 10;
/** What Chrome sends; the server answers br to it (gzip when br is not offered), bodies under 1 KB uncompressed. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const ACCEPT_LANGUAGE = 'es-MX,es;q=0.9,en;q=0.8';

/** San Diego County's panel: queries the database on every request (no cache in front). */
const AREA_PATH = '/api/areas/06073';

/** The URLs of the mix: the national map and an office report (HTML), and the JSON they and the panels fetch. */
function loadPaths(partnerId: number): string[] {
	return [
		'/',
		'/api/services?by=county',
		'/api/services?by=month&office=san-diego',
		'/api/penetration',
		'/api/search?q=san',
		AREA_PATH,
		`/api/partners/${partnerId}`,
		'/api/consulates.geojson',
		'/consulates/san-diego'
	];
}

function headersFor(path: string): Record<string, string> {
	const page = !path.startsWith('/api/');
	return {
		accept: page ? 'text/html,application/xhtml+xml,*/*;q=0.8' : '*/*',
		'accept-encoding': ACCEPT_ENCODING,
		'accept-language': ACCEPT_LANGUAGE
	};
}

/** BENCH_LOAD_SECONDS (default 30): how long each driver is loaded. */
function loadSeconds(): number {
	const raw = process.env.BENCH_LOAD_SECONDS?.trim() || '30';
	const seconds = Number(raw);
	if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`BENCH_LOAD_SECONDS must be a whole number of seconds (got "${raw}")`);
	return seconds;
}

const ms = (x: number) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

/** The first partner of the San Diego office, so the partner view is asked for a real id. */
async function somePartnerId(base: string): Promise<number> {
	const res = await fetch(`${base}/api/partners.geojson?consulate=san-diego`);
	if (!res.ok) throw new Error(`/api/partners.geojson?consulate=san-diego answered ${res.status}`);
	const partners = (await res.json()) as { features: { properties: { id: number } }[] };
	if (partners.features.length === 0) throw new Error('the San Diego office has no partners to ask about (demo data not loaded?)');
	return partners.features[0].properties.id;
}

/**
 * Waits for the server's own warm-up (hooks.server.ts fills the slow caches after start; some of
 * its queries hold the embedded database for seconds), then asks each URL once, so the load
 * measures a warm server. Throws on the first answer that is not 2xx.
 */
async function warm(server: RunningServer, paths: string[]): Promise<void> {
	const deadline = Date.now() + 5 * 60_000;
	while (!/caches warm|warming the caches failed/.test(server.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
	const base = server.url;
	for (const path of paths) {
		const res = await fetch(base + path, { headers: headersFor(path) });
		const body = await res.text();
		if (!res.ok) throw new Error(`warming up: ${path} answered ${res.status}: ${body.slice(0, 300)}`);
	}
}

interface UrlStats {
	latenciesMs: number[];
	bytes: number;
	encodings: Set<string>;
	failures: Map<number, number>;
	firstFailure: string | null;
}

interface LoadResult {
	rows: Row[];
	/** Why the run does not count as "no errors"; empty when every request got a 2xx answer. */
	problems: string[];
}

/** 50 connections for `seconds` on the mix, each connection starting at a different URL of it. */
async function hammer(base: string, paths: string[], seconds: number): Promise<LoadResult> {
	const stats = new Map<string, UrlStats>(paths.map((p) => [p, { latenciesMs: [], bytes: 0, encodings: new Set(), failures: new Map(), firstFailure: null }]));
	const requestErrors = new Map<string, number>();
	// autocannon calls a request's onResponse and then, synchronously, emits 'response' with the
	// latency: the URL answered is remembered in between.
	let answered = '';
	const requests: autocannon.Request[] = paths.map((path) => ({
		method: 'GET',
		path,
		headers: headersFor(path),
		onResponse: (status, body, _context, headers) => {
			answered = path;
			const s = stats.get(path)!;
			s.encodings.add(String(headers?.['content-encoding'] ?? 'none'));
			if (status < 200 || status > 299) {
				s.failures.set(status, (s.failures.get(status) ?? 0) + 1);
				s.firstFailure ??= `${status}: ${body.slice(0, 200)}`;
			}
		}
	}));
	let nextStart = 0;
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{
				url: base,
				connections: CONNECTIONS,
				duration: seconds,
				timeout: TIMEOUT_S,
				requests,
				// Without this all 50 connections would ask for the same URL at the same moment.
				setupClient: (client) => {
					const k = nextStart++ % requests.length;
					client.setRequests([...requests.slice(k), ...requests.slice(0, k)]);
				}
			},
			(err, res) => (err ? reject(err) : resolve(res))
		);
		instance.on('response', (_client, _status, resBytes, responseMs) => {
			const s = stats.get(answered)!;
			s.latenciesMs.push(responseMs);
			s.bytes += resBytes;
		});
		instance.on('reqError', (e: Error) => requestErrors.set(e.message, (requestErrors.get(e.message) ?? 0) + 1));
	});

	const r = result;
	const rows: Row[] = [
		['requests per second (mean)', r.requests.average.toFixed(1)],
		['latency p50 / p99 / max', `${ms(r.latency.p50)} / ${ms(r.latency.p99)} / ${ms(r.latency.max)}`],
		['requests answered', String(r.requests.total)],
		[`errors (connection failures, no answer in ${TIMEOUT_S} s)`, `${r.errors} (${r.timeouts} without an answer)`],
		['answers other than 2xx', String(r.non2xx)],
		['throughput (mean, compressed as sent)', `${(r.throughput.average / 2 ** 20).toFixed(2)} MiB/s`]
	];
	for (const [path, s] of stats) {
		const sorted = [...s.latenciesMs].sort((a, b) => a - b);
		const n = sorted.length;
		rows.push([
			`  ${path}`,
			`${n} answers, p50 ${ms(quantile(sorted, 0.5))}, p99 ${ms(quantile(sorted, 0.99))}, ${n ? kb(s.bytes / n) : '-'} each (${[...s.encodings].join(', ')})`
		]);
	}

	const problems: string[] = [];
	for (const [message, count] of requestErrors) problems.push(`${count} × ${message}`);
	for (const [path, s] of stats) {
		for (const [status, count] of s.failures) problems.push(`${count} × ${status} from ${path}`);
		if (s.firstFailure) problems.push(`  first such answer from ${path}: ${s.firstFailure}`);
	}
	if (r.non2xx > 0 && ![...stats.values()].some((s) => s.failures.size > 0)) problems.push(`${r.non2xx} answers other than 2xx`);
	if (r.errors > 0 && requestErrors.size === 0) problems.push(`${r.errors} request errors`);
	return { rows, problems };
}

function printRows(title: string, rows: Row[]): void {
	const width = Math.max(...rows.map(([l]) => l.length));
	console.log(`\n${title}\n`);
	for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

/** Starts a server on `db`, warms it, loads it, stops it and prints the figures; throws if any request failed. */
async function loadRun(label: string, db: ServerDatabase, seconds: number): Promise<void> {
	const t0 = performance.now();
	const server = await startServer(db);
	const startSeconds = (performance.now() - t0) / 1000;
	let run: LoadResult;
	let log = '';
	try {
		const paths = loadPaths(await somePartnerId(server.url));
		await warm(server, paths);
		const logFrom = server.output().length;
		run = await hammer(server.url, paths, seconds);
		log = server.output().slice(logFrom);
		// autocannon drops its connections at the end, not the requests the server has queued: let
		// those finish (a new request is answered after them) so that stopping does not fail them.
		await fetch(server.url + AREA_PATH, { headers: headersFor(AREA_PATH) }).then((r) => r.text());
	} catch (e) {
		console.error(`\nserver output (last 40 lines):\n${server.output().trim().split('\n').slice(-40).join('\n')}`);
		throw e;
	} finally {
		await server.stop();
	}
	printRows(
		`Load on ${label}: ${CONNECTIONS} connections for ${seconds} s over ${loadPaths(0).length} URLs in turn, Accept-Encoding: ${ACCEPT_ENCODING} (node ${process.version})`,
		[['server start (build if needed, open, load what is missing)', `${startSeconds.toFixed(1)} s`], ...run.rows]
	);
	if (run.problems.length > 0) {
		const errors = log.split('\n').filter((l) => /error/i.test(l)).slice(0, 20);
		throw new Error(`the load on ${label} had failed requests:\n  ${run.problems.join('\n  ')}${errors.length ? `\nserver log during the load:\n  ${errors.join('\n  ')}` : ''}`);
	}
}

/** The newest installed PostgreSQL server binaries (Debian layout), or null. */
function postgresBin(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
	versions.sort((a, b) => Number(a) - Number(b));
	return versions.length ? join(root, versions.at(-1)!, 'bin') : null;
}

/** The PostgreSQL part: on DATABASE_URL, else on a throw-away cluster (this script again, under with-postgres.sh), else skipped with the reason. */
async function postgresRun(seconds: number): Promise<void> {
	const url = process.env.DATABASE_URL?.trim();
	if (url) return loadRun('PostgreSQL (DATABASE_URL; the server loads the data into it if missing)', { databaseUrl: url }, seconds);
	if (!postgresBin()) {
		console.log('\nLoad on PostgreSQL skipped: DATABASE_URL is not set and no PostgreSQL server binaries are installed (apt-get install postgresql-15-postgis-3)');
		return;
	}
	console.log('\nLoad on PostgreSQL: a private cluster through scripts/with-postgres.sh; the server loads the data into it first ...');
	// A free port, so that a cluster another run left on with-postgres.sh's default port does not collide.
	const port = await freePort();
	const child = spawnSync('bash', ['scripts/with-postgres.sh', process.execPath, '--import', 'tsx', 'scripts/bench-load.ts', '--driver=pg'], {
		stdio: 'inherit',
		env: { ...process.env, PG_TEST_PORT: String(port), BENCH_LOAD_SECONDS: String(seconds) }
	});
	if (child.status !== 0) throw new Error(`the load on PostgreSQL failed (exit ${child.status ?? child.signal}; see above)`);
}

/**
 * Loads the embedded database (a new directory, or `pgliteDir` if given, already loaded or not)
 * and then PostgreSQL; prints the figures of each; throws if any request failed.
 */
export async function benchLoad(options: { pgliteDir?: string; driver?: 'pglite' | 'pg' } = {}): Promise<void> {
	const seconds = loadSeconds();
	if (options.driver !== 'pg') await loadRun(options.pgliteDir ? 'embedded PGlite (this directory)' : 'embedded PGlite (a new directory, loaded at start)', { pgliteDir: options.pgliteDir }, seconds);
	if (options.driver !== 'pglite') await postgresRun(seconds);
}

if (process.argv[1]?.endsWith('bench-load.ts')) {
	const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const driver = arg('driver');
	if (driver !== undefined && driver !== 'pglite' && driver !== 'pg') {
		console.error('usage: tsx scripts/bench-load.ts [--driver=pglite|pg] [--pglite-dir=DIR]');
		process.exit(2);
	}
	try {
		await benchLoad({ driver, pgliteDir: arg('pglite-dir') });
	} catch (e) {
		console.error(`\nbench:load: ${(e as Error).message}`);
		process.exit(1);
	}
}
