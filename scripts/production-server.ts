/**
 * The production build (`node build`) on a free loopback port with its own database, for the e2e
 * tests and the benchmarks: built first if the sources changed, resolved once it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './ensure-build';

export interface RunningServer {
	url: string;
	output: () => string;
	stop: () => Promise<void>;
}

export interface ServerDatabase {
	/** A postgres:// URL to serve from; unset = the embedded PGlite. */
	databaseUrl?: string;
	/** The PGlite directory, loaded or not (the server loads what is missing); unset = a new temporary one. */
	pgliteDir?: string;
}

/** A TCP port nobody listens on at the moment, on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
		probe.on('error', reject);
	});
}

/**
 * Polls `url` until the offices endpoint answers 2xx; throws with `exited()`'s reason when the
 * server died, or after 9 minutes (the first start loads every data set: 1-2 minutes here).
 */
export async function waitUntilAnswering(url: string, exited: () => string | null): Promise<void> {
	const deadline = Date.now() + 9 * 60_000;
	while (Date.now() < deadline) {
		const why = exited();
		if (why !== null) throw new Error(why);
		try {
			if ((await fetch(`${url}/api/consulates.geojson`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`the server at ${url} did not answer within 9 minutes`);
}

/** The environment of `node build` on `port` with that database, loopback only; `env` wins. */
export function serverEnv(port: number, db: { databaseUrl?: string; pgliteDir: string }, env: Record<string, string> = {}): NodeJS.ProcessEnv {
	return { ...process.env, DATABASE_URL: db.databaseUrl ?? '', PGLITE_DIR: db.pgliteDir, PORT: String(port), HOST: '127.0.0.1', ...env };
}

/**
 * Builds if needed and starts `node build` on `db` (default: a fresh PGlite directory, removed
 * when the server stops); resolves once it answers, which on a new database is after the data
 * has loaded.
 */
export async function startServer(db: ServerDatabase = {}, env: Record<string, string> = {}): Promise<RunningServer> {
	ensureBuilt();
	const port = await freePort();
	const ownDir = db.databaseUrl || db.pgliteDir ? null : mkdtempSync(join(tmpdir(), 'atlas-server-db-'));
	const pgliteDir = db.pgliteDir ?? ownDir ?? '';
	let output = '';
	const child: ChildProcess = spawn(process.execPath, ['build'], { env: serverEnv(port, { databaseUrl: db.databaseUrl, pgliteDir }, env), stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const removeDir = () => ownDir && rmSync(ownDir, { recursive: true, force: true });
	const url = `http://127.0.0.1:${port}`;
	try {
		await waitUntilAnswering(url, () => (child.exitCode === null && child.signalCode === null ? null : `the server exited (${child.exitCode ?? child.signalCode}):\n${output}`));
	} catch (e) {
		child.kill('SIGTERM');
		await exited;
		removeDir();
		throw e;
	}
	return {
		url,
		output: () => output,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			removeDir();
		}
	};
}
