import { json } from '@sveltejs/kit';
import type { FeatureCollection, Point } from 'geojson';
import { readZctas } from '$lib/server/load/zcta';
import type { RequestHandler } from './$types';

// Written to build/prerendered at build time from the zipcode package (no database) and served
// precompressed, like the other map geometry: figures are joined to the points by code.
export const prerender = true;

interface ZctaPointProperties {
	code: string;
	/** Postal abbreviation, e.g. 'TX'. */
	state: string;
}

/** Every ZCTA of the served states as a point (id = ZCTA code), coordinates rounded to 4 decimals (about 11 m). */
export const GET: RequestHandler = () => {
	const r = (v: number) => Math.round(v * 1e4) / 1e4;
	const collection: FeatureCollection<Point, ZctaPointProperties> = {
		type: 'FeatureCollection',
		features: readZctas()
			.zctas.sort((a, b) => a.zcta.localeCompare(b.zcta))
			.map((z) => ({
				type: 'Feature',
				id: z.zcta,
				geometry: { type: 'Point', coordinates: [r(z.lon), r(z.lat)] },
				properties: { code: z.zcta, state: z.state }
			}))
	};
	return json(collection);
};
