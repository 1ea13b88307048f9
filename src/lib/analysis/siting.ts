/**
 * Siting: the maximal covering location problem (METHODS.md "Siting"; Church and ReVelle 1974).
 * Choose K new sites among candidates to maximise the population within R (d <= R) of at least one
 * open site, the existing sites being fixed open.
 *
 * 1. Greedy: K times, add the candidate that newly covers the most people; on equal gain the one
 *    earlier in the candidate input. Lazy evaluation (CELF): a candidate's gain can only fall as
 *    sites are added (coverage is submodular), so a stale gain is an upper bound and only the top
 *    of a priority queue is recomputed. This picks exactly the sites a plain greedy loop picks.
 * 2. Swap improvement: in passes over the chosen sites in order, replace the site by the unchosen
 *    candidate that raises coverage the most (earliest candidate on a tie), if it raises coverage
 *    by more than 1e-9 x the total population (so rounding in fractional populations cannot
 *    loop); repeat passes until one changes nothing.
 * 3. Report: the final sites are listed greedily (the site adding the most to what the existing
 *    sites and the sites listed before it cover comes first; ties by candidate order), each with
 *    the people it newly covers and the cumulative coverage including the existing sites. Without
 *    swaps this is the greedy order.
 *
 * Upper bound reported: coveredBefore + greedyGain / (1 - 1/e), where greedyGain is the coverage
 * the pure greedy (step 1, before swaps) adds to the existing sites. Coverage beyond the existing
 * sites is monotone submodular, so greedy gain >= (1 - 1/e) x optimal gain (Nemhauser, Wolsey and
 * Fisher 1978) and no choice of K sites covers more than this bound. It is the METHODS.md formula
 * as written and is NOT capped at the total population, so it can exceed it.
 *
 * K larger than the number of candidates chooses every candidate. Sites that add nobody are still
 * chosen to make up K (with newCovered 0), as the greedy rule says.
 */
import { reachWithin, reachWithinBruteForce, transpose, type Reach } from './reach';
import { checkDemand, checkSupply, resolveLimit, type DemandPoint, type Limit, type SupplyPoint, type TravelMatrix } from './types';

export type SitingOptions = { k: number; radiusKm: number; matrix?: null } | { k: number; radiusMinutes: number; matrix: TravelMatrix };

export interface ChosenSite {
	/** 1-based position in the report order. */
	rank: number;
	id: string;
	/** Position in the candidate input. */
	candidateIndex: number;
	/** People covered by this site and by no existing site or site ranked before it. */
	newCovered: number;
	/** People covered by the existing sites and the sites ranked 1..rank. */
	cumulativeCovered: number;
	/** Ids of the demand points this site newly covers, input order. */
	newlyCoveredIds: string[];
}

export interface SitingResult {
	/** The chosen sites in report order (min(K, candidates) of them). */
	sites: ChosenSite[];
	/** People covered by the existing sites alone. */
	coveredBefore: number;
	/** People covered by the existing and the chosen sites. */
	coveredAfter: number;
	/** People in all demand points. */
	totalPopulation: number;
	/** People covered after the greedy step, before swaps. */
	greedyCovered: number;
	/** coveredBefore + (greedyCovered - coveredBefore) / (1 - 1/e): no K sites cover more people. */
	upperBound: number;
	/** Number of swaps that were made. */
	swaps: number;
}

const ONE_MINUS_INV_E = 1 - 1 / Math.E;
const SWAP_TOLERANCE = 1e-9;

interface Problem {
	demand: readonly DemandPoint[];
	candidates: readonly SupplyPoint[];
	population: Float64Array;
	k: number;
	limit: Limit;
	total: number;
}

function prepare(
	demand: readonly DemandPoint[],
	candidates: readonly SupplyPoint[],
	existing: readonly SupplyPoint[],
	options: SitingOptions
): Problem {
	checkDemand(demand);
	checkSupply(candidates, 'candidates');
	checkSupply(existing, 'existing');
	if (!options || typeof options !== 'object') throw new Error('options must give k and radiusKm (or radiusMinutes with a matrix)');
	const k = options.k;
	if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) throw new Error(`options.k must be a whole number >= 0, got ${String(k)}`);
	const limit = resolveLimit(options, 'radius');
	const population = Float64Array.from(demand, (p) => p.population);
	let total = 0;
	for (let i = 0; i < population.length; i++) total += population[i];
	return { demand, candidates, population, k: Math.min(k, candidates.length), limit, total };
}

/** Sum of P_i over demand points with count > 0, in input order. */
function coveredPopulation(population: Float64Array, count: Int32Array): number {
	let sum = 0;
	for (let i = 0; i < population.length; i++) if (count[i] > 0) sum += population[i];
	return sum;
}

/** How many existing sites cover each demand point. */
function existingCounts(problem: Problem, existing: readonly SupplyPoint[], brute: boolean): Int32Array {
	const reach = (brute ? reachWithinBruteForce : reachWithin)(problem.demand, existing, problem.limit);
	const count = new Int32Array(problem.demand.length);
	for (let i = 0; i < count.length; i++) count[i] = reach.offsets[i + 1] - reach.offsets[i];
	return count;
}

/** Orders the final sites greedily and measures each one's new and cumulative coverage. */
function report(problem: Problem, byCandidate: Reach, base: Int32Array, chosen: number[], greedyCovered: number, swaps: number): SitingResult {
	const { population, demand, candidates } = problem;
	const covered = new Uint8Array(base.length);
	for (let i = 0; i < base.length; i++) covered[i] = base[i] > 0 ? 1 : 0;
	const sumCovered = () => {
		let sum = 0;
		for (let i = 0; i < covered.length; i++) if (covered[i]) sum += population[i];
		return sum;
	};
	const coveredBefore = sumCovered();
	const remaining = [...chosen].sort((a, b) => a - b);
	const sites: ChosenSite[] = [];
	while (remaining.length > 0) {
		let bestAt = 0;
		let bestGain = -1;
		remaining.forEach((c, at) => {
			let gain = 0;
			for (let q = byCandidate.offsets[c]; q < byCandidate.offsets[c + 1]; q++) {
				if (!covered[byCandidate.cols[q]]) gain += population[byCandidate.cols[q]];
			}
			if (gain > bestGain) [bestAt, bestGain] = [at, gain];
		});
		const [c] = remaining.splice(bestAt, 1);
		const newly: number[] = [];
		for (let q = byCandidate.offsets[c]; q < byCandidate.offsets[c + 1]; q++) {
			const i = byCandidate.cols[q];
			if (!covered[i]) newly.push(i);
		}
		let newCovered = 0;
		for (const i of newly) {
			covered[i] = 1;
			newCovered += population[i];
		}
		sites.push({
			rank: sites.length + 1,
			id: candidates[c].id,
			candidateIndex: c,
			newCovered,
			cumulativeCovered: sumCovered(),
			newlyCoveredIds: newly.map((i) => demand[i].id)
		});
	}
	const coveredAfter = sumCovered();
	return {
		sites,
		coveredBefore,
		coveredAfter,
		totalPopulation: problem.total,
		greedyCovered,
		upperBound: coveredBefore + (greedyCovered - coveredBefore) / ONE_MINUS_INV_E,
		swaps
	};
}

/** Max-heap of candidate indices by gain, lower index first on equal gain. */
class GainHeap {
	private readonly heap: Int32Array;
	size: number;
	constructor(
		count: number,
		private readonly gain: Float64Array
	) {
		this.heap = Int32Array.from({ length: count }, (_, c) => c);
		this.size = count;
		for (let at = (count >> 1) - 1; at >= 0; at--) this.down(at);
	}
	private before(a: number, b: number): boolean {
		return this.gain[a] > this.gain[b] || (this.gain[a] === this.gain[b] && a < b);
	}
	top(): number {
		return this.heap[0];
	}
	pop(): void {
		this.heap[0] = this.heap[--this.size];
		this.down(0);
	}
	/** Restores order after the top's gain fell. */
	down(at: number): void {
		const h = this.heap;
		for (;;) {
			const l = 2 * at + 1;
			const r = l + 1;
			let best = at;
			if (l < this.size && this.before(h[l], h[best])) best = l;
			if (r < this.size && this.before(h[r], h[best])) best = r;
			if (best === at) return;
			[h[at], h[best]] = [h[best], h[at]];
			at = best;
		}
	}
}

/**
 * MCLP: K new sites among `candidates`, `existing` fixed open, radius R in km (`radiusKm`) or in
 * minutes with a travel matrix (`radiusMinutes`). Populations in people. See the module comment for
 * the greedy, the swaps, the report order and the bound. Uses neighbour lists from a spatial index,
 * lazy greedy and incremental swap gains: O(pairs within R), not O(n·m).
 */
export function siteMclp(
	demand: readonly DemandPoint[],
	candidates: readonly SupplyPoint[],
	existing: readonly SupplyPoint[],
	options: SitingOptions
): SitingResult {
	const problem = prepare(demand, candidates, existing, options);
	const { population, k } = problem;
	const m = candidates.length;
	const byDemand = reachWithin(demand, candidates, problem.limit);
	const byCandidate = transpose(byDemand, m);
	const base = existingCounts(problem, existing, false);
	const count = base.slice();
	const uncoveredGain = (c: number) => {
		let gain = 0;
		for (let q = byCandidate.offsets[c]; q < byCandidate.offsets[c + 1]; q++) {
			const i = byCandidate.cols[q];
			if (count[i] === 0) gain += population[i];
		}
		return gain;
	};

	// 1. Lazy greedy (CELF).
	const gain = new Float64Array(m);
	const stamp = new Int32Array(m);
	for (let c = 0; c < m; c++) gain[c] = uncoveredGain(c);
	const heap = new GainHeap(m, gain);
	const chosen: number[] = [];
	const isChosen = new Uint8Array(m);
	while (chosen.length < k) {
		const c = heap.top();
		if (stamp[c] === chosen.length) {
			heap.pop();
			chosen.push(c);
			isChosen[c] = 1;
			for (let q = byCandidate.offsets[c]; q < byCandidate.offsets[c + 1]; q++) count[byCandidate.cols[q]]++;
		} else {
			gain[c] = uncoveredGain(c);
			stamp[c] = chosen.length;
			heap.down(0);
		}
	}
	const greedyCovered = coveredPopulation(population, count);

	// 2. Swaps. uncovered[c] = people near c covered by no open site, kept up to date as counts change.
	const tolerance = SWAP_TOLERANCE * problem.total;
	const uncovered = new Float64Array(m);
	for (let c = 0; c < m; c++) uncovered[c] = uncoveredGain(c);
	const overlap = new Float64Array(m);
	const touched: number[] = [];
	const setCount = (i: number, next: number) => {
		const before = count[i];
		count[i] = next;
		if ((before === 0) === (next === 0)) return;
		const delta = next === 0 ? population[i] : -population[i];
		for (let q = byDemand.offsets[i]; q < byDemand.offsets[i + 1]; q++) uncovered[byDemand.cols[q]] += delta;
	};
	let swaps = 0;
	let improved = chosen.length > 0 && chosen.length < m;
	while (improved) {
		improved = false;
		for (let p = 0; p < chosen.length; p++) {
			const s = chosen[p];
			// Closing s uncovers the people only s covers; a candidate near them wins them back.
			let loss = 0;
			for (let q = byCandidate.offsets[s]; q < byCandidate.offsets[s + 1]; q++) {
				const i = byCandidate.cols[q];
				if (count[i] !== 1) continue;
				loss += population[i];
				for (let r = byDemand.offsets[i]; r < byDemand.offsets[i + 1]; r++) {
					const c = byDemand.cols[r];
					if (overlap[c] === 0) touched.push(c);
					overlap[c] += population[i];
				}
			}
			let best = -1;
			let bestGain = 0;
			for (let c = 0; c < m; c++) {
				if (isChosen[c]) continue;
				const g = uncovered[c] + overlap[c];
				if (g - loss > tolerance && (best < 0 || g > bestGain)) [best, bestGain] = [c, g];
			}
			for (const c of touched) overlap[c] = 0;
			touched.length = 0;
			if (best < 0) continue;
			for (let q = byCandidate.offsets[s]; q < byCandidate.offsets[s + 1]; q++) setCount(byCandidate.cols[q], count[byCandidate.cols[q]] - 1);
			for (let q = byCandidate.offsets[best]; q < byCandidate.offsets[best + 1]; q++) {
				setCount(byCandidate.cols[q], count[byCandidate.cols[q]] + 1);
			}
			isChosen[s] = 0;
			isChosen[best] = 1;
			chosen[p] = best;
			swaps++;
			improved = true;
		}
	}
	return report(problem, byCandidate, base, chosen, greedyCovered, swaps);
}

/**
 * `siteMclp` the plain way, for tests and as the bench's baseline: every pair measured (O(n·m)),
 * every gain recomputed at every greedy step, swap gains recomputed from scratch. Same result.
 */
export function siteMclpBruteForce(
	demand: readonly DemandPoint[],
	candidates: readonly SupplyPoint[],
	existing: readonly SupplyPoint[],
	options: SitingOptions
): SitingResult {
	const problem = prepare(demand, candidates, existing, options);
	const { population, k } = problem;
	const m = candidates.length;
	const byCandidate = transpose(reachWithinBruteForce(demand, candidates, problem.limit), m);
	const base = existingCounts(problem, existing, true);
	const count = base.slice();
	const row = (c: number) => byCandidate.cols.subarray(byCandidate.offsets[c], byCandidate.offsets[c + 1]);
	const chosen: number[] = [];
	for (let t = 0; t < k; t++) {
		let best = -1;
		let bestGain = -1;
		for (let c = 0; c < m; c++) {
			if (chosen.includes(c)) continue;
			let gain = 0;
			for (const i of row(c)) if (count[i] === 0) gain += population[i];
			if (gain > bestGain) [best, bestGain] = [c, gain];
		}
		chosen.push(best);
		for (const i of row(best)) count[i]++;
	}
	const greedyCovered = coveredPopulation(population, count);
	const tolerance = SWAP_TOLERANCE * problem.total;
	const inSite = new Uint8Array(demand.length);
	let swaps = 0;
	let improved = true;
	while (improved) {
		improved = false;
		for (let p = 0; p < chosen.length; p++) {
			const s = chosen[p];
			for (const i of row(s)) inSite[i] = 1;
			let loss = 0;
			for (const i of row(s)) if (count[i] === 1) loss += population[i];
			let best = -1;
			let bestGain = 0;
			for (let c = 0; c < m; c++) {
				if (chosen.includes(c)) continue;
				let gain = 0;
				for (const i of row(c)) if (count[i] === 0 || (count[i] === 1 && inSite[i])) gain += population[i];
				if (gain - loss > tolerance && (best < 0 || gain > bestGain)) [best, bestGain] = [c, gain];
			}
			for (const i of row(s)) inSite[i] = 0;
			if (best < 0) continue;
			for (const i of row(s)) count[i]--;
			for (const i of row(best)) count[i]++;
			chosen[p] = best;
			swaps++;
			improved = true;
		}
	}
	return report(problem, byCandidate, base, chosen, greedyCovered, swaps);
}
