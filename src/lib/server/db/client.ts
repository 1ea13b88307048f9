/**
 * One database handle over two drivers: embedded PGlite + PostGIS (default, data directory on disk)
 * or postgres.js against a real PostgreSQL + PostGIS server when a postgres:// URL is given.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDataDir } from './dir-lock';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
	db: Db;
	driver: 'pglite' | 'postgres';
	/** Applies the migrations in `dir` (drizzle/ by default); a no-op when they are applied. */
	migrate(dir?: string): Promise<void>;
	close(): Promise<void>;
}

export interface DbOptions {
	/** postgres:// or postgresql:// URL of a PostgreSQL + PostGIS server; unset for PGlite. */
	url?: string;
	/** PGlite data directory; omitted means in memory. */
	pgliteDir?: string;
	/** A PGlite data-directory dump (from dumpDataDir) to start from, used by tests. */
	snapshot?: Blob;
}

export const DEFAULT_MIGRATIONS_DIR = 'drizzle';

/** Opens the database the options name. Throws with the reason when it cannot. */
export async function openDb(options: DbOptions = {}): Promise<DbHandle> {
	if (options.url) {
		if (!/^postgres(ql)?:\/\//.test(options.url)) {
			throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
		}
		// A server that does not answer gives up after 10 s (postgres.js's default is 30 s), so a
		// request fails with a 503 while the user still waits; a refused connection fails at once.
		const client = postgres(options.url, { max: 10, connect_timeout: 10, onnotice: () => {} });
		const db = drizzlePostgres(client, { schema }) as unknown as Db;
		return {
			db,
			driver: 'postgres',
			migrate: (dir = DEFAULT_MIGRATIONS_DIR) =>
				migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder: dir }),
			close: () => client.end({ timeout: 5 })
		};
	}
	// PGlite creates the data directory but not its parents (.data/ on a fresh clone).
	if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
	// A second process on the same directory would overwrite this one's writes (dir-lock.ts).
	const unlock = options.pgliteDir ? lockDataDir(options.pgliteDir) : () => {};
	let client: PGlite;
	try {
		client = await PGlite.create(options.pgliteDir, {
			extensions: { postgis },
			loadDataDir: options.snapshot
		});
	} catch (e) {
		unlock();
		throw e;
	}
	takeTurns(client);
	const pg = drizzlePglite(client, { schema });
	return {
		db: pg as unknown as Db,
		driver: 'pglite',
		migrate: (dir = DEFAULT_MIGRATIONS_DIR) => migratePglite(pg, { migrationsFolder: dir }),
		close: async () => {
			try {
				await client.close();
			} finally {
				unlock();
			}
		}
	};
}

/**
 * When the request being served began (performance.now() ms); hooks.server.ts sets it around each
 * request so that the embedded database serves the oldest request's statements first.
 */
export const requestStart = new AsyncLocalStorage<number>();

/**
 * Makes the PGlite client run its statements one at a time, the oldest request's first, with a
 * turn of the event loop between two. PGlite runs each statement synchronously in WebAssembly and
 * starts the next queued one in the same turn: under load (50 clients) the server then read no
 * requests for seconds at a time, and some keep-alive connections were reset (ECONNRESET). In
 * arrival order, a page that needs three rounds of queries waited behind the whole queue three
 * times while newer requests went ahead of it (7-10 s under 50 clients). Statements issued outside
 * a request (start-up, scripts, tests) rank by the time they were issued, which is arrival order.
 */
function takeTurns(client: PGlite): void {
	const waiting: { rank: number; order: number; run: () => Promise<void> }[] = [];
	let issued = 0;
	let busy = false;
	const pump = () => {
		if (busy || waiting.length === 0) return;
		busy = true;
		setImmediate(() => {
			let next = 0;
			for (let i = 1; i < waiting.length; i++) {
				const [a, b] = [waiting[i], waiting[next]];
				if (a.rank < b.rank || (a.rank === b.rank && a.order < b.order)) next = i;
			}
			const [job] = waiting.splice(next, 1);
			void job.run().finally(() => {
				busy = false;
				pump();
			});
		});
	};
	const inTurn =
		<A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
		(...args: A): Promise<R> =>
			new Promise<R>((resolve, reject) => {
				waiting.push({ rank: requestStart.getStore() ?? performance.now(), order: issued++, run: () => run(...args).then(resolve, reject) });
				pump();
			});
	client.query = inTurn(client.query.bind(client)) as PGlite['query'];
	client.exec = inTurn(client.exec.bind(client));
	client.transaction = inTurn(client.transaction.bind(client)) as PGlite['transaction'];
}

/** Hands back the PGlite client under a handle, for dumping a data directory in tests. */
export function pgliteClient(handle: DbHandle): PGlite {
	const client = (handle.db as unknown as { $client?: PGlite }).$client;
	if (handle.driver !== 'pglite' || !client) throw new Error('not a PGlite handle');
	return client;
}

/**
 * Runs raw SQL and returns its rows on either driver (PGlite answers { rows }, postgres.js an
 * array). Prefer the query builder; use this for spatial SQL the builder cannot express.
 */
export async function queryRows<T>(db: Db | Parameters<Parameters<Db['transaction']>[0]>[0], query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown;
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * True when `id` can be a serial (int4) row id. NaN, fractions or 2^40 make the query itself fail
 * (a 500) instead of matching no row, so callers check before they ask.
 */
export function isRowId(id: number): boolean {
	return Number.isInteger(id) && id >= 1 && id <= 2_147_483_647;
}

/** A text or enum array from either driver: postgres.js may hand back the literal '{a,b}'. */
export function textArray(v: string[] | string): string[] {
	return Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}
