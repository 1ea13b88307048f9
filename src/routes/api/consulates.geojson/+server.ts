import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { consulatesGeoJson } from '$lib/server/queries/consulates';
import type { RequestHandler } from './$types';

/** The 53 offices as GeoJSON points. */
export const GET: RequestHandler = async () => json(await consulatesGeoJson(await getDb()));
