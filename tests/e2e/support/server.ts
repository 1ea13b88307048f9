/**
 * Starts the production build on a free loopback port with its own database, for e2e tests.
 * `sharedServer()` gives every e2e file of one run the same server, so the data loads once: the
 * first caller starts it (detached, logging to a file) and the others wait for its address; the
 * global setup's teardown stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { ensureBuilt } from '../../../scripts/ensure-build';

export interface RunningServer {
	url: string;
	output: () => string;
	stop: () => Promise<void>;
}

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

/** The server is up when the offices answer (the database is loaded); a test of an outage waits for a 503 instead. */
type Ready = (response: Response) => boolean;
const loaded: Ready = (response) => response.ok;

async function waitUntilAnswering(url: string, exited: () => string | null, ready: Ready = loaded): Promise<void> {
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

/** The administrator every test server creates at its first start (ATLAS_ADMIN_*). */
export const E2E_ADMIN = { username: 'admin', password: 'e2e-admin-password' };

function serverEnv(port: number, env: Record<string, string>): NodeJS.ProcessEnv {
	return {
		...process.env,
		DATABASE_URL: '',
		PGLITE_DIR: mkdtempSync(join(tmpdir(), 'atlas-e2e-db-')),
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${port}`,
		BODY_SIZE_LIMIT: 'Infinity',
		ATLAS_ADMIN_USERNAME: E2E_ADMIN.username,
		ATLAS_ADMIN_PASSWORD: E2E_ADMIN.password,
		...env
	};
}

/**
 * Builds if needed and starts `node build` on a fresh PGlite directory (unless `env` names a
 * database); resolves once it answers as `ready` wants (by default: 200 from the offices' API).
 */
export async function startServer(env: Record<string, string> = {}, options: { ready?: Ready } = {}): Promise<RunningServer> {
	ensureBuilt();
	const port = await freePort();
	let output = '';
	const child: ChildProcess = spawn(process.execPath, ['build'], { env: serverEnv(port, env), stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	await waitUntilAnswering(url, () => (child.exitCode === null ? null : `the server exited with ${child.exitCode}:\n${output}`), options.ready);
	return {
		url,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** Where the shared server of this test run keeps its address, pid and log (set by the global setup). */
export function sharedServerDir(): string {
	return inject('e2eDir');
}

/**
 * Servers shared by the e2e files of one run: 'main' for the files that only read (its data never
 * changes, so figures compared between the page and the API cannot move under a test), and
 * 'writes' for the files that sign in and import (accounts, hostile input), with a 1 MB upload
 * limit so the 413 can be tested with a small file.
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
		const child = spawn(process.execPath, ['build'], { env: serverEnv(port, SHARED[name]), stdio: ['ignore', fd, fd], detached: true });
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
