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
/** How long a data version read is trusted: a change shows within this, and a burst of requests asks once. */
const VERSION_TTL_MS = 1000;
const caches = new WeakMap<Db, Map<string, { version: string; value: Promise<unknown> }>>();
const versions = new WeakMap<Db, { at: number; version: Promise<string> }>();

/** Changes whenever a load, import or removal changes the data. */
export async function dataVersion(db: Db): Promise<string> {
	const [row] = await queryRows<{ v: string }>(
		db,
		sql`SELECT coalesce(max(id), 0) || ':' || count(removed_at) || ':' || (SELECT count(*) FROM county_assignments) AS v FROM import_batches`
	);
	return row.v;
}

/** The data version, read at most once per VERSION_TTL_MS. */
function currentVersion(db: Db): Promise<string> {
	const now = Date.now();
	const known = versions.get(db);
	if (known && now - known.at < VERSION_TTL_MS) return known.version;
	const version = dataVersion(db);
	versions.set(db, { at: now, version });
	version.catch(() => versions.delete(db));
	return version;
}

/** Forget the data version read last, so the next call sees a change made just now (after an import, say). */
export function dataChanged(db: Db): void {
	versions.delete(db);
}

/** `load()`'s value for `key`, computed once per data version; concurrent calls share one computation. */
export async function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	const version = await currentVersion(db);
	const hit = cache.get(key);
	if (hit && hit.version === version) {
		cache.delete(key);
		cache.set(key, hit); // most recently used last
		return hit.value as Promise<T>;
	}
	const value = load();
	cache.set(key, { version, value });
	value.catch(() => cache.get(key)?.value === value && cache.delete(key));
	while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
	return value;
}
