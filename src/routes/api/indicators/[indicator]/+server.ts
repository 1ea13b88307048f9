import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { INDICATORS, isIndicator, type Level } from '$lib/server/queries/indicators';
import { indicatorMeasure, isMeasure, MeasureError, MEASURES } from '$lib/server/queries/measures';
import type { RequestHandler } from './$types';

const LEVELS: Level[] = ['state', 'county', 'zcta', 'tract'];

/**
 * Per-area values of one indicator (?level=county by default), with their sources and kinds, as
 * ?measure=count (default, people), per_km2 (people per km², state and county) or share (fraction
 * 0-1 of the area's total population).
 */
export const GET: RequestHandler = async ({ params, url }) => {
	if (!isIndicator(params.indicator)) {
		error(400, `Unknown indicator "${params.indicator}". Use one of: ${INDICATORS.join(', ')}`);
	}
	const level = (url.searchParams.get('level') ?? 'county') as Level;
	if (!LEVELS.includes(level)) error(400, `Unknown level "${level}". Use one of: ${LEVELS.join(', ')}`);
	const measure = url.searchParams.get('measure') ?? 'count';
	if (!isMeasure(measure)) error(400, `Unknown measure "${measure}". Use one of: ${MEASURES.join(', ')}`);
	try {
		return json(await indicatorMeasure(await getDb(), { indicator: params.indicator, level, measure }));
	} catch (e) {
		if (e instanceof MeasureError) error(400, e.message);
		throw e;
	}
};
