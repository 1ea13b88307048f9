/**
 * Pure step from merged ACS rows to the rows the database keeps: one estimate per indicator and
 * area with its margin of error, and, for tracts, the area itself.
 */
import { stateByFips, type AcsGeo } from './geography';
import { parseAcsValue, type AcsRow, type Cell } from './parse';
import { ACS_INDICATORS, indicatorVariables, moeVariable, type AcsIndicator } from './variables';

export interface EstimateRow {
	level: AcsGeo;
	code: string;
	indicator: AcsIndicator;
	/** People (or people in the universe), as the ACS counts them. */
	value: number;
	/** 90 % margin of error in people; null when the ACS publishes none. */
	moe: number | null;
}

export interface TractArea {
	level: 'tract';
	code: string;
	name: string;
	stateFips: string;
	state: string;
}

/**
 * Margin of error of a sum of estimates, in the parts' units: the square root of the sum of the
 * squared MOEs. This is the Census Bureau's approximation ("Understanding and Using ACS Data",
 * chapter 8, "Calculating Measures of Error for Derived Estimates"): it ignores covariance between
 * the parts, so it is not exact, and this loader does not apply the handbook's refinement for
 * several zero estimates (counting only the largest of their MOEs). Returns null when any part's
 * MOE is not available, since the sum's MOE is then unknown.
 */
export function moeOfSum(moes: (number | null)[]): number | null {
	if (moes.some((m) => m === null)) return null;
	return Math.sqrt((moes as number[]).reduce((sum, m) => sum + m * m, 0));
}

function cell(row: AcsRow, column: string): Cell {
	return column in row.cells ? row.cells[column] : null;
}

/**
 * The estimate rows for one area: an indicator whose estimate (or any part of a summed one) is not
 * available gets no row, so "no data" never reads as zero; an unavailable MOE is stored as null.
 */
export function areaEstimates(row: AcsRow, level: AcsGeo, mexicoBornVariable: string): EstimateRow[] {
	const variables = indicatorVariables(mexicoBornVariable);
	const out: EstimateRow[] = [];
	for (const indicator of ACS_INDICATORS) {
		const parts = variables[indicator];
		const where = (v: string) => `${v} for ${level} ${row.code}`;
		const values = parts.map((v) => parseAcsValue(cell(row, v), where(v)));
		if (values.some((v) => v === null)) continue;
		const moes = parts.map((v) => parseAcsValue(cell(row, moeVariable(v)), where(moeVariable(v))));
		out.push({
			level,
			code: row.code,
			indicator,
			value: (values as number[]).reduce((a, b) => a + b, 0),
			moe: parts.length === 1 ? moes[0] : moeOfSum(moes)
		});
	}
	return out;
}

/** The areas row for a tract: its NAME as the name, and the state's FIPS and postal code. */
export function tractArea(row: AcsRow): TractArea {
	const state = stateByFips(row.geo.state);
	if (!state) throw new Error(`tract ${row.code}: unknown state FIPS "${row.geo.state}"`);
	const name = cell(row, 'NAME');
	return {
		level: 'tract',
		code: row.code,
		name: typeof name === 'string' && name.trim() !== '' ? name : `Census Tract ${row.geo.tract}`,
		stateFips: state.fips,
		state: state.abbr
	};
}
