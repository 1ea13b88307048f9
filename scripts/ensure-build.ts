/**
 * Builds the app when build/ is missing or was built from other sources (a hash of src/, static/,
 * the configs and the lockfile), so `npm start` and the e2e tests never serve a stale build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const STAMP = join('build', '.source-hash');

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
	if (!existsSync(path)) return;
	if (statSync(path).isDirectory()) {
		for (const name of readdirSync(path).sort()) hashTree(hash, join(path, name));
	} else {
		hash.update(path).update(readFileSync(path));
	}
}

function sourceHash(): string {
	const hash = createHash('sha256');
	for (const input of INPUTS) hashTree(hash, input);
	return hash.digest('hex');
}

/** Builds if needed; throws when the build fails. Returns true when it built. */
export function ensureBuilt(log: (m: string) => void = console.log): boolean {
	const wanted = sourceHash();
	const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : null;
	if (built === wanted && existsSync(join('build', 'index.js'))) return false;
	log(built ? 'build: sources changed since the last build; building ...' : 'build: no build yet; building the app ...');
	const t0 = performance.now();
	const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
	if (result.status !== 0) throw new Error('the build failed (see above)');
	writeFileSync(STAMP, wanted);
	log(`build: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return true;
}
