/**
 * Coverage within a radius (METHODS.md "Nearest service and coverage"): the population whose
 * nearest supply point is within R (inclusive, d <= R), and the remote areas (nearest > R).
 */
import { nearest, type NearestResult } from './nearest';
import { resolveLimit, type DemandPoint, type SupplyPoint, type TravelMatrix } from './types';

export type CoverageOptions = { radiusKm: number; matrix?: null } | { radiusMinutes: number; matrix: TravelMatrix };

export interface CoverageResult {
	/** People (sum of P_i) with nearest_i <= R. */
	coveredPopulation: number;
	/** People in all demand points. */
	totalPopulation: number;
	/** Per demand point, input order: true when nearest_i <= R. */
	covered: boolean[];
	/**
	 * Ids of demand points with nearest_i > R, input order. A point with no reachable supply (no
	 * supply at all, or no travel-matrix pair) is remote too.
	 */
	remoteIds: string[];
	/** The nearest supply point of every demand point (see `nearest`). */
	nearest: NearestResult[];
}

/**
 * Covered and total population (people) and the remote areas, for radius R in km, or in minutes
 * when a travel matrix is given. Sums run in input order.
 */
export function coverage(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], options: CoverageOptions): CoverageResult {
	const limit = resolveLimit(options, 'radius');
	const near = nearest(demand, supply, { matrix: limit.matrix });
	let coveredPopulation = 0;
	let totalPopulation = 0;
	const covered: boolean[] = [];
	const remoteIds: string[] = [];
	for (let i = 0; i < demand.length; i++) {
		const d = near[i].distance;
		const isCovered = d !== null && d <= limit.value;
		covered.push(isCovered);
		totalPopulation += demand[i].population;
		if (isCovered) coveredPopulation += demand[i].population;
		else remoteIds.push(demand[i].id);
	}
	return { coveredPopulation, totalPopulation, covered, remoteIds, nearest: near };
}
