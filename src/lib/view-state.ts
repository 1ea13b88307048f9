/**
 * The national map's whole view as URL parameters, so a copied link restores exactly the same
 * view: indicator and how it is measured and classed, filters, layers, map position, selection,
 * table sort and language. Values a link gets wrong fall back to the default (a shared link from
 * an older version still opens); parameters at their default are left out of the URL.
 */
import type { BreakMethod } from './analysis/breaks';
import { parseFilters, writeFilters, NO_FILTERS, type ServiceFilters } from './filters';
import { TARGET_GROUPS } from './indicators';

export const MAP_INDICATORS = [
	'mexican_origin',
	'mexico_born',
	'uninsured_mexican_origin',
	'uninsured',
	'total_population',
	'lep_spanish',
	'poverty',
	'people_served',
	'services_delivered',
	'penetration',
	'need_index',
	'nearest_km',
	'remote',
	'access_e2sfca'
] as const;
export type MapIndicator = (typeof MAP_INDICATORS)[number];

/** Population counts that can also be shown per km² or as a share of the total population. */
export const POPULATION_INDICATORS = ['mexican_origin', 'mexico_born', 'uninsured_mexican_origin', 'uninsured', 'total_population', 'lep_spanish', 'poverty'] as const;
/** Indicators computed from service records, which the filters change. */
export const SERVICE_INDICATORS = ['people_served', 'services_delivered', 'penetration'] as const;
export const ANALYSIS_INDICATORS = ['need_index', 'nearest_km', 'remote', 'access_e2sfca'] as const;

export const MEASURES = ['count', 'per_km2', 'share'] as const;
export type Measure = (typeof MEASURES)[number];
export const METHODS: BreakMethod[] = ['quantile', 'equal', 'natural'];
export const LAYERS = ['choropleth', 'zcta', 'offices', 'partners', 'jurisdictions', 'remote', 'labels'] as const;
export type Layer = (typeof LAYERS)[number];
export const TABLE_COLUMNS = ['name', 'office', 'value', 'target', 'served', 'nearest_km', 'need_index'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface MapPosition {
	zoom: number;
	lat: number;
	lng: number;
}

export interface Selection {
	kind: 'county' | 'zcta' | 'office' | 'partner';
	id: string;
}

export interface ViewState {
	indicator: MapIndicator;
	measure: Measure;
	method: BreakMethod;
	classes: number;
	/** Target population that rates (penetration, access) are per. */
	target: TargetGroup;
	/** Areas whose nearest service is farther than this are highlighted. */
	km: number;
	filters: ServiceFilters;
	layers: Record<Layer, boolean>;
	/** null = the default national view. */
	at: MapPosition | null;
	selected: Selection | null;
	sort: { column: TableColumn; descending: boolean };
}

export const MIN_CLASSES = 3;
export const MAX_CLASSES = 7;
/** Layers shown unless the URL hides them. */
const DEFAULT_LAYERS: Record<Layer, boolean> = { choropleth: true, zcta: true, offices: true, partners: true, jurisdictions: true, remote: false, labels: true };

export const DEFAULT_VIEW: ViewState = {
	indicator: 'mexican_origin',
	measure: 'count',
	method: 'quantile',
	classes: 5,
	target: 'mexican_origin',
	km: 50,
	filters: NO_FILTERS,
	layers: DEFAULT_LAYERS,
	at: null,
	selected: null,
	// The most underserved areas first.
	sort: { column: 'need_index', descending: true }
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
	return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function parsePosition(raw: string | null): MapPosition | null {
	if (!raw) return null;
	const [zoom, lat, lng] = raw.split('/').map(Number);
	if (![zoom, lat, lng].every(Number.isFinite)) return null;
	if (zoom < 0 || zoom > 22 || Math.abs(lat) > 85 || Math.abs(lng) > 180) return null;
	return { zoom, lat, lng };
}

function parseSelection(raw: string | null): Selection | null {
	const m = raw?.match(/^(county|zcta|office|partner):([A-Za-z0-9-]{1,64})$/);
	return m ? { kind: m[1] as Selection['kind'], id: m[2] } : null;
}

/** The view a URL asks for; anything it gets wrong takes the default. */
export function parseView(params: URLSearchParams): ViewState {
	let filters: ServiceFilters;
	try {
		filters = parseFilters(params);
	} catch {
		filters = NO_FILTERS;
	}
	const classes = Number(params.get('classes'));
	const km = Number(params.get('km'));
	const hidden = new Set((params.get('hide') ?? '').split(','));
	const shown = new Set((params.get('show') ?? '').split(','));
	const layers = Object.fromEntries(LAYERS.map((l) => [l, hidden.has(l) ? false : shown.has(l) ? true : DEFAULT_LAYERS[l]])) as Record<Layer, boolean>;
	const [sortColumn, sortDir] = (params.get('sort') ?? '').split(':');
	const indicator = oneOf(params.get('indicator'), MAP_INDICATORS, DEFAULT_VIEW.indicator);
	return {
		indicator,
		measure: (POPULATION_INDICATORS as readonly string[]).includes(indicator) ? oneOf(params.get('measure'), MEASURES, 'count') : 'count',
		method: oneOf(params.get('method'), METHODS, DEFAULT_VIEW.method),
		classes: Number.isInteger(classes) && classes >= MIN_CLASSES && classes <= MAX_CLASSES ? classes : DEFAULT_VIEW.classes,
		target: oneOf(params.get('target'), TARGET_GROUPS, DEFAULT_VIEW.target),
		km: Number.isFinite(km) && km >= 1 && km <= 500 && params.get('km') !== '' ? km : DEFAULT_VIEW.km,
		filters,
		layers,
		at: parsePosition(params.get('at')),
		selected: parseSelection(params.get('sel')),
		sort: (TABLE_COLUMNS as readonly string[]).includes(sortColumn)
			? { column: sortColumn as TableColumn, descending: sortDir !== 'asc' }
			: DEFAULT_VIEW.sort
	};
}

/** The URL parameters of a view (defaults left out); `base` keeps parameters that are not the view's, such as lang. */
export function writeView(view: ViewState, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
	const p = new URLSearchParams(base);
	const set = (name: string, value: string | number, fallback: string | number) => (value === fallback ? p.delete(name) : p.set(name, String(value)));
	set('indicator', view.indicator, DEFAULT_VIEW.indicator);
	set('measure', view.measure, 'count');
	set('method', view.method, DEFAULT_VIEW.method);
	set('classes', view.classes, DEFAULT_VIEW.classes);
	set('target', view.target, DEFAULT_VIEW.target);
	set('km', view.km, DEFAULT_VIEW.km);
	writeFilters(p, view.filters);
	const hide = LAYERS.filter((l) => DEFAULT_LAYERS[l] && !view.layers[l]);
	const show = LAYERS.filter((l) => !DEFAULT_LAYERS[l] && view.layers[l]);
	set('hide', hide.join(','), '');
	set('show', show.join(','), '');
	const at = view.at ? `${view.at.zoom.toFixed(2)}/${view.at.lat.toFixed(4)}/${view.at.lng.toFixed(4)}` : '';
	set('at', at, '');
	set('sel', view.selected ? `${view.selected.kind}:${view.selected.id}` : '', '');
	const sort = `${view.sort.column}:${view.sort.descending ? 'desc' : 'asc'}`;
	set('sort', sort, `${DEFAULT_VIEW.sort.column}:desc`);
	return p;
}
