/**
 * Composite need index (METHODS.md, in the manner of CDC's SVI).
 *
 * Percentile rank of area i on a component, over the n areas that have a value for it:
 *   rank_i = average 1-based rank of x_i in ascending order (tied values share the mean of their ranks)
 *   pr_i   = (rank_i - 1) / (n - 1),   in [0, 1]; when n = 1, pr = 0.5
 * (0.5 is also what n tied values get, so a lone value reads as "middle", not "worst" or "best").
 * For a component where a LOW value means more need (penetration, access score), the rank is
 * inverted: 1 - pr, which equals ranking the negated values.
 *
 * Index_i = sum_c w_c pr_ic / sum_c w_c over the components c for which area i has a value: a
 * missing value (null, undefined, NaN) is left out of that component's ranking and out of that
 * area's mean, and the remaining weights are renormalised. An area with no values, or whose
 * present components all have weight 0, gets index null (no data), never 0.
 */

export type NeedDirection = 'higher-is-more-need' | 'lower-is-more-need';

export interface NeedComponent {
	/** Key of the value in each area's `values`. */
	key: string;
	direction: NeedDirection;
	/** Planner's weight, finite and >= 0; default 1 (equal weights). */
	weight?: number;
}

export interface NeedArea {
	id: string;
	values: Readonly<Record<string, number | null | undefined>>;
}

export interface NeedResult {
	id: string;
	/** Weighted mean of the component ranks, 0 (least need) to 1 (most need); null when no component has a value. */
	index: number | null;
	/** Each component's rank for this area, 0 to 1 with 1 = most need (already inverted where low = need); null when missing. */
	ranks: Record<string, number | null>;
	/** The raw component values, as given (null when missing), so the ranking can be explained. */
	values: Record<string, number | null>;
}

function present(v: number | null | undefined): v is number {
	return typeof v === 'number' && !Number.isNaN(v);
}

function checkComponents(components: readonly NeedComponent[]): number[] {
	if (!Array.isArray(components) || components.length === 0) throw new Error('components must be a non-empty array');
	const keys = new Set<string>();
	const weights = components.map((c, k) => {
		if (!c || typeof c.key !== 'string' || c.key === '') throw new Error(`components[${k}].key must be a non-empty string`);
		if (keys.has(c.key)) throw new Error(`components[${k}].key "${c.key}" appears twice`);
		keys.add(c.key);
		if (c.direction !== 'higher-is-more-need' && c.direction !== 'lower-is-more-need') {
			throw new Error(`components[${k}].direction must be "higher-is-more-need" or "lower-is-more-need", got ${String(c.direction)}`);
		}
		const w = c.weight ?? 1;
		if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new Error(`components[${k}].weight must be a finite number >= 0, got ${String(w)}`);
		return w;
	});
	if (weights.every((w) => w === 0)) throw new Error('components: at least one weight must be > 0');
	return weights;
}

function readValues(areas: readonly NeedArea[], key: string): (number | null)[] {
	return areas.map((a, i) => {
		const v = a.values?.[key];
		if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
		if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`areas[${i}] (${a.id}).values.${key} must be a finite number or null, got ${String(v)}`);
		return v;
	});
}

/**
 * Percentile ranks (rank - 1) / (n - 1) with average ranks for ties, over the present values;
 * null where the value is missing. O(n log n): in a sorted copy, a run of equal values from
 * position s to e (0-based) holds ranks s+1..e+1, whose average s + (e - s + 2) / 2 every member
 * gets; each value finds its run's start by binary search.
 */
export function percentileRanks(values: readonly (number | null | undefined)[]): (number | null)[] {
	return Array.from(rankColumn(values), (r) => (Number.isNaN(r) ? null : r));
}

/** `percentileRanks` as a typed array, NaN where the value is missing (no boxing of 33,800 numbers). */
function rankColumn(values: readonly (number | null | undefined)[]): Float64Array {
	let n = 0;
	for (const v of values) if (present(v)) n++;
	const sorted = new Float64Array(n);
	let k = 0;
	for (const v of values) if (present(v)) sorted[k++] = v;
	sorted.sort();
	// rankAt[s] = the percentile rank of the run starting at s.
	const rankAt = new Float64Array(n);
	for (let s = 0; s < n; ) {
		let e = s;
		while (e + 1 < n && sorted[e + 1] === sorted[s]) e++;
		const rank = s + (e - s + 2) / 2;
		rankAt[s] = n === 1 ? 0.5 : (rank - 1) / (n - 1);
		s = e + 1;
	}
	const out = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!present(v)) {
			out[i] = Number.NaN;
			continue;
		}
		let lo = 0;
		let hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (sorted[mid] < v) lo = mid + 1;
			else hi = mid;
		}
		out[i] = rankAt[lo];
	}
	return out;
}

/** `percentileRanks` by counting, for each value, the smaller and equal ones: the O(n²) baseline. */
export function percentileRanksBruteForce(values: readonly (number | null | undefined)[]): (number | null)[] {
	const xs = values.filter(present);
	const n = xs.length;
	return values.map((x) => {
		if (!present(x)) return null;
		let below = 0;
		let equal = 0;
		for (const y of xs) {
			if (y < x) below++;
			else if (y === x) equal++;
		}
		const rank = below + (equal + 1) / 2;
		return n === 1 ? 0.5 : (rank - 1) / (n - 1);
	});
}

function combine(
	areas: readonly NeedArea[],
	components: readonly NeedComponent[],
	rank: (values: (number | null)[]) => ArrayLike<number | null>
): NeedResult[] {
	if (!Array.isArray(areas)) throw new Error('areas must be an array');
	const weights = checkComponents(components);
	const keys = components.map((c) => c.key);
	const values = keys.map((key) => readValues(areas, key));
	// Ranks as typed arrays, NaN = missing, already inverted where a low value means need.
	const ranks = components.map((c, k) => {
		const pr = rank(values[k]);
		const invert = c.direction === 'lower-is-more-need';
		const out = new Float64Array(areas.length);
		for (let i = 0; i < out.length; i++) {
			const r = pr[i];
			out[i] = r === null || Number.isNaN(r) ? Number.NaN : invert ? 1 - r : r;
		}
		return out;
	});
	const results: NeedResult[] = new Array(areas.length);
	for (let i = 0; i < areas.length; i++) {
		let sum = 0;
		let weightSum = 0;
		const areaRanks: Record<string, number | null> = {};
		const areaValues: Record<string, number | null> = {};
		for (let k = 0; k < keys.length; k++) {
			const r = ranks[k][i];
			areaValues[keys[k]] = values[k][i];
			if (Number.isNaN(r)) {
				areaRanks[keys[k]] = null;
			} else {
				areaRanks[keys[k]] = r;
				sum += weights[k] * r;
				weightSum += weights[k];
			}
		}
		results[i] = { id: areas[i].id, index: weightSum > 0 ? sum / weightSum : null, ranks: areaRanks, values: areaValues };
	}
	return results;
}

/**
 * The need index of every area, in input order, with each component's rank and raw value beside
 * it. Ranks and index are unitless, 0 (least need) to 1 (most need). See the module comment for
 * the exact formula and the handling of missing values.
 */
export function needIndex(areas: readonly NeedArea[], components: readonly NeedComponent[]): NeedResult[] {
	return combine(areas, components, rankColumn);
}

/** `needIndex` with O(n²) counting ranks: the baseline for tests and the bench. */
export function needIndexBruteForce(areas: readonly NeedArea[], components: readonly NeedComponent[]): NeedResult[] {
	return combine(areas, components, percentileRanksBruteForce);
}
