import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { INDICATORS, indicatorValues, isIndicator, type Level } from '$lib/server/queries/indicators';
import type { RequestHandler } from './$types';

const LEVELS: Level[] = ['state', 'county', 'zcta', 'tract'];

/** Per-area values of one indicator (?level=county by default), with their sources and kinds. */
export const GET: RequestHandler = async ({ params, url }) => {
	if (!isIndicator(params.indicator)) {
		error(400, `Unknown indicator "${params.indicator}". Use one of: ${INDICATORS.join(', ')}`);
	}
	const level = (url.searchParams.get('level') ?? 'county') as Level;
	if (!LEVELS.includes(level)) error(400, `Unknown level "${level}". Use one of: ${LEVELS.join(', ')}`);
	return json(await indicatorValues(await getDb(), { indicator: params.indicator, level }));
};
