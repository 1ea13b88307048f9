/**
 * The production build for the e2e tests (started by scripts/production-server.ts).
 * `sharedServer()` gives every e2e file of one run the same server, so the data loads once: the
 * first caller starts it (detached, logging to a file) and the others wait for its address; the
 * global setup's teardown stops it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { ensureBuilt } from '../../../scripts/ensure-build';
import { freePort, serverEnv, startServer as startProductionServer, waitUntilAnswering, type Ready, type RunningServer } from '../../../scripts/production-server';

export { freePort };

export type { RunningServer };

/** The administrator every test server creates at its first start (ATLAS_ADMIN_*). */
export const E2E_ADMIN = { username: 'admin', password: 'e2e-admin-password' };
const ADMIN_ENV = { ATLAS_ADMIN_USERNAME: E2E_ADMIN.username, ATLAS_ADMIN_PASSWORD: E2E_ADMIN.password };

/**
 * A server of a test's own on a fresh PGlite directory, or on the DATABASE_URL or PGLITE_DIR that
 * `env` names, with the test administrator; resolves once it answers as `ready` wants.
 */
export function startServer(env: Record<string, string> = {}, options: { ready?: Ready } = {}): Promise<RunningServer> {
	const db = env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : env.PGLITE_DIR ? { pgliteDir: env.PGLITE_DIR } : {};
	return startProductionServer(db, { ...ADMIN_ENV, ...env }, options);
}

/** Where the shared server of this test run keeps its address, pid and log (set by the global setup). */
export function sharedServerDir(): string {
	return inject('e2eDir');
}

/**
 * Servers shared by the e2e files of one run: 'main' for the files that only read (its data never
 * changes, so figures compared between the page and the API cannot move under a test), and
 * 'writes' for a file that signs in and imports (accounts), with a 1 MB upload limit.
 */
const SHARED: Record<string, Record<string, string>> = { main: {}, writes: { IMPORT_MAX_MB: '1' } };
export type SharedServerName = 'main' | 'writes';

/**
 * A shared server of this run: started by the first file that asks (the others wait for it), and
 * stopped by the global teardown, so `stop()` here does nothing.
 */
export async function sharedServer(name: SharedServerName = 'main'): Promise<RunningServer> {
	const dir = join(sharedServerDir(), name);
	mkdirSync(dir, { recursive: true });
	const info = join(dir, 'server.json');
	const log = join(dir, 'server.log');
	const output = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
	let starter = false;
	try {
		mkdirSync(join(dir, 'lock'));
		starter = true;
	} catch {
		// another file is starting it
	}
	if (starter) {
		ensureBuilt();
		const port = await freePort();
		const fd = openSync(log, 'a');
		const child = spawn(process.execPath, ['build'], { env: serverEnv(port, { pgliteDir: join(dir, 'db') }, { ...ADMIN_ENV, ...SHARED[name] }), stdio: ['ignore', fd, fd], detached: true });
		child.unref();
		const url = `http://127.0.0.1:${port}`;
		writeFileSync(join(dir, 'server.pid'), String(child.pid));
		try {
			await waitUntilAnswering(url, () => (child.exitCode === null ? null : `the shared server exited with ${child.exitCode}:\n${output()}`));
		} catch (e) {
			writeFileSync(join(dir, 'failed'), String(e));
			throw e;
		}
		writeFileSync(info, JSON.stringify({ url }));
	} else {
		const deadline = Date.now() + 10 * 60_000;
		while (!existsSync(info)) {
			if (existsSync(join(dir, 'failed'))) throw new Error(`the shared server did not start: ${readFileSync(join(dir, 'failed'), 'utf8')}`);
			if (Date.now() > deadline) throw new Error('the shared server did not start within 10 minutes');
			await new Promise((r) => setTimeout(r, 500));
		}
	}
	const { url } = JSON.parse(readFileSync(info, 'utf8')) as { url: string };
	return { url, output, stop: async () => {} };
}
