import { getDb } from '$lib/server/db';
import { TARGET_GROUPS, type TargetGroup } from '$lib/server/queries/analysis-inputs';
import { officesGeoJson } from '$lib/server/queries/consulates';
import { indicatorValues } from '$lib/server/queries/indicators';
import { partnersGeoJson } from '$lib/server/queries/partners';
import { listScenarios } from '$lib/server/queries/scenarios';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const requested = url.searchParams.get('group') ?? 'mexican_origin';
	const group = ((TARGET_GROUPS as readonly string[]).includes(requested) ? requested : 'mexican_origin') as TargetGroup;
	const [offices, partners, values, scenarios] = await Promise.all([
		officesGeoJson(db),
		partnersGeoJson(db),
		indicatorValues(db, { indicator: group, level: 'county' }),
		listScenarios(db)
	]);
	return { offices, partners, values, scenarios, group };
};
