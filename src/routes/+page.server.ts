import { DEFAULT_INDICATOR, INDICATOR_INFO, MAPPABLE_INDICATORS } from '$lib/indicators';
import { accessScores, nearestKm, needIndexValues, remoteAreas } from '$lib/server/analysis/service';
import { getDb } from '$lib/server/db';
import type { Db } from '$lib/server/db/client';
import { consulatesGeoJson } from '$lib/server/queries/consulates';
import { indicatorValues, type Indicator } from '$lib/server/queries/indicators';
import { partnersGeoJson } from '$lib/server/queries/partners';
import { dataSources } from '$lib/server/queries/sources';
import type { PageServerLoad } from './$types';

function analysisValues(db: Db, indicator: string) {
	const options = { level: 'county' as const, group: 'mexican_origin' as const };
	if (indicator === 'need_index') return needIndexValues(db, { group: options.group });
	if (indicator === 'remote') return remoteAreas(db, { ...options, radiusKm: 50 });
	return indicator === 'nearest_km' ? nearestKm(db, options) : accessScores(db, options);
}

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const requested = url.searchParams.get('indicator') ?? DEFAULT_INDICATOR;
	const indicator = (MAPPABLE_INDICATORS.includes(requested) ? requested : DEFAULT_INDICATOR) as Indicator;
	const [offices, partners, values, sources] = await Promise.all([
		consulatesGeoJson(db),
		partnersGeoJson(db),
		INDICATOR_INFO[indicator].endpoint === 'analysis' ? analysisValues(db, indicator) : indicatorValues(db, { indicator, level: 'county' }),
		dataSources(db)
	]);
	return { offices, partners, values, sources };
};
