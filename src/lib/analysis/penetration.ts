/**
 * Penetration (METHODS.md, as in HRSA's UDS Mapper): people served in an area per 1,000 of its
 * target population, with the small-cell rule: an area with fewer than 11 people served shows
 * "< 11", never the exact count, in every public output.
 *
 * The exact rate would give the count away (served = rate x population / 1,000), so a suppressed
 * area's public rate is "< 11" too; only `per1000` (for ranking and the need index, never shown)
 * keeps the number.
 */

/** Counts below this are small cells. */
export const SMALL_CELL_MIN = 11;
/** What every public output shows instead of a count (or a rate) below SMALL_CELL_MIN. */
export const SMALL_CELL_TEXT = '< 11';
/** What every output shows where there is nothing to divide by or no count. */
export const NO_DATA_TEXT = 'no data';

export interface PenetrationInput {
	id: string;
	/** People served in the area; null or undefined when unknown. */
	served: number | null | undefined;
	/** Target population of the area; null, undefined or 0 means no data. */
	population: number | null | undefined;
}

export interface PenetrationResult {
	id: string;
	/** Internal only: people served per 1,000 target residents; null = no data (population 0 or missing, or served unknown). */
	per1000: number | null;
	/** True when served < 11: the public forms hide the count and the rate. */
	suppressed: boolean;
	/** Public form of the rate: "no data", "< 11" when suppressed, else per1000 with one decimal. */
	display: string;
	/** Public form of the count: "< 11" below 11, the count itself from 11 up, "no data" when unknown. */
	servedDisplay: string;
}

function checkCount(value: unknown, name: string): number | null {
	if (value === null || value === undefined) return null;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new Error(`${name} must be a finite number >= 0 (or null for unknown), got ${String(value)}`);
	}
	return value;
}

/** The public text for a count of people: "< 11" below 11, else the count; "no data" for null. */
export function smallCell(count: number | null | undefined): string {
	const n = checkCount(count, 'count');
	if (n === null) return NO_DATA_TEXT;
	return n < SMALL_CELL_MIN ? SMALL_CELL_TEXT : String(n);
}

/**
 * Penetration per 1,000 target residents for each area, in input order, with its public forms.
 * Throws naming the area when served or population is negative or not a number.
 */
export function penetration(areas: readonly PenetrationInput[]): PenetrationResult[] {
	return areas.map((a, i) => {
		const served = checkCount(a.served, `areas[${i}] (${a.id}).served`);
		const population = checkCount(a.population, `areas[${i}] (${a.id}).population`);
		const per1000 = served === null || population === null || population === 0 ? null : (served / population) * 1000;
		const suppressed = served !== null && served < SMALL_CELL_MIN;
		const display = per1000 === null ? NO_DATA_TEXT : suppressed ? SMALL_CELL_TEXT : per1000.toFixed(1);
		return { id: a.id, per1000, suppressed, display, servedDisplay: smallCell(served) };
	});
}
