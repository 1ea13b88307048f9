import { error, json } from '@sveltejs/kit';
import { FilterError, parseFilters } from '$lib/filters';
import { TARGET_GROUPS } from '$lib/indicators';
import { getDb } from '$lib/server/db';
import type { TargetGroup } from '$lib/server/queries/analysis-inputs';
import { AreaInputError, areaDetails, DETAIL_LEVELS, type DetailLevel } from '$lib/server/queries/area-details';
import type { RequestHandler } from './$types';

/**
 * One county (5-digit FIPS) or, with ?level=zcta, one ZIP code area: office, population figures,
 * area, nearest service points, people served under the service filters, and (counties) the need
 * index for ?target= (default mexican_origin).
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const level = url.searchParams.get('level') ?? 'county';
	if (!(DETAIL_LEVELS as readonly string[]).includes(level)) error(400, `level: unknown value "${level}"; expected one of ${DETAIL_LEVELS.join(', ')}`);
	const target = url.searchParams.get('target') ?? 'mexican_origin';
	if (!(TARGET_GROUPS as readonly string[]).includes(target)) error(400, `target: unknown value "${target}"; expected one of ${TARGET_GROUPS.join(', ')}`);
	let details;
	try {
		const filters = parseFilters(url.searchParams);
		details = await areaDetails(await getDb(), {
			level: level as DetailLevel,
			code: params.code,
			filters,
			target: target as TargetGroup,
			lang: locals.lang
		});
	} catch (e) {
		if (e instanceof FilterError || e instanceof AreaInputError) error(400, e.message);
		throw e;
	}
	if (!details) error(404, level === 'zcta' ? `No ZIP code area ${params.code}` : `No county with FIPS code ${params.code}`);
	return json(details);
};
