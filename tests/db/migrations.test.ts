import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client';
import { consulates } from '../../src/lib/server/db/schema';
import { drivers, freshDb } from '../support/db';

describe.each(drivers())('migrated schema on %s', (driver) => {
	let handle: DbHandle;
	beforeAll(async () => {
		handle = await freshDb(driver);
	});
	afterAll(() => handle?.close());

	it('has PostGIS and applying the migrations again changes nothing', async () => {
		await handle.migrate();
		const rows = await handle.db.execute<{ v: string }>(sql`select postgis_lib_version() as v`);
		const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { v: string }[] }).rows;
		expect(list[0].v).toMatch(/^3\./);
	});

	it('stores a point with SRID 4326 and reads it back in degrees', async () => {
		await handle.db.insert(consulates).values({
			id: 'test',
			name: 'Test',
			city: 'San Diego',
			state: 'CA',
			geom: { lng: -117.1611, lat: 32.7157 },
			coordPrecision: 'city',
			border: true,
			jurisdictionStates: ['CA']
		});
		const [row] = await handle.db
			.select({ geom: consulates.geom, srid: sql<number>`ST_SRID(${consulates.geom})`.mapWith(Number) })
			.from(consulates);
		expect(row.srid).toBe(4326);
		expect(row.geom.lng).toBeCloseTo(-117.1611, 6);
		expect(row.geom.lat).toBeCloseTo(32.7157, 6);
	});
});

describe('embedded database on disk', () => {
	it('creates its data directory, parents included, and keeps committed rows across a reopen', async () => {
		const { mkdtempSync, rmSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const { join } = await import('node:path');
		const { openDb } = await import('../../src/lib/server/db/client');
		const root = mkdtempSync(join(tmpdir(), 'atlas-dir-'));
		const dir = join(root, 'not', 'yet', 'there');
		try {
			let handle = await openDb({ pgliteDir: dir });
			await handle.migrate();
			await handle.db.insert(consulates).values({
				id: 'kept',
				name: 'Kept',
				city: 'Yuma',
				state: 'AZ',
				geom: { lng: -114.6277, lat: 32.6927 },
				coordPrecision: 'city',
				border: true,
				jurisdictionStates: ['AZ']
			});
			await handle.close();
			handle = await openDb({ pgliteDir: dir });
			const rows = await handle.db.select({ id: consulates.id }).from(consulates);
			expect(rows).toEqual([{ id: 'kept' }]);
			await handle.close();
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});
