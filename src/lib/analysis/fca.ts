/**
 * Floating catchment access scores (METHODS.md): 2SFCA (Luo and Wang 2003) and E2SFCA (Luo and Qi
 * 2009). 2SFCA is E2SFCA with one zone [0, d0] of weight 1, so both run through one routine.
 *
 *   R_j = S_j / sum_k W(d_kj) P_k      (R_j = 0 when that sum is 0)
 *   A_i = sum_j W(d_ij) R_j            reported as A_i x 1,000: supply per 1,000 people
 *
 * W(d) is the weight of the zone holding d: zones are [0, z1], (z1, z2], ... (inclusive upper
 * edges), and W = 0 beyond the last. A demand point with population 0 adds nothing to any R_j but
 * still gets its A_i as defined (the supply per person within its reach), not "no data".
 */
import { pairDistance, reachWithin } from './reach';
import {
	capacityOf,
	checkDemand,
	checkSupply,
	resolveLimit,
	type DemandPoint,
	type Limit,
	type SupplyPoint,
	type TravelMatrix
} from './types';

/** The usual Gaussian-decay defaults: zones [0,10], (10,20], (20,30] (km or minutes). */
export const DEFAULT_ZONES = [10, 20, 30] as const;
export const DEFAULT_WEIGHTS = [1, 0.68, 0.22] as const;

export type TwoStepFcaOptions = { catchmentKm: number; matrix?: null } | { catchmentMinutes: number; matrix: TravelMatrix };

export type EnhancedFcaOptions =
	| { zonesKm?: readonly number[]; weights?: readonly number[]; matrix?: null }
	| { zonesMinutes?: readonly number[]; weights?: readonly number[]; matrix: TravelMatrix };

export interface AccessResult {
	/** A_i x 1,000 for each demand point in input order: supply (capacity units) per 1,000 people. */
	scores: number[];
	/** R_j for each supply point in input order: capacity per person of weighted demand in reach (0 when none). */
	ratios: number[];
}

interface Zones {
	/** Inclusive upper edges, ascending. */
	edges: number[];
	weights: number[];
	limit: Limit;
}

function twoStepZones(options: TwoStepFcaOptions): Zones {
	if (!options || typeof options !== 'object') throw new Error('options must give catchmentKm (or catchmentMinutes with a matrix)');
	const limit = resolveLimit(options, 'catchment');
	return { edges: [limit.value], weights: [1], limit };
}

function enhancedZones(options: EnhancedFcaOptions = {}): Zones {
	const o = options as Record<string, unknown>;
	const matrix = (o.matrix ?? null) as TravelMatrix | null;
	const unit = matrix ? 'Minutes' : 'Km';
	const other = matrix ? 'Km' : 'Minutes';
	if (o[`zones${other}`] !== undefined) {
		throw new Error(matrix ? 'options.zonesKm cannot be used with options.matrix: give zonesMinutes' : 'options.zonesMinutes needs options.matrix');
	}
	const edges = (o[`zones${unit}`] as number[] | undefined) ?? [...DEFAULT_ZONES];
	const weights = (o.weights as number[] | undefined) ?? (edges.length === DEFAULT_ZONES.length ? [...DEFAULT_WEIGHTS] : undefined);
	const name = `options.zones${unit}`;
	if (!Array.isArray(edges) || edges.length === 0) throw new Error(`${name} must be a non-empty array of zone edges`);
	edges.forEach((z, k) => {
		if (typeof z !== 'number' || !Number.isFinite(z) || z <= 0 || (k > 0 && z <= edges[k - 1])) {
			throw new Error(`${name} must be finite numbers > 0 in increasing order, got [${edges.join(', ')}]`);
		}
	});
	if (!weights) throw new Error(`options.weights is needed: ${name} has ${edges.length} zones and the default weights are for 3`);
	if (!Array.isArray(weights) || weights.length !== edges.length) {
		throw new Error(`options.weights must have one weight per zone (${edges.length}), got ${Array.isArray(weights) ? weights.length : weights}`);
	}
	weights.forEach((w) => {
		if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new Error(`options.weights must be finite numbers >= 0, got [${weights.join(', ')}]`);
	});
	const value = edges[edges.length - 1];
	const limit: Limit = matrix ? { unit: 'minutes', value, matrix } : { unit: 'km', value, matrix: null };
	return { edges: [...edges], weights: [...weights], limit };
}

/** W(d): the weight of the first zone whose upper edge is >= d, 0 beyond the last. */
function zoneWeight(zones: Zones, d: number): number {
	for (let k = 0; k < zones.edges.length; k++) if (d <= zones.edges[k]) return zones.weights[k];
	return 0;
}

function floatingCatchment(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], zones: Zones): AccessResult {
	checkDemand(demand);
	checkSupply(supply);
	const reach = reachWithin(demand, supply, zones.limit);
	const weight = new Float64Array(reach.cols.length);
	for (let k = 0; k < weight.length; k++) weight[k] = zoneWeight(zones, reach.distances[k]);
	const weightedDemand = new Float64Array(supply.length);
	for (let i = 0; i < demand.length; i++) {
		const p = demand[i].population;
		for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) weightedDemand[reach.cols[k]] += weight[k] * p;
	}
	const ratios = supply.map((s, j) => (weightedDemand[j] > 0 ? capacityOf(s) / weightedDemand[j] : 0));
	const scores = new Array<number>(demand.length);
	for (let i = 0; i < demand.length; i++) {
		let a = 0;
		for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) a += weight[k] * ratios[reach.cols[k]];
		scores[i] = a * 1000;
	}
	return { scores, ratios };
}

function floatingCatchmentBruteForce(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], zones: Zones): AccessResult {
	checkDemand(demand);
	checkSupply(supply);
	const W = (i: number, j: number) => {
		const d = pairDistance(demand[i], supply[j], zones.limit.matrix);
		return d === null ? 0 : zoneWeight(zones, d);
	};
	const ratios = supply.map((s, j) => {
		let sum = 0;
		for (let k = 0; k < demand.length; k++) sum += W(k, j) * demand[k].population;
		return sum > 0 ? capacityOf(s) / sum : 0;
	});
	const scores = demand.map((_, i) => {
		let a = 0;
		for (let j = 0; j < supply.length; j++) a += W(i, j) * ratios[j];
		return a * 1000;
	});
	return { scores, ratios };
}

/**
 * 2SFCA with catchment d0 (inclusive): `catchmentKm`, or `catchmentMinutes` with a travel matrix.
 * Returns A_i per 1,000 people for every demand point in input order, and R_j per supply point.
 */
export function twoStepFca(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], options: TwoStepFcaOptions): AccessResult {
	return floatingCatchment(demand, supply, twoStepZones(options));
}

/**
 * E2SFCA with zones (upper edges, `zonesKm`, or `zonesMinutes` with a travel matrix; default
 * 10, 20, 30) and one weight per zone (default 1, 0.68, 0.22). Returns A_i per 1,000 people for
 * every demand point in input order, and R_j per supply point.
 */
export function enhancedTwoStepFca(
	demand: readonly DemandPoint[],
	supply: readonly SupplyPoint[],
	options: EnhancedFcaOptions = {}
): AccessResult {
	return floatingCatchment(demand, supply, enhancedZones(options));
}

/** `twoStepFca` by measuring every pair: the O(n·m) baseline for tests and the bench. */
export function twoStepFcaBruteForce(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], options: TwoStepFcaOptions): AccessResult {
	return floatingCatchmentBruteForce(demand, supply, twoStepZones(options));
}

/** `enhancedTwoStepFca` by measuring every pair: the O(n·m) baseline for tests and the bench. */
export function enhancedTwoStepFcaBruteForce(
	demand: readonly DemandPoint[],
	supply: readonly SupplyPoint[],
	options: EnhancedFcaOptions = {}
): AccessResult {
	return floatingCatchmentBruteForce(demand, supply, enhancedZones(options));
}
