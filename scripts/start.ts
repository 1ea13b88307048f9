/**
 * `npm start`: builds the app if the build is missing or older than the sources, then runs the
 * production server (which migrates and loads the database on first start, printing progress).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

const wanted = sourceHash();
const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : null;
if (built !== wanted || !existsSync(join('build', 'index.js'))) {
	console.log(built ? 'start: sources changed since the last build; building ...' : 'start: first start; building the app ...');
	const t0 = performance.now();
	const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('start: the build failed (see above)');
		process.exit(1);
	}
	writeFileSync(STAMP, wanted);
	console.log(`start: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
process.env.PORT ??= '3000';
console.log(`start: starting the server on http://localhost:${process.env.PORT} ...`);
await import(pathToFileURL(join(process.cwd(), 'build', 'index.js')).href);
