import { error } from '@sveltejs/kit';
import { FilterError, NO_FILTERS, parseFilters, type ServiceFilters } from '$lib/filters';
import { TARGET_GROUPS } from '$lib/indicators';
import { translator } from '$lib/i18n';
import { report } from '$lib/i18n/report';
import { countyNeedIndex } from '$lib/server/analysis/service';
import { getDb } from '$lib/server/db';
import type { TargetGroup } from '$lib/server/queries/analysis-inputs';
import { officesGeoJson } from '$lib/server/queries/consulates';
import { partnersGeoJson } from '$lib/server/queries/partners';
import { defaultPeriod, jurisdiction, previousPeriod } from '$lib/server/queries/report';
import { officePenetration, serviceSummary } from '$lib/server/queries/services';
import type { PageServerLoad } from './$types';

/** Underserved counties listed in the report. */
const NEED_ROWS = 10;
/** Partners listed in the report. */
const TOP_PARTNERS = 10;

export const load: PageServerLoad = async ({ params, url, parent }) => {
	const { lang } = await parent();
	const t = translator(lang, report);
	const db = await getDb();
	const offices = await officesGeoJson(db);
	const office = offices.features.find((f) => f.properties.id === params.slug);
	if (!office) error(404, t('report.unknownOffice', { slug: params.slug }));

	const target = url.searchParams.get('target') ?? 'mexican_origin';
	if (!(TARGET_GROUPS as readonly string[]).includes(target)) error(400, t('report.badTarget', { value: target, allowed: TARGET_GROUPS.join(', ') }));
	let requested: ServiceFilters;
	try {
		requested = parseFilters(url.searchParams);
	} catch (e) {
		if (e instanceof FilterError) error(400, e.message);
		throw e;
	}

	// Default period: the last 12 months up to the network's last month with records, so every
	// office (and the ranking among them) is measured over the same months.
	const network = await serviceSummary(db, { by: 'total', filters: NO_FILTERS });
	const lastMonth = network.period.last;
	const fallback = lastMonth ? defaultPeriod(lastMonth) : null;
	// Half a period is completed with the edge of the records, so the report always names both ends.
	const from = requested.from ?? (requested.to ? network.period.first : (fallback?.from ?? null));
	const to = requested.to ?? (requested.from ? lastMonth : (fallback?.to ?? null));
	const filters: ServiceFilters = { ...requested, from, to, office: params.slug };
	const previous = from && to ? previousPeriod({ from, to }) : null;
	const previousFilters: ServiceFilters | null = previous ? { ...filters, ...previous } : null;

	const by = (dimension: Parameters<typeof serviceSummary>[1]['by'], f: ServiceFilters = filters) => serviceSummary(db, { by: dimension, filters: f });
	const [total, prior, months, history, services, channels, groups, partnerRows, penetration, juris, partners, need, officeHistory] = await Promise.all([
		by('total'),
		previousFilters ? by('total', previousFilters) : Promise.resolve(null),
		by('month'),
		by('month', { ...filters, from: null, to: null }),
		by('service'),
		by('channel'),
		by('group'),
		by('partner'),
		officePenetration(db, { filters, target: target as TargetGroup }),
		jurisdiction(db, { office: params.slug, target: target as TargetGroup }),
		partnersGeoJson(db, { consulateId: params.slug, includeInactive: true }),
		countyNeedIndex(db, { group: target as TargetGroup }),
		serviceSummary(db, { by: 'total', filters: { ...NO_FILTERS, office: params.slug } })
	]);
	const countyServed = await by('county');

	const partnerInfo = new Map(partners.features.map((f) => [String(f.properties.id), f.properties]));
	const topPartners = partnerRows.rows
		.slice()
		.sort((a, b) => (b.people ?? -1) - (a.people ?? -1) || (b.services ?? -1) - (a.services ?? -1) || a.key.localeCompare(b.key))
		.slice(0, TOP_PARTNERS)
		.map((r) => {
			const p = partnerInfo.get(r.key);
			return { ...r, name: p?.name ?? r.key, type: p?.type ?? 'other', city: p?.city ?? null, kind: p?.kind ?? 'demo' };
		});
	const activePartners = await partnersGeoJson(db, { consulateId: params.slug });

	const mine = penetration.rows.find((r) => r.office === params.slug) ?? null;
	const ranked = penetration.rows.filter((r) => r.rank !== null).length;
	const jurisdictionCodes = new Set(juris.counties.map((c) => c.code));
	const needRows = need.rows.filter((r) => r.consulateId === params.slug);
	const underserved = needRows.slice(0, NEED_ROWS).map((r) => ({
		code: r.id,
		name: r.name,
		state: r.state,
		index: r.index,
		population: r.values.target_population ?? null,
		nearestKm: r.values.nearest_km ?? null
	}));

	return {
		office: office.properties,
		officeFeature: office,
		target: target as TargetGroup,
		filters,
		/** The filters as the user wrote them (empty period = the default one). */
		requested,
		lastMonth,
		firstMonth: officeHistory.period.first ?? network.period.first,
		previous,
		total: total.total,
		/** No records at all under the filters: shown as "no data", not as a withheld count. */
		empty: total.period.first === null,
		totalSources: total.sources,
		prior: prior ? { total: prior.total, hasRecords: prior.period.first !== null } : null,
		months: months.rows,
		// The trend draws the history behind the period: the period's months as the period's table
		// publishes them, so one month never shows a figure in one line and "withheld" in the other.
		history: history.rows.map((r) => (from && to && r.key >= from && r.key <= to ? (months.rows.find((m) => m.key === r.key) ?? r) : r)),
		services: services.rows,
		channels: channels.rows,
		groups: groups.rows,
		topPartners,
		partnerCount: activePartners.features.length,
		partners: activePartners,
		penetration: mine,
		ranked,
		populationSources: penetration.populationSources,
		jurisdiction: juris,
		countyServed: countyServed.rows.filter((r) => jurisdictionCodes.has(r.key)),
		underserved,
		needCounties: needRows.length,
		needKind: need.kind,
		needMethod: need.sources[0]?.method ?? ''
	};
};
