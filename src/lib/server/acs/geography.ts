/**
 * ACS geographies: which states exist, how each geography is asked for in a Census API URL, which
 * response columns identify an area, and the area code the database keys it by.
 */

export type AcsGeo = 'county' | 'zcta' | 'tract';

export const ACS_GEOS: readonly AcsGeo[] = ['county', 'zcta', 'tract'];

export interface State {
	/** Postal abbreviation, e.g. 'CA'. */
	abbr: string;
	/** Two-digit FIPS code, e.g. '06'. */
	fips: string;
	name: string;
}

/** The 50 states, the District of Columbia and Puerto Rico (the ACS 5-year covers all 52). */
export const STATES: readonly State[] = [
	['AL', '01', 'Alabama'],
	['AK', '02', 'Alaska'],
	['AZ', '04', 'Arizona'],
	['AR', '05', 'Arkansas'],
	['CA', '06', 'California'],
	['CO', '08', 'Colorado'],
	['CT', '09', 'Connecticut'],
	['DE', '10', 'Delaware'],
	['DC', '11', 'District of Columbia'],
	['FL', '12', 'Florida'],
	['GA', '13', 'Georgia'],
	['HI', '15', 'Hawaii'],
	['ID', '16', 'Idaho'],
	['IL', '17', 'Illinois'],
	['IN', '18', 'Indiana'],
	['IA', '19', 'Iowa'],
	['KS', '20', 'Kansas'],
	['KY', '21', 'Kentucky'],
	['LA', '22', 'Louisiana'],
	['ME', '23', 'Maine'],
	['MD', '24', 'Maryland'],
	['MA', '25', 'Massachusetts'],
	['MI', '26', 'Michigan'],
	['MN', '27', 'Minnesota'],
	['MS', '28', 'Mississippi'],
	['MO', '29', 'Missouri'],
	['MT', '30', 'Montana'],
	['NE', '31', 'Nebraska'],
	['NV', '32', 'Nevada'],
	['NH', '33', 'New Hampshire'],
	['NJ', '34', 'New Jersey'],
	['NM', '35', 'New Mexico'],
	['NY', '36', 'New York'],
	['NC', '37', 'North Carolina'],
	['ND', '38', 'North Dakota'],
	['OH', '39', 'Ohio'],
	['OK', '40', 'Oklahoma'],
	['OR', '41', 'Oregon'],
	['PA', '42', 'Pennsylvania'],
	['RI', '44', 'Rhode Island'],
	['SC', '45', 'South Carolina'],
	['SD', '46', 'South Dakota'],
	['TN', '47', 'Tennessee'],
	['TX', '48', 'Texas'],
	['UT', '49', 'Utah'],
	['VT', '50', 'Vermont'],
	['VA', '51', 'Virginia'],
	['WA', '53', 'Washington'],
	['WV', '54', 'West Virginia'],
	['WI', '55', 'Wisconsin'],
	['WY', '56', 'Wyoming'],
	['PR', '72', 'Puerto Rico']
].map(([abbr, fips, name]) => ({ abbr, fips, name }));

/** The state with this FIPS code, or undefined. */
export function stateByFips(fips: string): State | undefined {
	return STATES.find((s) => s.fips === fips);
}

/**
 * The state named by a postal abbreviation (any case, e.g. 'CA') or a two-digit FIPS code ('06').
 * Throws naming the input when it is neither.
 */
export function resolveState(input: string): State {
	const wanted = input.trim();
	const state = /^\d{2}$/.test(wanted)
		? stateByFips(wanted)
		: STATES.find((s) => s.abbr === wanted.toUpperCase());
	if (!state) {
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
