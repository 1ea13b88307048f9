import { error, json } from '@sveltejs/kit';
import { FilterError, parseFilters } from '$lib/filters';
import { getDb } from '$lib/server/db';
import { serviceSummary, SUMMARY_DIMENSIONS, type SummaryDimension } from '$lib/server/queries/services';
import type { RequestHandler } from './$types';

/** People served and services under the filters, summed by ?by= (total, office, county, month, service, channel, group, partner, provider). */
export const GET: RequestHandler = async ({ url }) => {
	const by = url.searchParams.get('by') ?? 'total';
	if (!(SUMMARY_DIMENSIONS as readonly string[]).includes(by)) error(400, `by: unknown value "${by}"; expected one of ${SUMMARY_DIMENSIONS.join(', ')}`);
	let filters;
	try {
		filters = parseFilters(url.searchParams);
	} catch (e) {
		if (e instanceof FilterError) error(400, e.message);
		throw e;
	}
	return json(await serviceSummary(await getDb(), { by: by as SummaryDimension, filters }));
};
