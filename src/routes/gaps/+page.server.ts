import { getDb } from '$lib/server/db';
import { beyond } from '$lib/gaps';
import { needWeights, numberIn, targetGroup } from '$lib/server/analysis/params';
import { countyNeedIndex } from '$lib/server/analysis/service';
import { officesGeoJson } from '$lib/server/queries/consulates';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const group = targetGroup(url.searchParams.get('group') ?? undefined);
	const weights = needWeights(url.searchParams.get('weights'));
	const db = await getDb();
	const [result, offices] = await Promise.all([countyNeedIndex(db, { group, weights }), officesGeoJson(db)]);
	const officeNames = Object.fromEntries(offices.features.map((f) => [f.properties.id, f.properties.city]));
	const beyondKm = url.searchParams.get('beyondKm') ? numberIn(url.searchParams.get('beyondKm'), 'beyondKm', 0, 5000) : null;
	const rows = beyond(result.rows, beyondKm);
	return { group, beyondKm, officeNames, result: { ...result, rows: rows.slice(0, 200) }, matching: rows.length, counties: result.rows.length };
};
