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
