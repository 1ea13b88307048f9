/**
 * Modelled target population (METHODS.md, "Modelled population"): a ZCTA's figure for a group is
 * its total population times the state's share of that group; a county's is the sum of its ZCTAs'
 * figures times the ZCTA's county weight. Pure: no I/O.
 */
import type { StatePopulationRef } from './reference';

export type ModelledIndicator = 'mexico_born' | 'mexican_origin' | 'uninsured' | 'uninsured_mexican_origin';

export interface ModelZcta {
	zcta: string;
	state: string;
	population: number | null;
	/** County FIPS -> percent of the ZCTA's population living there. */
	countyWeights: Record<string, number>;
}

export interface ModelledValue {
	level: 'zcta' | 'county';
	code: string;
	indicator: ModelledIndicator | 'total_population';
	value: number;
}

/**
 * Each state's share of a group, as a fraction of its total population; null where the source has
 * no figure (Mexico-born in DC and PR), so no estimate is made rather than a zero.
 */
export function stateShares(state: StatePopulationRef): Record<ModelledIndicator, number | null> {
	const share = (n: number | null) => (n === null ? null : n / state.totalPop);
	const mexicanOrigin = share(state.mexicanOrigin);
	return {
		mexico_born: share(state.mexicoBorn),
		mexican_origin: mexicanOrigin,
		uninsured: state.uninsuredRateAll === null ? null : state.uninsuredRateAll / 100,
		// Hispanic uninsured rate applied to the Mexican-origin share: the nearest group the table has.
		uninsured_mexican_origin:
			mexicanOrigin === null || state.uninsuredRateHispanic === null ? null : (mexicanOrigin * state.uninsuredRateHispanic) / 100
	};
}

export const MODEL_METHODS: Record<ModelledIndicator | 'total_population', string> = {
	mexico_born: 'ZCTA total population x state Mexico-born share (ACS 2016-2020 B05006 Mexico / B01003)',
	mexican_origin: 'ZCTA total population x state Mexican-origin share (ACS 2016-2020 B03001_004 / B01003)',
	uninsured: 'ZCTA total population x state uninsured rate, all people (ACS 2022 1-year)',
	uninsured_mexican_origin:
		'ZCTA total population x state Mexican-origin share x state Hispanic uninsured rate (ACS 2018 1-year S2701)',
	total_population: 'sum of ZCTA populations x SimpleMaps county weights'
};

const INDICATORS: ModelledIndicator[] = ['mexico_born', 'mexican_origin', 'uninsured', 'uninsured_mexican_origin'];

/**
 * Modelled figures for every ZCTA with a population in a state with shares, and for every county
 * those ZCTAs touch (including county total population). Values are people, unrounded.
 */
export function modelPopulation(zctas: ModelZcta[], states: StatePopulationRef[]): ModelledValue[] {
	const sharesByState = new Map(states.map((s) => [s.state, stateShares(s)]));
	const out: ModelledValue[] = [];
	const county = new Map<string, Map<ModelledValue['indicator'], number>>();
	const addCounty = (fips: string, indicator: ModelledValue['indicator'], value: number) => {
		const m = county.get(fips) ?? new Map();
		m.set(indicator, (m.get(indicator) ?? 0) + value);
		county.set(fips, m);
	};
	for (const z of zctas) {
		if (z.population === null) continue;
		// Weights are percentages; SimpleMaps' sum to 100 within 0.01, so /100 as METHODS.md says.
		const weights = Object.entries(z.countyWeights);
		for (const [fips, w] of weights) addCounty(fips, 'total_population', (z.population * w) / 100);
		const shares = sharesByState.get(z.state);
		if (!shares) continue; // no state figures (the Virgin Islands): no estimate
		for (const indicator of INDICATORS) {
			const share = shares[indicator];
			if (share === null) continue;
			const value = z.population * share;
			out.push({ level: 'zcta', code: z.zcta, indicator, value });
			for (const [fips, w] of weights) addCounty(fips, indicator, (value * w) / 100);
		}
	}
	for (const [fips, m] of county) {
		for (const [indicator, value] of m) out.push({ level: 'county', code: fips, indicator, value });
	}
	return out;
}
