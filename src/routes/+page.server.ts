import { DEFAULT_INDICATOR, MAPPABLE_INDICATORS } from '$lib/indicators';
import { getDb } from '$lib/server/db';
import { consulatesGeoJson } from '$lib/server/queries/consulates';
import { indicatorValues, type Indicator } from '$lib/server/queries/indicators';
import { partnersGeoJson } from '$lib/server/queries/partners';
import { dataSources } from '$lib/server/queries/sources';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const requested = url.searchParams.get('indicator') ?? DEFAULT_INDICATOR;
	const indicator = (MAPPABLE_INDICATORS.includes(requested) ? requested : DEFAULT_INDICATOR) as Indicator;
	const [offices, partners, values, sources] = await Promise.all([
		consulatesGeoJson(db),
		partnersGeoJson(db),
		indicatorValues(db, { indicator, level: 'county' }),
		dataSources(db)
	]);
	return { offices, partners, values, sources };
};
