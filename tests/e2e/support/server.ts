/** Starts the production build on a free loopback port with its own database, for e2e tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../../../scripts/ensure-build';

export interface RunningServer {
	url: string;
	output: () => string;
	stop: () => Promise<void>;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
		probe.on('error', reject);
	});
}

/** Builds if needed and starts `node build` on a fresh PGlite directory; resolves once it answers. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	ensureBuilt();
	const port = await freePort();
	let output = '';
	const child: ChildProcess = spawn(process.execPath, ['build'], {
		env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: mkdtempSync(join(tmpdir(), 'atlas-e2e-db-')), PORT: String(port), HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 9 * 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
		try {
			if ((await fetch(`${url}/api/consulates.geojson`)).ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
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
