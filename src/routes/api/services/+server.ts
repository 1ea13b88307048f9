import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { serviceSummary, SUMMARY_DIMENSIONS } from '$lib/server/queries/services';
import { filtersOf, oneOf } from '$lib/server/request';
import type { RequestHandler } from './$types';

/** People served and services under the filters, summed by ?by= (total, office, county, month, service, channel, group, partner, provider). */
export const GET: RequestHandler = async ({ url }) => {
	const by = oneOf(url, 'by', SUMMARY_DIMENSIONS, 'total');
	return json(await serviceSummary(await getDb(), { by, filters: filtersOf(url) }));
};
