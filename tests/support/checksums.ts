/** Row counts and checksums of the tables an import writes, to show that a fault changed nothing. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/lib/server/db/client';

/** Each table an import can write, with the key its rows are ordered by. */
export const IMPORT_TABLES = {
	service_records: 'id',
	partners: 'id',
	population_estimates: 'id',
	county_assignments: 'county_fips, valid_from',
	import_batches: 'id',
	import_uploads: 'batch_id',
	import_changes: 'id'
} as const;

/**
 * `count:md5` of every row of each table as text, in key order: equal values mean equal contents
 * (sequences excepted: a rolled-back insert still uses up ids).
 */
export async function tableChecksums(db: Db): Promise<Record<string, string>> {
	const parts = Object.entries(IMPORT_TABLES).map(
		([table, key]) => sql.raw(`SELECT '${table}' AS t, count(*) || ':' || md5(coalesce(string_agg(r::text, ',' ORDER BY ${key}), '')) AS v FROM ${table} r`)
	);
	const rows = await queryRows<{ t: string; v: string }>(db, sql.join(parts, sql` UNION ALL `));
	return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}
