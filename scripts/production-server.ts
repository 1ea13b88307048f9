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

/** When a starting server counts as up: by default the offices answer 2xx (the data is loaded); an outage test waits for a 503. */
export type Ready = (response: Response) => boolean;
const loaded: Ready = (response) => response.ok;

/**
 * Polls `url` until the offices endpoint answers as `ready` wants; throws with `exited()`'s reason
 * when the server died, or after 9 minutes (the first start loads every data set: 1-2 minutes here).
 */
export async function waitUntilAnswering(url: string, exited: () => string | null, ready: Ready = loaded): Promise<void> {
	const deadline = Date.now() + 9 * 60_000;
	while (Date.now() < deadline) {
		const why = exited();
		if (why !== null) throw new Error(why);
		try {
			if (ready(await fetch(`${url}/api/consulates.geojson`))) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`the server at ${url} did not answer within 9 minutes`);
}

/**
 * The environment of `node build` on `port` with that database, loopback only, with its address as
 * ORIGIN (sign-in forms and the CSRF check compare it) and no adapter body limit (the import
 * endpoint applies IMPORT_MAX_MB with its own message); `env` wins.
 */
export function serverEnv(port: number, db: { databaseUrl?: string; pgliteDir: string }, env: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		DATABASE_URL: db.databaseUrl ?? '',
		PGLITE_DIR: db.pgliteDir,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${port}`,
		BODY_SIZE_LIMIT: 'Infinity',
		...env
	};
}

/**
 * Builds if needed and starts `node build` on `db` (default: a fresh PGlite directory, removed
 * when the server stops); resolves once it answers, which on a new database is after the data
 * has loaded.
 */
export async function startServer(db: ServerDatabase = {}, env: Record<string, string> = {}, options: { ready?: Ready } = {}): Promise<RunningServer> {
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
		await waitUntilAnswering(url, () => (child.exitCode === null && child.signalCode === null ? null : `the server exited (${child.exitCode ?? child.signalCode}):\n${output}`), options.ready);
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
