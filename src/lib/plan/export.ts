/** A siting plan as CSV and GeoJSON, the same in the browser (current plan) and the server (saved one), in Spanish or English. */
import { toCsv } from '../csv';
import { formatDate, type Lang } from '../i18n';
import { planTranslator } from '../i18n/plan';

export interface PlanSite {
	rank: number;
	id: string;
	label: string;
	lat: number;
	lon: number;
	newCovered: number;
	cumulativeCovered: number;
	consulateId: string | null;
}

export interface PlanSummary {
	coveredBefore: number;
	coveredAfter: number;
	totalPopulation: number;
	upperBound: number;
	kind: string;
}

export interface PlanParams {
	group: string;
	radiusKm: number;
	k: number;
	candidates: string;
}

/** CSV columns, in this order in both languages (message keys of the header cells). */
export const PLAN_CSV_COLUMNS = ['rank', 'id', 'name', 'consulate', 'lat', 'lon', 'newCovered', 'cumulativeCovered'] as const;

/** A site's name in the language: the server names added points and ZIP areas in English. */
export function siteLabel(lang: Lang, site: Pick<PlanSite, 'id' | 'label' | 'lat' | 'lon'>): string {
	const t = planTranslator(lang);
	if (site.id.startsWith('point:')) return t('plan.addedPoint', { lat: site.lat.toFixed(3), lon: site.lon.toFixed(3) });
	if (site.id.startsWith('zcta:') && site.label.startsWith('ZIP ')) return t('plan.zip', { name: site.label.slice(4) });
	return site.label;
}

/** Lines that say where the plan comes from, what it assumed and what it covers (counts in people, rounded). */
function provenance(lang: Lang, name: string, params: PlanParams, summary: PlanSummary, today = new Date()): string[] {
	const t = planTranslator(lang);
	return [
		t('plan.csv.title', { name, date: formatDate(lang, today) }),
		t('plan.csv.params', { group: params.group, km: params.radiusKm, k: params.k, candidates: params.candidates }),
		t('plan.csv.population', { kind: summary.kind }) + (summary.kind === 'demo' ? t('plan.csv.demo') : ''),
		t('plan.csv.totals', {
			before: Math.round(summary.coveredBefore),
			after: Math.round(summary.coveredAfter),
			total: Math.round(summary.totalPopulation),
			bound: Math.round(summary.upperBound)
		})
	];
}

/** CSV: one row per site (rank, id, name, office, lat, lon, newly covered, cumulative covered), header and preamble in `lang`. */
export function planCsv(lang: Lang, name: string, params: PlanParams, sites: PlanSite[], summary: PlanSummary): string {
	const t = planTranslator(lang);
	return toCsv(
		PLAN_CSV_COLUMNS.map((c) => t(`plan.csv.${c}`)),
		sites.map((s) => [s.rank, s.id, siteLabel(lang, s), s.consulateId ?? '', s.lat, s.lon, Math.round(s.newCovered), Math.round(s.cumulativeCovered)]),
		provenance(lang, name, params, summary)
	);
}

/** GeoJSON FeatureCollection of the sites, with the scenario's parameters and totals on it (property names stay English: they are keys, not labels). */
export function planGeoJson(lang: Lang, name: string, params: PlanParams, sites: PlanSite[], summary: PlanSummary) {
	return {
		type: 'FeatureCollection' as const,
		name,
		properties: { ...params, ...summary, source: provenance(lang, name, params, summary).join(' | ') },
		features: sites.map((s) => ({
			type: 'Feature' as const,
			id: s.id,
			geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] },
			properties: { rank: s.rank, id: s.id, name: siteLabel(lang, s), consulate: s.consulateId, radiusKm: params.radiusKm, newCovered: s.newCovered, cumulativeCovered: s.cumulativeCovered }
		}))
	};
}
