/**
 * ACS geographies: which states exist, how each geography is asked for in a Census API URL, which
 * response columns identify an area, and the area code the database keys it by.
 */

import { findState, type StateInfo } from '../../geo/states';

export type AcsGeo = 'county' | 'zcta' | 'tract';

export const ACS_GEOS: readonly AcsGeo[] = ['county', 'zcta', 'tract'];

export type State = StateInfo;

/** ACS 5-year covers the 50 states, DC and Puerto Rico, not the Virgin Islands. */
const NOT_IN_ACS = new Set(['VI']);

/** The state with this FIPS code, or undefined (also for territories the ACS does not cover). */
export function stateByFips(fips: string): State | undefined {
	const state = findState(fips);
	return state && !NOT_IN_ACS.has(state.abbr) ? state : undefined;
}

/**
 * The state named by a postal abbreviation (any case, e.g. 'CA') or a two-digit FIPS code ('06').
 * Throws naming the input when it is neither.
 */
export function resolveState(input: string): State {
	const wanted = input.trim();
	const state = /^\d{1,2}$/.test(wanted) || /^[A-Za-z]{2}$/.test(wanted) ? findState(wanted) : undefined;
	if (!state || NOT_IN_ACS.has(state.abbr)) {
		throw new Error(
			`unknown state "${input}": give a postal abbreviation (e.g. CA) or a two-digit FIPS code (e.g. 06) of the 50 states, DC or PR`
		);
	}
	return state;
}

/** The response columns that identify one area, in the order their values make its code. */
export function geoColumns(geo: AcsGeo): string[] {
	switch (geo) {
		case 'county':
			return ['state', 'county'];
		case 'zcta':
			return ['zip code tabulation area'];
		case 'tract':
			return ['state', 'county', 'tract'];
	}
}

const CODE_LENGTH: Record<AcsGeo, number> = { county: 5, zcta: 5, tract: 11 };

/**
 * The area code for one response row: county = state + county FIPS (5 digits), zcta = the ZCTA
 * (5 digits), tract = state + county + tract (11 digits). Throws when the digits do not add up.
 */
export function areaCode(geo: AcsGeo, values: string[]): string {
	const code = values.join('');
	if (!new RegExp(`^\\d{${CODE_LENGTH[geo]}}$`).test(code)) {
		throw new Error(`a ${geo} code must be ${CODE_LENGTH[geo]} digits, got "${code}" from [${values.join(', ')}]`);
	}
	return code;
}

/**
 * The geography part of a Census API query string (unencoded ':' and '*', as the API documents):
 * county -> for=county:* (&in=state:XX with a state), zcta -> for=zip%20code%20tabulation%20area:*,
 * tract -> for=tract:*&in=state:XX. Throws when a tract query has no state or a ZCTA query has one.
 */
export function geographyQuery(geo: AcsGeo, state: State | null): string {
	switch (geo) {
		case 'county':
			return state ? `for=county:*&in=state:${state.fips}` : 'for=county:*';
		case 'zcta':
			if (state) throw new Error('the ACS API does not nest ZCTAs in states (a ZCTA can cross a state line): load ZCTAs without a state');
			return 'for=zip%20code%20tabulation%20area:*';
		case 'tract':
			if (!state) throw new Error('tracts are requested one state at a time: a state is required');
			return `for=tract:*&in=state:${state.fips}`;
	}
}
