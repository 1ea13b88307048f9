/**
 * The national map's figures for a view: which endpoint gives the chosen indicator, and how its
 * answer becomes one value per county (or ZCTA) with its sources. Population figures come from
 * /api/indicators, service figures from /api/services and /api/penetration (the filters apply),
 * analysis figures from /api/analysis.
 */
import { filtersQuery } from '../filters';
import type { AreaValue } from './choropleth';
import { ANALYSIS_INDICATORS, POPULATION_INDICATORS, type MapIndicator, type Measure, type ViewState } from '../view-state';

export type Kind = 'measured' | 'modelled' | 'demo';

export interface SourceLine {
	kind: Kind;
	source: string;
	vintage: string | null;
	method: string | null;
	/** How many areas (or records) it gives. */
	count: number;
	countOf: 'areas' | 'records';
}

export interface Figures {
	values: AreaValue[];
	sources: SourceLine[];
}

interface ApiValues {
	values: { code: string; value: number; kind?: Kind; vintage?: string; source?: string }[];
	sources: { kind: Kind; vintage: string; source: string; method: string | null; areas: number }[];
}

interface ApiServices {
	rows: { key: string; people: number | null; services: number | null; suppressed: boolean; secondary?: boolean }[];
	sources: { kind: Kind; source: string; records: number }[];
}

interface ApiPenetration {
	rows: { office: string; per1000: number | null; suppressed: boolean; secondary?: boolean }[];
	populationSources: { kind: Kind; vintage: string; source: string }[];
}

export function isPopulation(indicator: MapIndicator): boolean {
	return (POPULATION_INDICATORS as readonly string[]).includes(indicator);
}

export function isAnalysis(indicator: MapIndicator): boolean {
	return (ANALYSIS_INDICATORS as readonly string[]).includes(indicator);
}

/** True when the filters change the indicator's values (service indicators only). */
export function filtersApply(indicator: MapIndicator): boolean {
	return indicator === 'people_served' || indicator === 'services_delivered' || indicator === 'penetration';
}

/** The URL that gives an indicator's county (or ZCTA) values for the view. */
export function figuresUrl(view: Pick<ViewState, 'indicator' | 'measure' | 'target' | 'km' | 'filters'>, level: 'county' | 'zcta' = 'county'): string {
	const { indicator } = view;
	if (isPopulation(indicator)) return `/api/indicators/${indicator}?level=${level}${view.measure === 'count' ? '' : `&measure=${view.measure}`}`;
	if (isAnalysis(indicator)) return `/api/analysis/${indicator}?level=${level}&group=${view.target}${indicator === 'remote' ? `&radiusKm=${view.km}` : ''}`;
	const q = filtersQuery(view.filters);
	if (indicator === 'penetration') return `/api/penetration?target=${view.target}${q ? `&${q}` : ''}`;
	return `/api/services?by=county${q ? `&${q}` : ''}`;
}

function serviceSources(s: ApiServices['sources']): SourceLine[] {
	return s.map((x) => ({ kind: x.kind, source: x.source, vintage: null, method: null, count: x.records, countOf: 'records' }));
}

/** One value per area from an answer of `figuresUrl(view)`. `jurisdictions` is office -> county FIPS codes. */
export function toFigures(indicator: MapIndicator, body: unknown, jurisdictions: Record<string, string[]>, services?: ApiServices): Figures {
	if (indicator === 'people_served' || indicator === 'services_delivered') {
		const b = body as ApiServices;
		const field = indicator === 'people_served' ? 'people' : 'services';
		return {
			values: b.rows.map((r) => ({ code: r.key, value: r[field], suppressed: r.suppressed, secondary: r.secondary ?? false })),
			sources: serviceSources(b.sources)
		};
	}
	if (indicator === 'penetration') {
		const b = body as ApiPenetration;
		const values: AreaValue[] = [];
		for (const r of b.rows) {
			for (const code of jurisdictions[r.office] ?? []) values.push({ code, value: r.per1000, suppressed: r.suppressed, secondary: r.secondary ?? false });
		}
		const population = b.populationSources.map((s) => ({ kind: s.kind, source: s.source, vintage: s.vintage, method: null, count: 0, countOf: 'areas' as const }));
		return { values, sources: [...(services ? serviceSources(services.sources) : []), ...population] };
	}
	const b = body as ApiValues;
	return {
		values: b.values.map((v) => ({ code: v.code, value: v.value })),
		sources: b.sources.map((s) => ({ kind: s.kind, source: s.source, vintage: s.vintage, method: s.method, count: s.areas, countOf: 'areas' }))
	};
}

/** Only the areas of one office's jurisdiction (all when office is null). */
export function withinOffice(values: AreaValue[], office: string | null, jurisdictions: Record<string, string[]>): AreaValue[] {
	if (office === null) return values;
	const counties = new Set(jurisdictions[office] ?? []);
	return values.filter((v) => counties.has(v.code));
}

/** Which ZCTA figures exist for an indicator: population counts and distances are computed per ZCTA; the rest only by county. */
export function hasZctaFigures(indicator: MapIndicator, measure: Measure): boolean {
	return (isPopulation(indicator) && measure === 'count') || indicator === 'nearest_km' || indicator === 'access_e2sfca';
}

