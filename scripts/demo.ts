/**
 * `npm run data:demo -- --remove`: deletes every demo row (partners, service records, demo
 * estimates) and nothing else. `npm run data:demo -- --load`: generates the demo data again.
 */
import { withBatch } from '../src/lib/server/load/batch';
import { loadDemo, removeDemo } from '../src/lib/server/load/demo';
import { demoBatchMeta } from '../src/lib/server/load/seed';
import { withDatabase } from './cli';

const [action, ...rest] = process.argv.slice(2);
if ((action !== '--remove' && action !== '--load') || rest.length > 0) {
	console.error('usage: npm run data:demo -- --remove | --load');
	process.exit(1);
}
await withDatabase(async ({ db }) => {
	const removed = await removeDemo(db);
	console.log(`removed demo rows: ${JSON.stringify(removed)}`);
	if (action === '--load') {
		const { rowCounts } = await withBatch(db, demoBatchMeta(), (tx, batchId) => loadDemo(tx, batchId));
		console.log(`loaded demo rows: ${JSON.stringify(rowCounts)}`);
	}
});
