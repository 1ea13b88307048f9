/**
 * `npm run data:load [-- --no-demo]`: loads every offline data set that is not loaded yet (what the
 * server also does at its first start), printing progress.
 */
import { ensureLoaded } from '../src/lib/server/load/seed';
import { withDatabase } from './cli';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--no-demo');
if (unknown.length > 0) {
	console.error(`error: unknown argument ${unknown[0]}\nusage: npm run data:load [-- --no-demo]`);
	process.exit(1);
}
await withDatabase(async ({ db }) => {
	const loaded = await ensureLoaded(db, console.log, { demo: !args.includes('--no-demo') });
	console.log(Object.keys(loaded).length ? `loaded: ${Object.keys(loaded).join(', ')}` : 'everything was already loaded');
});
