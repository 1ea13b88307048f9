import { error } from '@sveltejs/kit';
import { FilterError, parseFilters } from '$lib/filters';
import { TARGET_GROUPS } from '$lib/indicators';
import { getDb } from '$lib/server/db';
import type { TargetGroup } from '$lib/server/queries/analysis-inputs';
import { officesGeoJson } from '$lib/server/queries/consulates';
import {
	defaultRadiusKm,
	MAX_RADIUS_KM,
	MIN_RADIUS_KM,
	parsePartnerId,
	parseRadiusKm,
	partnerArea,
	PartnerAreaInputError
} from '$lib/server/queries/partner-area';
import type { PageServerLoad } from './$types';

/** The partner's area for ?radius= (km), ?target= and the service filters in the URL. */
export const load: PageServerLoad = async ({ params, url }) => {
	const target = url.searchParams.get('target') ?? 'mexican_origin';
	if (!(TARGET_GROUPS as readonly string[]).includes(target)) error(400, `target: unknown value "${target}"; expected one of ${TARGET_GROUPS.join(', ')}`);
	const fallbackKm = defaultRadiusKm();
	let id, radiusKm, filters;
	try {
		id = parsePartnerId(params.id);
		radiusKm = parseRadiusKm(url.searchParams.get('radius'), fallbackKm);
		filters = parseFilters(url.searchParams);
	} catch (e) {
		if (e instanceof FilterError || e instanceof PartnerAreaInputError) error(400, e.message);
		throw e;
	}
	const db = await getDb();
	const [area, offices] = await Promise.all([partnerArea(db, { id, radiusKm, filters, target: target as TargetGroup }), officesGeoJson(db)]);
	if (!area) error(404, `No partner has id ${id}; the list of partners is at /partners`);
	return { area, offices, defaultRadiusKm: fallbackKm, minRadiusKm: MIN_RADIUS_KM, maxRadiusKm: MAX_RADIUS_KM };
};
