/**
 * Runs once before the suites: builds (or reuses) a migrated PGlite + PostGIS template so each DB
 * test starts in ~2 s instead of ~12 s, and decides which optional suites can run. On a machine
 * without chromium or a PostgreSQL server the suites are skipped with the reason printed; with
 * CI=true a missing one fails the run instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb, pgliteClient } from '../src/lib/server/db/client';
import { environmentReport, type Environment } from './support/environment';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
		environment: Environment;
		e2eDir: string;
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function migrationsHash(): string {
	const hash = createHash('sha256');
	for (const name of readdirSync('drizzle').sort()) {
		if (name.endsWith('.sql')) hash.update(name).update(readFileSync(join('drizzle', name)));
	}
	return hash.digest('hex').slice(0, 16);
}

export default async function setup(project: TestProject) {
	const environment = await environmentReport();
	const skipped = environment.skips.map((s) => `  - ${s.suite}: skipped, ${s.reason}`);
	if (skipped.length > 0) {
		const banner = ['', 'Suites that will not run on this machine:', ...skipped, ''].join('\n');
		if (process.env.CI === 'true') throw new Error(`CI=true and a required service is missing:${banner}`);
		console.warn(banner);
	}
	project.provide('environment', environment);

	const cacheDir = join('node_modules', '.cache', 'ventanillas-atlas');
	const template = join(cacheDir, `pglite-template-${migrationsHash()}.tar.gz`);
	if (!existsSync(template)) {
		mkdirSync(cacheDir, { recursive: true });
		const handle = await openDb();
		await handle.migrate();
		const dump = await pgliteClient(handle).dumpDataDir('gzip');
		writeFileSync(template, Buffer.from(await dump.arrayBuffer()));
		await handle.close();
	}
	project.provide('pgliteTemplate', template);

	// The e2e files share servers (tests/e2e/support/server.ts); their addresses and pids go here.
	const e2eDir = mkdtempSync(join(tmpdir(), 'atlas-e2e-run-'));
	project.provide('e2eDir', e2eDir);

	return async () => {
		for (const name of readdirSync(e2eDir)) {
			const pidFile = join(e2eDir, name, 'server.pid');
			if (!existsSync(pidFile)) continue;
			const log = join(e2eDir, name, 'server.log');
			if (existsSync(log)) {
				mkdirSync('test-results/e2e', { recursive: true });
				writeFileSync(`test-results/e2e/server-${name}-output.txt`, readFileSync(log));
			}
			const pid = Number(readFileSync(pidFile, 'utf8'));
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// already gone
			}
			// Its database directory is in e2eDir: let it close before the directory goes.
			for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
		}
		rmSync(e2eDir, { recursive: true, force: true });
		if (skipped.length > 0) console.warn(['', 'Reminder: these suites did not run:', ...skipped, ''].join('\n'));
	};
}
