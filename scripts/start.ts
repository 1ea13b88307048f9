/**
 * `npm start`: builds the app if the build is missing or stale, then runs the production server,
 * which migrates and loads the database on first start, printing progress.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './ensure-build';

// Settings in .env (see .env.example) apply unless the environment already has them.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
	ensureBuilt((m) => console.log(`start: ${m}`));
} catch (e) {
	console.error(`start: ${(e as Error).message}`);
	process.exit(1);
}
process.env.PORT ??= '3000';
// Uploads are limited by IMPORT_MAX_MB in the import endpoint, which says so clearly; the adapter's own
// 512 KB default would refuse them first with a terse message.
process.env.BODY_SIZE_LIMIT ||= 'Infinity';
// The adapter takes the site's address from ORIGIN (else it assumes https), and sign-in forms and
// the CSRF check compare each request's Origin with it. Behind a proxy, set ORIGIN to the public address.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
console.log(`start: starting the server on http://localhost:${process.env.PORT} (first start loads the data: about 2 minutes) ...`);
await import(pathToFileURL(join(process.cwd(), 'build', 'index.js')).href);
