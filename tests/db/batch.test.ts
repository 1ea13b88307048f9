import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '../../src/lib/server/db/client';
import { consulates, importBatches } from '../../src/lib/server/db/schema';
import { withBatch } from '../../src/lib/server/load/batch';
import { drivers, freshDb } from '../support/db';

const office = {
	id: 'test-office',
	name: 'Test office',
	city: 'Test',
	state: 'CA',
	geom: { lng: -117, lat: 33 },
	coordPrecision: 'city',
	border: false,
	jurisdictionStates: ['CA']
};

describe.each(drivers())('import batches on %s', (driver) => {
	let handle: DbHandle;
	beforeAll(async () => {
		handle = await freshDb(driver);
	});
	afterAll(() => handle?.close());

	const meta = { dataset: 'test', title: 'Test', origin: 'test', source: 'test', vintage: '2026', kind: 'demo' as const };

	it('keeps nothing of a load that fails half-way, not even its batch row', async () => {
		await expect(
			withBatch(handle.db, meta, async (tx) => {
				await tx.insert(consulates).values(office);
				throw new Error('the file ended early');
			})
		).rejects.toThrow('the file ended early');
		const [{ n }] = await queryRows<{ n: string }>(handle.db, sql`SELECT (SELECT count(*) FROM consulates) + (SELECT count(*) FROM import_batches) AS n`);
		expect(Number(n)).toBe(0);
	});

	it('records what a finished load wrote, with its finish time', async () => {
		const { batchId, rowCounts } = await withBatch(handle.db, meta, async (tx, id) => {
			await tx.insert(consulates).values({ ...office, batchId: id });
			return { consulates: 1 };
		});
		expect(rowCounts).toEqual({ consulates: 1 });
		const [batch] = await handle.db.select().from(importBatches);
		expect(batch.id).toBe(batchId);
		expect(batch.rowCounts).toEqual({ consulates: 1 });
		expect(batch.finishedAt).toBeInstanceOf(Date);
	});
});
