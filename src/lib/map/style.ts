/**
 * The map's style as data: sources and layers for MapLibre, with no external tile server. Pages
 * pass this to the map; the choropleth colour comes from feature-state set by id.
 */
import type { DataDrivenPropertyValueSpecification, ExpressionSpecification, StyleSpecification } from 'maplibre-gl';

/** ColorBrewer YlGnBu by number of classes (3-7): sequential and colour-blind safe. */
export const RAMPS: Record<number, string[]> = {
	1: ['#41b6c4'],
	2: ['#a1dab4', '#2c7fb8'],
	3: ['#edf8b1', '#7fcdbb', '#2c7fb8'],
	4: ['#ffffcc', '#a1dab4', '#41b6c4', '#225ea8'],
	5: ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'],
	6: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'],
	7: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84']
};
/** The 5-class ramp. */
export const RAMP = RAMPS[5];
export const NO_DATA_COLOR = '#bdbdbd';
/** Areas whose count is withheld (fewer than 11 people): a class of their own, never "zero". */
export const SUPPRESSED_COLOR = '#c9b3d9';
/** The 'cls' feature-state of a suppressed area. */
export const SUPPRESSED_CLASS = -2;
/**
 * Areas withheld so that a small cell cannot be worked out from the total (11 people or more):
 * a class of their own, darker than the small cells', never "< 11", zero or no data.
 */
export const WITHHELD_COLOR = '#8c6bb1';
/** The 'cls' feature-state of an area withheld to protect a small cell. */
export const WITHHELD_CLASS = -3;
export const OFFICE_COLOR = '#b2182b';

/** Partner type -> colour (ColorBrewer Dark2 + grey, distinguishable for common colour-blindness). */
export const PARTNER_COLORS: Record<string, string> = {
	clinic: '#1b9e77',
	community_health_center: '#d95f02',
	hospital: '#7570b3',
	university: '#e7298a',
	public_health_department: '#66a61e',
	community_organization: '#e6ab02',
	mobile_unit: '#a6761d',
	other: '#666666'
};

/** Fill colour from the 'cls' feature-state: class index into `ramp`, no-data colour when unset. */
export function classColorExpression(ramp: string[] = RAMP, noData = NO_DATA_COLOR): ExpressionSpecification {
	const stops = [SUPPRESSED_CLASS, SUPPRESSED_COLOR, WITHHELD_CLASS, WITHHELD_COLOR, ...ramp.flatMap((c, i) => [i, c])];
	return ['match', ['coalesce', ['feature-state', 'cls'], -1], ...stops, noData] as unknown as ExpressionSpecification;
}

/** Circle colour by the partner's `type` property. */
export function partnerColorExpression(): DataDrivenPropertyValueSpecification<string> {
	return ['match', ['get', 'type'], ...Object.entries(PARTNER_COLORS).flat(), '#666666'] as unknown as ExpressionSpecification;
}

export interface StyleSources {
	states: string;
	counties: string;
	mexico: string;
	offices: GeoJSON.FeatureCollection | string;
	partners: GeoJSON.FeatureCollection | string;
	/** Add the siting overlays (rings, newly covered areas, chosen sites), empty until set. */
	planOverlays?: boolean;
	/** The national map's extra layers: dissolved jurisdictions, ZCTA points (filled when zoomed in), remote areas, clustered partners. */
	national?: { jurisdictions: string | GeoJSON.FeatureCollection };
}

export const REMOTE_COLOR = '#d7301f';
export const SELECTED_COLOR = '#e7298a';
export const CLUSTER_COLOR = '#4a4a4a';
/** ZCTA points are drawn (and their data fetched) from this zoom on. */
export const ZCTA_MINZOOM = 7;
/** Partners are grouped into clusters below this zoom. */
export const CLUSTER_MAXZOOM = 7;

/** Which style layers each toggle of the national map shows or hides. */
export const LAYER_IDS: Record<string, string[]> = {
	choropleth: ['counties-fill'],
	zcta: ['zcta-points'],
	offices: ['offices'],
	partners: ['partners', 'partner-clusters'],
	jurisdictions: ['jurisdictions-line'],
	remote: ['counties-remote'],
	labels: []
};

/** Circle colour of a ZCTA point from its 'cls' feature-state; points without a class are not drawn. */
export function zctaOpacityExpression(): ExpressionSpecification {
	return ['case', ['==', ['coalesce', ['feature-state', 'cls'], -1], -1], 0, 0.9] as unknown as ExpressionSpecification;
}

/** Line width of a county from boolean feature-states: `key` true draws it `width` wide, else not at all. */
export function flagWidthExpression(key: string, width: number): ExpressionSpecification {
	return ['case', ['boolean', ['feature-state', key], false], width, 0] as unknown as ExpressionSpecification;
}

/** Sources and layers of the national map, drawn between the county fill and the service points. */
function nationalLayers(jurisdictions: string | GeoJSON.FeatureCollection): Pick<StyleSpecification, 'sources' | 'layers'> {
	return {
		sources: {
			jurisdictions: { type: 'geojson', data: jurisdictions, promoteId: 'id' },
			zcta: { type: 'geojson', data: EMPTY, promoteId: 'code' }
		},
		layers: [
			{
				id: 'counties-remote',
				type: 'line',
				source: 'counties',
				paint: { 'line-color': REMOTE_COLOR, 'line-width': flagWidthExpression('remote', 1.6) }
			},
			{
				id: 'zcta-points',
				type: 'circle',
				source: 'zcta',
				minzoom: ZCTA_MINZOOM,
				paint: {
					'circle-radius': ['interpolate', ['linear'], ['zoom'], ZCTA_MINZOOM, 3, 11, 7],
					'circle-color': classColorExpression(),
					'circle-opacity': zctaOpacityExpression(),
					'circle-stroke-color': '#333333',
					'circle-stroke-width': 0.4,
					'circle-stroke-opacity': zctaOpacityExpression()
				}
			},
			{
				id: 'jurisdictions-line',
				type: 'line',
				source: 'jurisdictions',
				paint: { 'line-color': '#6b2c91', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 1.2, 8, 2.5], 'line-opacity': 0.85 }
			},
			{
				id: 'counties-selected',
				type: 'line',
				source: 'counties',
				paint: { 'line-color': SELECTED_COLOR, 'line-width': flagWidthExpression('selected', 3) }
			}
		]
	};
}

/** Partner layers: clusters (grey, sized by count) below CLUSTER_MAXZOOM, type-coloured points above. */
function partnerLayers(clustered: boolean): StyleSpecification['layers'] {
	const points: StyleSpecification['layers'][number] = {
		id: 'partners',
		type: 'circle',
		source: 'partners',
		...(clustered ? { filter: ['!', ['has', 'point_count']] as unknown as ExpressionSpecification } : {}),
		paint: {
			'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 2.5, 8, 6],
			'circle-color': partnerColorExpression(),
			'circle-stroke-color': '#ffffff',
			'circle-stroke-width': 0.6
		}
	};
	if (!clustered) return [points];
	return [
		{
			id: 'partner-clusters',
			type: 'circle',
			source: 'partners',
			filter: ['has', 'point_count'] as unknown as ExpressionSpecification,
			paint: {
				'circle-color': CLUSTER_COLOR,
				'circle-opacity': 0.8,
				'circle-radius': ['step', ['get', 'point_count'], 9, 10, 12, 30, 16] as unknown as ExpressionSpecification,
				'circle-stroke-color': '#ffffff',
				'circle-stroke-width': 1.2
			}
		},
		points
	];
}

export const PLAN_SITE_COLOR = '#6a3d9a';
export const PLAN_OVERLAYS = ['plan-rings', 'plan-covered', 'plan-sites'] as const;

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Sources and layers of a siting plan, drawn above everything else. */
function planLayers(): Pick<StyleSpecification, 'sources' | 'layers'> {
	return {
		sources: Object.fromEntries(PLAN_OVERLAYS.map((id) => [id, { type: 'geojson', data: EMPTY }])),
		layers: [
			{ id: 'plan-rings-fill', type: 'fill', source: 'plan-rings', paint: { 'fill-color': PLAN_SITE_COLOR, 'fill-opacity': 0.12 } },
			{ id: 'plan-rings-line', type: 'line', source: 'plan-rings', paint: { 'line-color': PLAN_SITE_COLOR, 'line-width': 1.5 } },
			{
				id: 'plan-covered',
				type: 'circle',
				source: 'plan-covered',
				paint: { 'circle-radius': 2.5, 'circle-color': '#ff7f00', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5 }
			},
			{
				id: 'plan-sites',
				type: 'circle',
				source: 'plan-sites',
				paint: { 'circle-radius': 7, 'circle-color': PLAN_SITE_COLOR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 }
			}
		]
	};
}

/** The whole style: context, choropleth, boundaries, partners, offices (drawn in that order). */
export function atlasStyle(src: StyleSources): StyleSpecification {
	const plan = src.planOverlays ? planLayers() : { sources: {}, layers: [] };
	const national = src.national ? nationalLayers(src.national.jurisdictions) : { sources: {}, layers: [] };
	return {
		version: 8,
		sources: {
			...plan.sources,
			...national.sources,
			mexico: { type: 'geojson', data: src.mexico },
			states: { type: 'geojson', data: src.states, promoteId: 'code' },
			counties: { type: 'geojson', data: src.counties, promoteId: 'code' },
			partners: src.national
				? { type: 'geojson', data: src.partners, cluster: true, clusterMaxZoom: CLUSTER_MAXZOOM - 1, clusterRadius: 36 }
				: { type: 'geojson', data: src.partners },
			offices: { type: 'geojson', data: src.offices, promoteId: 'id' }
		},
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': '#dfe9f0' } },
			{ id: 'mexico-fill', type: 'fill', source: 'mexico', paint: { 'fill-color': '#f2efe9' } },
			{ id: 'mexico-line', type: 'line', source: 'mexico', paint: { 'line-color': '#9e9e9e', 'line-width': 0.8 } },
			{
				id: 'counties-fill',
				type: 'fill',
				source: 'counties',
				paint: { 'fill-color': classColorExpression(), 'fill-opacity': 0.9 }
			},
			{
				id: 'counties-line',
				type: 'line',
				source: 'counties',
				minzoom: 4,
				paint: { 'line-color': '#ffffff', 'line-width': 0.3 }
			},
			{
				id: 'counties-hover',
				type: 'line',
				source: 'counties',
				paint: {
					'line-color': '#000000',
					'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2, 0]
				}
			},
			{ id: 'states-line', type: 'line', source: 'states', paint: { 'line-color': '#4d4d4d', 'line-width': 0.8 } },
			...national.layers,
			...partnerLayers(Boolean(src.national)),
			{
				id: 'offices',
				type: 'circle',
				source: 'offices',
				paint: {
					'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 5, 8, 9],
					'circle-color': OFFICE_COLOR,
					// Border offices get a thick dark ring.
					'circle-stroke-color': ['case', ['get', 'border'], '#1a1a1a', '#ffffff'],
					'circle-stroke-width': ['case', ['get', 'border'], 2.5, 1.5]
				}
			},
			...plan.layers
		]
	};
}
