/**
 * From area values to map classes and the legend that describes them: class breaks by the chosen
 * method, each area's class, how many areas fall in each class, the range each class covers, and
 * the areas with no data, a small-cell count ("< 11") or a count withheld to protect a small cell
 * ("withheld"), which get classes of their own.
 */
import { breaks, classOf, type BreakMethod } from '../analysis/breaks';
import { RAMPS, SUPPRESSED_CLASS, WITHHELD_CLASS } from './style';

export interface AreaValue {
	code: string;
	/** null with `suppressed` = a withheld count (a small cell, or `secondary`); null alone = no data. */
	value: number | null;
	suppressed?: boolean;
	/** Withheld so that a small cell cannot be worked out from the total: 11 or more. */
	secondary?: boolean;
}

export interface LegendClass {
	color: string;
	/** Lowest and highest value in the class (inclusive); the first class starts at the minimum. */
	lo: number;
	hi: number;
	count: number;
}

export interface Choropleth {
	/** Upper bounds of every class but the last. */
	upper: number[];
	classes: LegendClass[];
	/** Area code -> class index (SUPPRESSED_CLASS for small cells, WITHHELD_CLASS for secondary ones); areas with no data are absent. */
	byCode: Record<string, number>;
	/** Areas showing "< 11". */
	suppressed: number;
	/** Areas showing "withheld". */
	withheld: number;
	noData: number;
}

/**
 * Classes `values` into at most `k` classes by `method`. `universe` is how many areas the map
 * shows, so that areas missing from `values` count as no data.
 */
export function choropleth(values: readonly AreaValue[], method: BreakMethod, k: number, universe: number): Choropleth {
	const numeric = values.filter((v): v is AreaValue & { value: number } => v.value !== null && Number.isFinite(v.value));
	const upper = numeric.length === 0 ? [] : breaks(numeric.map((v) => v.value), method, k);
	const ramp = RAMPS[upper.length + 1] ?? RAMPS[5];
	const classes: LegendClass[] =
		numeric.length === 0 ? [] : ramp.map((color) => ({ color, lo: Infinity, hi: -Infinity, count: 0 }));
	const byCode: Record<string, number> = {};
	for (const v of numeric) {
		const c = classOf(v.value, upper);
		byCode[v.code] = c;
		const cls = classes[c];
		cls.count++;
		cls.lo = Math.min(cls.lo, v.value);
		cls.hi = Math.max(cls.hi, v.value);
	}
	let suppressed = 0;
	let withheld = 0;
	for (const v of values) {
		if (v.value === null && v.suppressed) {
			byCode[v.code] = v.secondary ? WITHHELD_CLASS : SUPPRESSED_CLASS;
			if (v.secondary) withheld++;
			else suppressed++;
		}
	}
	// A class that no value fell into still covers its interval between the breaks.
	classes.forEach((c, i) => {
		if (c.count === 0) {
			c.lo = i === 0 ? upper[0] : upper[i - 1];
			c.hi = i < upper.length ? upper[i] : upper[upper.length - 1];
		}
	});
	return { upper, classes, byCode, suppressed, withheld, noData: Math.max(0, universe - numeric.length - suppressed - withheld) };
}

/** The rank of each area by value (1 = highest; ties share the better rank), for hover cards and tables. */
export function ranks(values: readonly AreaValue[]): Map<string, number> {
	const sorted = values.filter((v) => v.value !== null).sort((a, b) => b.value! - a.value!);
	const out = new Map<string, number>();
	sorted.forEach((v, i) => out.set(v.code, i > 0 && sorted[i - 1].value === v.value ? out.get(sorted[i - 1].code)! : i + 1));
	return out;
}
