/**
 * Nearest service (METHODS.md "Nearest service and coverage"): nearest_i = min_j d_ij over the
 * supply points, and which j. Ties go to the supply point earlier in the input, so the answer does
 * not depend on how the index happens to visit points.
 */
import { SphereIndex } from './sphere-index';
import { pairDistance } from './reach';
import { checkDemand, checkSupply, type DemandPoint, type SupplyPoint, type TravelMatrix } from './types';

export interface NearestResult {
	/** The demand point's id. */
	id: string;
	/** Id of the nearest supply point; null when none is reachable (no supply, or no matrix pair). */
	supplyId: string | null;
	/** Its position in the supply input, or -1 with supplyId null. */
	supplyIndex: number;
	/** d to that supply point: great-circle km, or minutes with `options.matrix`; null when none is reachable. */
	distance: number | null;
}

export interface NearestOptions {
	/** Travel minutes to use instead of great-circle km (a missing pair is unreachable). */
	matrix?: TravelMatrix | null;
}

/**
 * Nearest supply point for every demand point, in demand input order. Distances are great-circle
 * km on the 6,371.0088 km sphere, or travel minutes when `options.matrix` is given. On equal
 * distances the supply point earlier in `supply` wins.
 */
export function nearest(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], options: NearestOptions = {}): NearestResult[] {
	checkDemand(demand);
	checkSupply(supply);
	if (options.matrix) return nearestFromMatrix(demand, supply, options.matrix);
	const index = new SphereIndex(supply);
	return demand.map((p) => {
		const hit = index.nearest(p.lat, p.lon);
		return hit
			? { id: p.id, supplyId: supply[hit.index].id, supplyIndex: hit.index, distance: hit.km }
			: { id: p.id, supplyId: null, supplyIndex: -1, distance: null };
	});
}

function nearestFromMatrix(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], matrix: TravelMatrix): NearestResult[] {
	const supplyIndex = new Map<string, number>();
	supply.forEach((s, j) => supplyIndex.set(s.id, j));
	return demand.map((p) => {
		let best = -1;
		let bestMinutes = Infinity;
		for (const [destination, minutes] of matrix.get(p.id) ?? []) {
			const j = supplyIndex.get(destination);
			if (j === undefined) continue;
			if (minutes < bestMinutes || (minutes === bestMinutes && j < best)) {
				best = j;
				bestMinutes = minutes;
			}
		}
		return best < 0
			? { id: p.id, supplyId: null, supplyIndex: -1, distance: null }
			: { id: p.id, supplyId: supply[best].id, supplyIndex: best, distance: bestMinutes };
	});
}

/** Same result as `nearest` by measuring every pair: the O(n·m) baseline for tests and the bench. */
export function nearestBruteForce(
	demand: readonly DemandPoint[],
	supply: readonly SupplyPoint[],
	options: NearestOptions = {}
): NearestResult[] {
	checkDemand(demand);
	checkSupply(supply);
	const matrix = options.matrix ?? null;
	return demand.map((p) => {
		let best = -1;
		let bestDistance = Infinity;
		for (let j = 0; j < supply.length; j++) {
			const d = pairDistance(p, supply[j], matrix);
			if (d !== null && d < bestDistance) {
				best = j;
				bestDistance = d;
			}
		}
		return best < 0
			? { id: p.id, supplyId: null, supplyIndex: -1, distance: null }
			: { id: p.id, supplyId: supply[best].id, supplyIndex: best, distance: bestDistance };
	});
}
