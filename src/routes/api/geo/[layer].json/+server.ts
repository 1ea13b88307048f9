import { error, json } from '@sveltejs/kit';
import { MAP_LAYERS, mapLayer, type MapLayer } from '$lib/server/geo/map-layers';
import type { EntryGenerator, RequestHandler } from './$types';

// Written to build/prerendered at build time and served precompressed: geometry is sent once.
export const prerender = true;
export const entries: EntryGenerator = () => MAP_LAYERS.map((layer) => ({ layer }));

export const GET: RequestHandler = ({ params }) => {
	if (!(MAP_LAYERS as readonly string[]).includes(params.layer)) error(404, `No map layer "${params.layer}"`);
	return json(mapLayer(params.layer as MapLayer));
};
