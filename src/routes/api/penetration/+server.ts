import { error, json } from '@sveltejs/kit';
import { FilterError, parseFilters } from '$lib/filters';
import { TARGET_GROUPS } from '$lib/indicators';
import { getDb } from '$lib/server/db';
import type { TargetGroup } from '$lib/server/queries/analysis-inputs';
import { officePenetration } from '$lib/server/queries/services';
import type { RequestHandler } from './$types';

/** People served per 1,000 target residents (?target=, default mexican_origin) of each office's jurisdiction, under the filters, ranked. */
export const GET: RequestHandler = async ({ url }) => {
	const target = url.searchParams.get('target') ?? 'mexican_origin';
	if (!(TARGET_GROUPS as readonly string[]).includes(target)) error(400, `target: unknown value "${target}"; expected one of ${TARGET_GROUPS.join(', ')}`);
	let filters;
	try {
		filters = parseFilters(url.searchParams);
	} catch (e) {
		if (e instanceof FilterError) error(400, e.message);
		throw e;
	}
	return json({ target, filters, ...(await officePenetration(await getDb(), { filters, target: target as TargetGroup })) });
};
