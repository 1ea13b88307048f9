import { error } from '@sveltejs/kit';
import { NO_FILTERS } from '$lib/filters';
import { TARGET_GROUPS } from '$lib/indicators';
import { getDb } from '$lib/server/db';
import type { TargetGroup } from '$lib/server/queries/analysis-inputs';
import { officesGeoJson } from '$lib/server/queries/consulates';
import { defaultPeriod } from '$lib/server/queries/report';
import { officePenetration, serviceSummary } from '$lib/server/queries/services';
import type { PageServerLoad } from './$types';

/** The 53 offices with people served in the last 12 full months with records, per 1,000 target residents and rank. */
export const load: PageServerLoad = async ({ url }) => {
	const target = url.searchParams.get('target') ?? 'mexican_origin';
	if (!(TARGET_GROUPS as readonly string[]).includes(target)) error(400, `target: unknown value "${target}"; expected one of ${TARGET_GROUPS.join(', ')}`);
	const db = await getDb();
	const [offices, network] = await Promise.all([officesGeoJson(db), serviceSummary(db, { by: 'total', filters: NO_FILTERS })]);
	const period = network.period.last ? defaultPeriod(network.period.last) : null;
	const filters = { ...NO_FILTERS, ...(period ?? {}) };
	const penetration = await officePenetration(db, { filters, target: target as TargetGroup });
	const byOffice = new Map(penetration.rows.map((r) => [r.office, r]));
	const rows = offices.features.map((f) => {
		const p = byOffice.get(f.properties.id);
		return {
			id: f.properties.id,
			name: f.properties.name,
			city: f.properties.city,
			state: f.properties.state,
			border: f.properties.border,
			people: p?.people ?? null,
			suppressed: p?.suppressed ?? true,
			secondary: p?.secondary ?? false,
			population: p?.population ?? null,
			per1000: p?.per1000 ?? null,
			rank: p?.rank ?? null
		};
	});
	return { target: target as TargetGroup, period, rows, populationSources: penetration.populationSources, serviceSources: network.sources };
};
