/**
 * Calendar months as integers (year * 12 + month - 1), so that ranges, comparisons and "the
 * month a date falls in" are integer arithmetic instead of Date objects and time zones.
 */

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns the month index of a 'YYYY-MM' string; throws naming `param` when it is malformed. */
export function parseMonth(text: string, param: string): number {
	const m = MONTH_RE.exec(text);
	const month = m ? Number(m[2]) : 0;
	if (!m || month < 1 || month > 12) throw new Error(`${param} must be a month 'YYYY-MM' (got "${text}")`);
	return Number(m[1]) * 12 + month - 1;
}

/**
 * Returns the month index of the month holding a 'YYYY-MM-DD' date, and its day; throws naming
 * `param` when the text is not a real calendar date.
 */
export function parseDate(text: string, param: string): { month: number; day: number } {
	const m = DATE_RE.exec(text);
	if (m) {
		const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
		const d = new Date(Date.UTC(year, month - 1, day));
		if (d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day) {
			return { month: year * 12 + month - 1, day };
		}
	}
	throw new Error(`${param} must be a date 'YYYY-MM-DD' (got "${text}")`);
}

/** Returns the calendar year of a month index. */
export function yearOf(month: number): number {
	return Math.floor(month / 12);
}

/** Returns the month of the year, 0 (January) to 11 (December), of a month index. */
export function monthOfYear(month: number): number {
	return month - yearOf(month) * 12;
}

/** Returns the month index of January of `year`. */
export function januaryOf(year: number): number {
	return year * 12;
}

/** Returns 'YYYY-MM' for a month index. */
export function formatMonth(month: number): string {
	return `${String(yearOf(month)).padStart(4, '0')}-${String(monthOfYear(month) + 1).padStart(2, '0')}`;
}

/** Returns 'YYYY-MM-DD' for day `day` (1 to 28, so it exists in every month) of a month index. */
export function formatDate(month: number, day: number): string {
	return `${formatMonth(month)}-${String(day).padStart(2, '0')}`;
}
