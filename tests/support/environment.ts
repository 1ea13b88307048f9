/** What optional test dependencies this machine has, and why a suite cannot run without them. */
import { existsSync } from 'node:fs';
import postgres from 'postgres';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Environment {
	chromium: boolean;
	databaseUrl: string | null;
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
	return { chromium, databaseUrl, skips };
}
