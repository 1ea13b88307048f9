/**
 * Fresh, migrated databases for DB tests, on every driver this machine offers: PGlite always (from
 * the template built by global-setup), PostgreSQL + PostGIS when DATABASE_URL is set (a new
 * database per call, dropped on close).
 */
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDb, type DbHandle } from '../../src/lib/server/db/client';

export type Driver = 'pglite' | 'postgres';

/** The drivers to run DB suites on: always PGlite, plus PostgreSQL when one answers. */
export function drivers(): Driver[] {
	return inject('environment').databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
}

let counter = 0;

/** Opens an empty, migrated database on the driver; close() also drops a PostgreSQL test database. */
export async function freshDb(driver: Driver): Promise<DbHandle> {
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
		close: async () => {
			await handle.close();
			const dropper = postgres(url.toString(), { max: 1, onnotice: () => {} });
			await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await dropper.end();
		}
	};
}
