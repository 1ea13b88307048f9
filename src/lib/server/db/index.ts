/**
 * The server's database: opened once per process (a connection pool or the embedded database, not
 * per-user state), migrated, and loaded with the offline data on first start.
 */
import { env } from '$env/dynamic/private';
import { dbOptionsFromEnv, migrationsDirFromEnv } from '../config';
import { ensureFirstAdmin } from '../auth/users';
import { ensureLoaded } from '../load/seed';
import { openDb, type DbHandle } from './client';
import { DbUnavailableError } from './unavailable';

let ready: Promise<DbHandle> | null = null;
/** Set on shutdown: requests still running must not open the database again. */
let closed = false;

async function start(): Promise<DbHandle> {
	const options = dbOptionsFromEnv(env);
	const where = options.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${options.pgliteDir}`;
	const t0 = performance.now();
	console.log(`database: opening ${where} ...`);
	let handle: DbHandle;
	try {
		handle = await openDb(options);
	} catch (e) {
		// The PGlite directory cannot be opened (in use by another process, unreadable): requests get a 503 and try again.
		throw new DbUnavailableError(`the database could not be opened: ${(e as Error).message}`, { cause: e });
	}
	let loaded: Awaited<ReturnType<typeof ensureLoaded>>;
	try {
		await handle.migrate(migrationsDirFromEnv(env));
		loaded = await ensureLoaded(handle.db, (m) => console.log(`database: ${m}`));
		const admin = await ensureFirstAdmin(handle.db, env);
		if (admin) console.log(`database: created the first administrator, ${admin}`);
	} catch (e) {
		// The next request opens a new handle: this one's pool (or PGlite instance and its directory lock) goes.
		await handle.close().catch(() => {});
		throw e;
	}
	const what = Object.keys(loaded).length ? `loaded ${Object.keys(loaded).join(', ')}` : 'data already loaded';
	console.log(`database: ready (${what}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return handle;
}

/**
 * The process's database handle; the first call opens, migrates and loads it. A failed start is
 * not kept: the next call tries again, so the server recovers when the database comes back.
 * Rejects once closeDb() has run.
 */
export function getDbHandle(): Promise<DbHandle> {
	// Without this, a request the server was still working on when it shut down opened a new
	// connection pool after closeDb(), and the process never exited.
	if (closed) return Promise.reject(new Error('the database is closed: the server is shutting down'));
	ready ??= start().catch((e) => {
		ready = null; // let the next request try again (e.g. the server came back)
		throw e;
	});
	return ready;
}

export async function getDb() {
	return (await getDbHandle()).db;
}

/** Closes the handle if one is open, for good (on shutdown, so the process can exit). */
export async function closeDb(): Promise<void> {
	closed = true;
	if (!ready) return;
	const handle = await ready.catch(() => null);
	ready = null;
	await handle?.close();
}
