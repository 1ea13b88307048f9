import { json } from '@sveltejs/kit';
import { TARGET_GROUPS } from '$lib/indicators';
import { getDb } from '$lib/server/db';
import { officePenetration } from '$lib/server/queries/services';
import { filtersOf, oneOf } from '$lib/server/request';
import type { RequestHandler } from './$types';

/** People served per 1,000 target residents (?target=, default mexican_origin) of each office's jurisdiction, under the filters, ranked. */
export const GET: RequestHandler = async ({ url }) => {
	const target = oneOf(url, 'target', TARGET_GROUPS, 'mexican_origin');
	const filters = filtersOf(url);
	return json({ target, filters, ...(await officePenetration(await getDb(), { filters, target })) });
};
