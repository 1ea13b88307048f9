import { error, json } from '@sveltejs/kit';
import { FilterError, parseFilters } from '$lib/filters';
import { TARGET_GROUPS } from '$lib/indicators';
import { getDb } from '$lib/server/db';
import type { TargetGroup } from '$lib/server/queries/analysis-inputs';
import { defaultRadiusKm, parsePartnerId, parseRadiusKm, partnerArea, PartnerAreaInputError } from '$lib/server/queries/partner-area';
import type { RequestHandler } from './$types';

/**
 * One partner's area: catchment population within ?radius= km (default PARTNER_RADIUS_KM, 25),
 * records at its site under the service filters (?from=&to=&channel=&service=&ptype=&group=&office=),
 * nearby desks and partners and the most underserved ZIP areas within twice the radius, for
 * ?target= (default mexican_origin).
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const target = url.searchParams.get('target') ?? 'mexican_origin';
	if (!(TARGET_GROUPS as readonly string[]).includes(target)) error(400, `target: unknown value "${target}"; expected one of ${TARGET_GROUPS.join(', ')}`);
	let id, radiusKm, filters;
	try {
		id = parsePartnerId(params.id);
		radiusKm = parseRadiusKm(url.searchParams.get('radius'), defaultRadiusKm());
		filters = parseFilters(url.searchParams);
	} catch (e) {
		if (e instanceof FilterError || e instanceof PartnerAreaInputError) error(400, e.message);
		throw e;
	}
	const area = await partnerArea(await getDb(), { id, radiusKm, filters, target: target as TargetGroup });
	if (!area) error(404, `No partner has id ${id}; the list of partners is at /partners`);
	return json(area);
};
