/**
 * One database handle over two drivers: embedded PGlite + PostGIS (default, data directory on disk)
 * or postgres.js against a real PostgreSQL + PostGIS server when a postgres:// URL is given.
 */
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
		const client = postgres(options.url, { max: 10, onnotice: () => {} });
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
	const client = await PGlite.create(options.pgliteDir, {
		extensions: { postgis },
		loadDataDir: options.snapshot
	});
	takeTurns(client);
	const pg = drizzlePglite(client, { schema });
	return {
		db: pg as unknown as Db,
		driver: 'pglite',
		migrate: (dir = DEFAULT_MIGRATIONS_DIR) => migratePglite(pg, { migrationsFolder: dir }),
		close: () => client.close()
	};
}

/**
 * Makes the PGlite client leave a turn of the event loop between two statements. PGlite runs each
 * statement synchronously in WebAssembly and starts the next queued one in the same turn, so
 * under load (50 clients) the server stopped reading requests for seconds at a time: answers came
 * in seconds late and a keep-alive connection whose next request sat unread past the 5 s idle
 * timeout was closed under the client (ECONNRESET). Statements still run one at a time, in order.
 */
function takeTurns(client: PGlite): void {
	let queue: Promise<unknown> = Promise.resolve();
	const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
	const inTurn = <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
		(...args: A): Promise<R> => {
			const result = queue.then(nextTurn).then(() => run(...args));
			queue = result.catch(() => undefined);
			return result;
		};
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

/** A text or enum array from either driver: postgres.js may hand back the literal '{a,b}'. */
export function textArray(v: string[] | string): string[] {
	return Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}
