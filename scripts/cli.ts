import { existsSync } from 'node:fs';
/**
 * Shared bits of the command-line scripts: open the configured database (migrated), print errors
 * without a stack for expected problems, exit non-zero on failure.
 */
import { dbOptionsFromEnv, migrationsDirFromEnv } from '../src/lib/server/config';
import { openDb, type DbHandle } from '../src/lib/server/db/client';

// Settings in .env (see .env.example) apply unless the environment already has them.
if (existsSync('.env')) process.loadEnvFile('.env');

/** Runs `main` with the configured, migrated database; closes it; sets the exit code. */
export async function withDatabase(main: (handle: DbHandle) => Promise<void>): Promise<void> {
	let handle: DbHandle | null = null;
	try {
		const options = dbOptionsFromEnv();
		console.error(options.url ? 'database: PostgreSQL (DATABASE_URL)' : `database: embedded PGlite in ${options.pgliteDir}`);
		handle = await openDb(options);
		await handle.migrate(migrationsDirFromEnv());
		await main(handle);
	} catch (e) {
		console.error(`error: ${(e as Error).message}`);
		process.exitCode = 1;
	} finally {
		await handle?.close();
	}
}
