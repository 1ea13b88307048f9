import { officeName } from '$lib/i18n/offices';
import { getDb } from '$lib/server/db';
import { cached } from '$lib/server/cache';
import { queryRows } from '$lib/server/db/client';
import { countyOffices, officesGeoJson } from '$lib/server/queries/consulates';
import { serviceSummary } from '$lib/server/queries/services';
import { dataSources } from '$lib/server/queries/sources';
import { parseView } from '$lib/view-state';
import { sql } from 'drizzle-orm';
import type { PageServerLoad } from './$types';

/**
 * What the national map needs before it draws: the offices, which office serves each county,
 * partner counts by type, the months with records and the data sets. Geometry, partners and
 * figures are fetched by the page (cached, compressed) so that changing a filter re-fetches figures only.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const [offices, assignments, all, sources, partnerTypes] = await Promise.all([
		officesGeoJson(db),
		cached(db, 'home:county-offices', () => countyOffices(db)),
		serviceSummary(db, { by: 'total' }),
		dataSources(db),
		cached(db, 'partner-type-counts', () =>
			queryRows<{ type: string; kind: string; n: number }>(
				db,
				sql`SELECT type::text, kind::text, count(*)::int AS n FROM partners
					WHERE (active_from IS NULL OR active_from <= current_date) AND (active_to IS NULL OR active_to >= current_date)
					GROUP BY 1, 2 ORDER BY 1, 2`
			)
		)
	]);
	const jurisdictions: Record<string, string[]> = {};
	for (const [county, a] of Object.entries(assignments)) (jurisdictions[a.office] ??= []).push(county);
	return {
		view: parseView(url.searchParams),
		offices: offices.features.map((f) => ({
			id: f.properties.id,
			name: officeName(locals.lang, f.properties),
			city: f.properties.city,
			state: f.properties.state,
			border: f.properties.border,
			counties: f.properties.counties,
			lng: f.geometry.coordinates[0],
			lat: f.geometry.coordinates[1]
		})),
		jurisdictions,
		period: all.period,
		partnerTypes,
		sources: sources.filter((s) => s.removedAt === null).map((s) => ({ title: s.title, source: s.source, vintage: s.vintage, kind: s.kind, license: s.license }))
	};
};
