import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { officesGeoJson } from '$lib/server/queries/consulates';
import type { RequestHandler } from './$types';

/** The 53 offices as GeoJSON points. */
export const GET: RequestHandler = async () => json(await officesGeoJson(await getDb()));
