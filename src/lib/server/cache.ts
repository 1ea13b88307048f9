/**
 * Results cached per data version: the version changes whenever a load, import, removal or
 * jurisdiction correction changes the data, so a new import is picked up at once and repeated
 * requests stay fast. Each database handle has its own cache (tests open several at once), with at
 * most MAX_ENTRIES results (least recently used go first).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db/client';
import { queryRows } from './db/client';

const MAX_ENTRIES = 500;
const caches = new WeakMap<Db, Map<string, { version: string; value: unknown }>>();

/** Changes whenever a load, import or removal changes the data. */
export async function dataVersion(db: Db): Promise<string> {
	const [row] = await queryRows<{ v: string }>(
		db,
		sql`SELECT coalesce(max(id), 0) || ':' || count(removed_at) || ':' || (SELECT count(*) FROM county_assignments) AS v FROM import_batches`
	);
	return row.v;
}

/** `load()`'s value for `key`, computed once per data version. */
export async function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	const version = await dataVersion(db);
	const hit = cache.get(key);
	if (hit && hit.version === version) {
		cache.delete(key);
		cache.set(key, hit); // most recently used last
		return hit.value as T;
	}
	const value = await load();
	cache.set(key, { version, value });
	while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
	return value;
}
