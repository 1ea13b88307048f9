/** A siting plan as CSV and GeoJSON, the same in the browser (current plan) and the server (saved one). */
import { toCsv } from '../csv';

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

function provenance(name: string, params: PlanParams, summary: PlanSummary): string[] {
	return [
		`Ventanillas Atlas siting scenario "${name}", exported ${new Date().toISOString().slice(0, 10)}`,
		`Target group ${params.group}; radius ${params.radiusKm} km; K ${params.k}; candidates ${params.candidates}; existing desks and partners fixed open`,
		`Population: modelled from ACS state shares on SimpleMaps US ZIPs (CC BY 4.0); kind ${summary.kind}${summary.kind === 'demo' ? ' (includes DEMO partner data)' : ''}`,
		`Covered before ${Math.round(summary.coveredBefore)}, after ${Math.round(summary.coveredAfter)} of ${Math.round(summary.totalPopulation)}; upper bound on the optimum ${Math.round(summary.upperBound)}`
	];
}

/** CSV: one row per site (rank, id, name, office, lat, lon, newly covered, cumulative covered). */
export function planCsv(name: string, params: PlanParams, sites: PlanSite[], summary: PlanSummary): string {
	return toCsv(
		['rank', 'id', 'name', 'consulate', 'lat', 'lon', 'new_covered', 'cumulative_covered'],
		sites.map((s) => [s.rank, s.id, s.label, s.consulateId ?? '', s.lat, s.lon, Math.round(s.newCovered), Math.round(s.cumulativeCovered)]),
		provenance(name, params, summary)
	);
}

/** GeoJSON FeatureCollection of the sites, with the scenario's parameters and totals on it. */
export function planGeoJson(name: string, params: PlanParams, sites: PlanSite[], summary: PlanSummary) {
	return {
		type: 'FeatureCollection' as const,
		name,
		properties: { ...params, ...summary, source: provenance(name, params, summary).join(' | ') },
		features: sites.map((s) => ({
			type: 'Feature' as const,
			id: s.id,
			geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] },
			properties: { rank: s.rank, id: s.id, name: s.label, consulate: s.consulateId, radiusKm: params.radiusKm, newCovered: s.newCovered, cumulativeCovered: s.cumulativeCovered }
		}))
	};
}
