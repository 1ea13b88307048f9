/**
 * Configuration from the environment, read in one place. Every variable is listed, with a
 * comment, in .env.example.
 */
import type { DbOptions } from './db/client';

export const DEFAULT_PGLITE_DIR = '.data/pglite';

type Env = Record<string, string | undefined>;

/** Database options: PostgreSQL when DATABASE_URL is set, else PGlite in PGLITE_DIR. */
export function dbOptionsFromEnv(env: Env = process.env): DbOptions {
	const url = env.DATABASE_URL?.trim();
	if (url) {
		if (!/^postgres(ql)?:\/\//.test(url)) {
			throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL (got "${url.split(':')[0]}:...")`);
		}
		return { url };
	}
	return { pgliteDir: env.PGLITE_DIR?.trim() || DEFAULT_PGLITE_DIR };
}

/** Where migrations live (drizzle/ in the project; overridable for a deployed build). */
export function migrationsDirFromEnv(env: Env = process.env): string {
	return env.MIGRATIONS_DIR?.trim() || 'drizzle';
}

/** The last full month before `today`, as 'YYYY-MM'. Demo service records run up to it. */
export function lastFullMonth(today: Date = new Date()): string {
	const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
	return d.toISOString().slice(0, 7);
}

/** Largest file the import page accepts, in bytes: IMPORT_MAX_MB megabytes (default 50, at most 500). */
export function importMaxBytes(env: Env = process.env): number {
	const raw = env.IMPORT_MAX_MB?.trim();
	if (!raw) return 50 * 2 ** 20;
	const mb = Number(raw);
	if (!Number.isFinite(mb) || mb <= 0 || mb > 500) throw new Error(`IMPORT_MAX_MB must be a number of megabytes above 0 and at most 500 (got "${raw}")`);
	return Math.round(mb * 2 ** 20);
}
