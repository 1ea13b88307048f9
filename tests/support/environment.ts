/** What optional test dependencies this machine has, and why a suite cannot run without them. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Environment {
	chromium: boolean;
	databaseUrl: string | null;
	/** Directory of PostgreSQL's server programs (initdb, pg_ctl), for tests that run and stop a cluster of their own. */
	pgBin: string | null;
	skips: { suite: string; reason: string }[];
}

export async function environmentReport(): Promise<Environment> {
	const skips: Environment['skips'] = [];
	const chromium = existsSync(CHROMIUM_PATH);
	if (!chromium) {
		skips.push({
			suite: 'end-to-end (tests/e2e)',
			reason: `no chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`
		});
	}
	let databaseUrl = process.env.DATABASE_URL || null;
	if (!databaseUrl) {
		skips.push({
			suite: 'database suite on PostgreSQL (tests/db, postgres driver)',
			reason: 'DATABASE_URL is not set (point it at a PostgreSQL + PostGIS database to run it; PGlite runs regardless)'
		});
	} else {
		const sql = postgres(databaseUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
		try {
			await sql`select 1`;
		} catch (e) {
			skips.push({
				suite: 'database suite on PostgreSQL (tests/db, postgres driver)',
				reason: `DATABASE_URL is set but the server does not answer: ${(e as Error).message}`
			});
			databaseUrl = null;
		} finally {
			await sql.end({ timeout: 1 });
		}
	}
	const pg = postgresBinaries();
	if ('reason' in pg) skips.push({ suite: 'server faults on a private PostgreSQL cluster (tests/server)', reason: pg.reason });
	return { chromium, databaseUrl, pgBin: 'bin' in pg ? pg.bin : null, skips };
}

/**
 * PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout, what
 * scripts/with-postgres.sh uses). As root the cluster runs as the postgres user, which must exist.
 */
function postgresBinaries(): { bin: string } | { reason: string } {
	const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)) : [];
	const bin = process.env.PG_BIN || (versions.length > 0 ? join('/usr/lib/postgresql', versions[versions.length - 1], 'bin') : null);
	const install = 'apt-get install postgresql-15 postgresql-15-postgis-3, or set PG_BIN';
	if (!bin || !existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'pg_ctl'))) return { reason: `no PostgreSQL server programs (initdb, pg_ctl) found (${install})` };
	if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return { reason: 'running as root and there is no postgres user to run a cluster as' };
	return { bin };
}
