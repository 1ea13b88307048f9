/** Shared fixtures for DB suites that need real geography but not the whole first-start load. */
import { ensureLoaded } from '../../src/lib/server/load/seed';
import type { Db } from '../../src/lib/server/db/client';
import { importBatches } from '../../src/lib/server/db/schema';

/**
 * Loads the real offices, county boundaries and today's assignments only: the other data sets
 * are marked as loaded (the fixtures below replace them), which cuts the load from ~70 s to ~10 s.
 */
export async function loadGeography(db: Db): Promise<void> {
	for (const dataset of ['zcta-population', 'places', 'state-population', 'population-model', 'demo']) {
		await db.insert(importBatches).values({
			dataset,
			title: `${dataset}: skipped by a test`,
			origin: 'tests/support/fixtures.ts',
			source: 'none',
			vintage: 'test',
			kind: 'demo',
			finishedAt: new Date()
		});
	}
	await ensureLoaded(db, () => {});
}

