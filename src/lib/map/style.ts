/**
 * The map's style as data: sources and layers for MapLibre, with no external tile server. Pages
 * pass this to the map; the choropleth colour comes from feature-state set by id.
 */
import type { DataDrivenPropertyValueSpecification, ExpressionSpecification, StyleSpecification } from 'maplibre-gl';

/** ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe. */
export const RAMP = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
export const NO_DATA_COLOR = '#bdbdbd';
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
	const stops = ramp.flatMap((c, i) => [i, c]);
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
	offices: GeoJSON.FeatureCollection;
	partners: GeoJSON.FeatureCollection;
	/** Add the siting overlays (rings, newly covered areas, chosen sites), empty until set. */
	planOverlays?: boolean;
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
	return {
		version: 8,
		sources: {
			...plan.sources,
			mexico: { type: 'geojson', data: src.mexico },
			states: { type: 'geojson', data: src.states, promoteId: 'code' },
			counties: { type: 'geojson', data: src.counties, promoteId: 'code' },
			partners: { type: 'geojson', data: src.partners },
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
			{
				id: 'partners',
				type: 'circle',
				source: 'partners',
				paint: {
					'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 2.5, 8, 6],
					'circle-color': partnerColorExpression(),
					'circle-stroke-color': '#ffffff',
					'circle-stroke-width': 0.6
				}
			},
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
