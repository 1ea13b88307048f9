/**
 * What one ACS run loads: a year, a geography and optionally a state, and the names, vintage and
 * source line its rows and import batch carry.
 */
import type { AcsGeo, State } from './geography';
import { ACS_TABLES } from './variables';

export interface AcsRequest {
	/** Last year of the 5-year period, e.g. 2023 for 2019-2023. */
	year: number;
	geo: AcsGeo;
	/** Required for tracts, optional for counties, absent for ZCTAs. */
	state: State | null;
}

/** First year the Census Data API serves ACS 5-year estimates for. */
export const FIRST_ACS5_YEAR = 2009;

export const ACS_SOURCE = `U.S. Census Bureau, ACS 5-year, api.census.gov (${ACS_TABLES.join(', ')})`;
export const ACS_LICENSE = 'Public domain (U.S. Census Bureau)';

/** The vintage label, e.g. 'ACS 2019-2023 5-year' for 2023. */
export function acsVintage(year: number): string {
	return `ACS ${year - 4}-${year} 5-year`;
}

/** The import batch's dataset name, e.g. 'acs-2023-county' or 'acs-2023-tract-ca'. */
export function acsDataset(request: AcsRequest): string {
	const base = `acs-${request.year}-${request.geo}`;
	return request.state ? `${base}-${request.state.abbr.toLowerCase()}` : base;
}

const GEO_TITLE: Record<AcsGeo, string> = { county: 'county', zcta: 'ZIP code tabulation area', tract: 'census tract' };

/** The import batch's title, e.g. 'ACS 2019-2023 5-year estimates by census tract, California'. */
export function acsTitle(request: AcsRequest): string {
	const base = `${acsVintage(request.year)} estimates by ${GEO_TITLE[request.geo]}`;
	return request.state ? `${base}, ${request.state.name}` : base;
}
