/**
 * A fingerprint of a whole database: every table's row count and, for the tables the app writes,
 * an md5 of all its rows in a fixed order. Two equal fingerprints mean no row was added, removed
 * or changed anywhere, so a test can show that a refused import (or an undone one) left the
 * database exactly as it was. Sequences are not compared: PostgreSQL advances them even in a
 * transaction that rolls back, and no row records that.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/lib/server/db/client';

/**
 * Reference tables loaded once and large (polygons, 33,000 ZIP areas, places): counted, not
 * hashed, to keep a fingerprint under a second. Nothing in the app writes them after the load.
 */
export const COUNTED_ONLY = ['areas', 'zcta_counties', 'places', 'context_shapes', 'spatial_ref_sys'];

/** Table name -> "rows" (counted only) or "rows:md5" (every row, ordered by its text form). */
export type Fingerprint = Record<string, string>;

/**
 * The fingerprint of every table in the public schema (partners, service_records,
 * population_estimates, county_assignments, import_batches, import_changes, import_uploads, users,
 * sessions, sign_in_attempts, scenarios, consulates... whatever the migrations created).
 */
export async function databaseFingerprint(db: Db): Promise<Fingerprint> {
	const tables = await queryRows<{ name: string }>(
		db,
		sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`
	);
	const out: Fingerprint = {};
	for (const { name } of tables) {
		const t = sql.identifier(name);
		const [row] = COUNTED_ONLY.includes(name)
			? await queryRows<{ v: string }>(db, sql`SELECT count(*)::text AS v FROM ${t}`)
			: await queryRows<{ v: string }>(db, sql`SELECT count(*) || ':' || md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text), '')) AS v FROM ${t} r`);
		out[name] = row.v;
	}
	return out;
}

/** The fingerprint without some tables, to say "nothing else changed" after a write to those. */
export function except(fingerprint: Fingerprint, ...tables: string[]): Fingerprint {
	return Object.fromEntries(Object.entries(fingerprint).filter(([name]) => !tables.includes(name)));
}
