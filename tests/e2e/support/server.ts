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
import { freePort, serverEnv, waitUntilAnswering, type RunningServer } from '../../../scripts/production-server';

export type { RunningServer };

/** Where the shared server of this test run keeps its address, pid and log (set by the global setup). */
export function sharedServerDir(): string {
	return inject('e2eDir');
}

/**
 * The run's one e2e server: started by the first file that asks (the others wait for it), and
 * stopped by the global teardown, so `stop()` here does nothing.
 */
export async function sharedServer(): Promise<RunningServer> {
	const dir = sharedServerDir();
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
		const child = spawn(process.execPath, ['build'], { env: serverEnv(port, { pgliteDir: join(dir, 'db') }), stdio: ['ignore', fd, fd], detached: true });
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
