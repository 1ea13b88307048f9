/**
 * A PostgreSQL cluster of a test's own (its own data directory and port), which the test can stop
 * and start again: the shared one of scripts/with-postgres.sh serves other suites at the same time.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from '../e2e/support/server';

const run = promisify(execFile);

export interface Cluster {
	/** postgres:// URL of the database `atlas` (PostGIS can be created in it: the user is a superuser). */
	url: string;
	/** `pg_ctl stop -m fast` (clients are disconnected, 57P01) or `immediate` (a crash: the next start recovers from the WAL). */
	stop(mode?: 'fast' | 'immediate'): Promise<void>;
	start(): Promise<void>;
	/** Stops the cluster and deletes its files. */
	destroy(): Promise<void>;
}

/** initdb + start on a free loopback port, as the postgres user when running as root; creates the database `atlas`. */
export async function privateCluster(pgBin: string): Promise<Cluster> {
	const root = mkdtempSync(join(tmpdir(), 'atlas-pg-'));
	const asRoot = process.getuid?.() === 0;
	if (asRoot) chownSync(root, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
	const data = join(root, 'data');
	const port = await freePort();
	const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
	// PostgreSQL refuses to run as root.
	const pg = (program: string, ...args: string[]) => {
		const command = [join(pgBin, program), ...args].map(quote).join(' ');
		return asRoot ? run('su', ['postgres', '-s', '/bin/sh', '-c', command]) : run('/bin/sh', ['-c', command]);
	};
	const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
	const start = async () => {
		await pg('pg_ctl', '-D', data, '-l', join(root, 'log'), '-w', '-t', '120', '-o', options, 'start');
	};
	await pg('initdb', '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync');
	await start();
	const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
	await admin.unsafe('CREATE DATABASE atlas');
	await admin.end();
	let running = true;
	return {
		url: `postgres://postgres@127.0.0.1:${port}/atlas`,
		stop: async (mode = 'fast') => {
			await pg('pg_ctl', '-D', data, '-m', mode, '-w', '-t', '120', 'stop');
			running = false;
		},
		start: async () => {
			await start();
			running = true;
		},
		destroy: async () => {
			if (running) await pg('pg_ctl', '-D', data, '-m', 'immediate', 'stop').catch(() => {});
			rmSync(root, { recursive: true, force: true });
		}
	};
}
