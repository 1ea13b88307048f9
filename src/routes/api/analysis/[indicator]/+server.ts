import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { ANALYSIS_INDICATORS, accessScores, nearestKm, needIndexValues, remoteAreas } from '$lib/server/analysis/service';
import { needWeights, numberIn, supplyFilter, targetGroup } from '$lib/server/analysis/params';
import type { RequestHandler } from './$types';

/**
 * Analysis results per area, in the same shape as /api/indicators so the map takes them as more
 * choices of one selector. ?level=county|zcta &group= &radiusKm= (remote) &desks=0 &partners=all|none|type,...
 * &weights=component:w,... (need_index, county only).
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const q = url.searchParams;
	const level = (q.get('level') ?? 'county') as 'county' | 'zcta';
	if (level !== 'county' && level !== 'zcta') error(400, 'level must be county or zcta');
	const group = targetGroup(q.get('group'));
	const supply = supplyFilter(q.get('desks'), q.get('partners'));
	const db = await getDb();
	switch (params.indicator) {
		case 'nearest_km':
			return json(await nearestKm(db, { level, group, supply }));
		case 'remote':
			return json(await remoteAreas(db, { level, group, supply, radiusKm: numberIn(q.get('radiusKm'), 'radiusKm', 1, 1000, 50) }));
		case 'access_e2sfca':
			return json(await accessScores(db, { level, group, supply }));
		case 'need_index': {
			if (level !== 'county') error(400, 'the need index is computed by county');
			return json(await needIndexValues(db, { group, supply, weights: needWeights(q.get('weights')) }));
		}
		default:
			error(404, `No analysis "${params.indicator}". Use one of: ${ANALYSIS_INDICATORS.join(', ')}`);
	}
};
