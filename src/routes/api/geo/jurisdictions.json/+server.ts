import { json } from '@sveltejs/kit';
import { dataVersion } from '$lib/server/cache';
import { getDb } from '$lib/server/db';
import { jurisdictionShapes } from '$lib/server/queries/jurisdiction-shapes';
import type { RequestHandler } from './$types';

/**
 * Each office's jurisdiction today as one MultiPolygon (id = office slug). The shapes change only
 * with the data (a jurisdiction correction), so the ETag is the data version: browsers revalidate
 * on every use and get a 304 without a body until the data changes.
 */
export const GET: RequestHandler = async ({ request }) => {
	const db = await getDb();
	const etag = `"jurisdictions-${await dataVersion(db)}"`;
	const headers = { etag, 'cache-control': 'public, no-cache' };
	const match = (request.headers.get('if-none-match') ?? '')
		.split(',')
		.map((t) => t.trim().replace(/^W\//, ''))
		.some((t) => t === etag || t === '*');
	if (match) return new Response(null, { status: 304, headers });
	return json(await jurisdictionShapes(db), { headers });
};
