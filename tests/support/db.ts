/**
 * Fresh, migrated databases for DB tests, on every driver this machine offers: PGlite always (from
 * the template built by global-setup), PostgreSQL + PostGIS when DATABASE_URL is set (a new
 * database per call, dropped on close).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDb, type DbHandle } from '../../src/lib/server/db/client';

export type Driver = 'pglite' | 'postgres';

/** The drivers to run DB suites on: always PGlite, plus PostgreSQL when one answers. */
export function drivers(): Driver[] {
	return inject('environment').databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
}

let counter = 0;

/**
 * Opens an empty, migrated database on the driver; close() also drops a PostgreSQL test database.
 * A PostgreSQL handle says its `url`, for another process (a command-line script) to use.
 */
export async function freshDb(driver: Driver): Promise<DbHandle & { url?: string }> {
	if (driver === 'pglite') {
		const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
		return openDb({ snapshot: blob });
	}
	const url = new URL(inject('environment').databaseUrl!);
	const name = `atlas_test_${process.pid}_${Date.now()}_${counter++}`;
	const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	await admin.end();
	const testUrl = new URL(url);
	testUrl.pathname = `/${name}`;
	const handle = await openDb({ url: testUrl.toString() });
	await handle.migrate();
	return {
		...handle,
		url: testUrl.toString(),
		close: async () => {
			await handle.close();
			const dropper = postgres(url.toString(), { max: 1, onnotice: () => {} });
			await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await dropper.end();
		}
	};
}

/**
 * A migrated PGlite data directory on disk, made from the template, closed and ready for a process
 * to open: `dir` is inside `root` (its lock file goes beside it), which the caller removes.
 */
export async function freshPgliteDir(): Promise<{ root: string; dir: string }> {
	const root = mkdtempSync(join(tmpdir(), 'atlas-pglite-'));
	const dir = join(root, 'pglite');
	const handle = await openDb({ pgliteDir: dir, snapshot: new Blob([readFileSync(inject('pgliteTemplate'))]) });
	await handle.close();
	return { root, dir };
}
