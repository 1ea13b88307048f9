/**
 * Neighbour lists computed once and shared by the methods: for each demand point, the supply (or
 * candidate) points within a limit, with their distances. Stored in compressed sparse rows so a
 * national run (33,800 ZCTAs x thousands of sites) stays in a few typed arrays.
 */
import { haversineKm } from './distance';
import { SphereIndex } from './sphere-index';
import type { LatLon, Limit, TravelMatrix } from './types';

/**
 * Row r's partners are cols[offsets[r] .. offsets[r+1]-1], ascending, with distances at the same
 * positions (km, or minutes from a travel matrix). Sorted partners make every sum over a row run
 * in input order, so the fast methods give the same floating-point results as the brute-force ones.
 */
export interface Reach {
	rows: number;
	offsets: Int32Array;
	cols: Int32Array;
	distances: Float64Array;
}

/** Swaps rows and columns: the result lists, for each of `colCount` columns, its rows ascending. */
export function transpose(reach: Reach, colCount: number): Reach {
	const offsets = new Int32Array(colCount + 1);
	for (let k = 0; k < reach.cols.length; k++) offsets[reach.cols[k] + 1]++;
	for (let c = 0; c < colCount; c++) offsets[c + 1] += offsets[c];
	const fill = offsets.slice(0, colCount);
	const cols = new Int32Array(reach.cols.length);
	const distances = new Float64Array(reach.cols.length);
	for (let r = 0; r < reach.rows; r++) {
		for (let k = reach.offsets[r]; k < reach.offsets[r + 1]; k++) {
			const slot = fill[reach.cols[k]]++;
			cols[slot] = r;
			distances[slot] = reach.distances[k];
		}
	}
	return { rows: colCount, offsets, cols, distances };
}

/** Builds a Reach from pairs grouped by row (row-major, partners in any order). */
class PairBuilder {
	private cols = new Int32Array(1024);
	private distances = new Float64Array(1024);
	private length = 0;
	readonly offsets: Int32Array;
	constructor(rows: number) {
		this.offsets = new Int32Array(rows + 1);
	}
	push(col: number, distance: number): void {
		if (this.length === this.cols.length) {
			const cols = new Int32Array(this.length * 2);
			cols.set(this.cols);
			this.cols = cols;
			const distances = new Float64Array(this.length * 2);
			distances.set(this.distances);
			this.distances = distances;
		}
		this.cols[this.length] = col;
		this.distances[this.length++] = distance;
	}
	endRow(row: number): void {
		this.offsets[row + 1] = this.length;
	}
	done(): Reach {
		return {
			rows: this.offsets.length - 1,
			offsets: this.offsets,
			cols: this.cols.slice(0, this.length),
			distances: this.distances.slice(0, this.length)
		};
	}
}

/**
 * For each demand point (row, input order), the targets (columns, input order) within `limit`:
 * d <= limit.value, great-circle km through a SphereIndex, or minutes looked up in the travel
 * matrix by (demand id, target id), a missing pair being unreachable.
 */
export function reachWithin(
	demand: readonly (LatLon & { id: string })[],
	targets: readonly (LatLon & { id: string })[],
	limit: Limit
): Reach {
	if (limit.matrix) return reachFromMatrix(demand, targets, limit.matrix, limit.value);
	// Index the demand and query once per target, then transpose: the transpose lists each demand
	// point's targets in ascending order without a sort.
	const index = new SphereIndex(demand);
	const byTarget = new PairBuilder(targets.length);
	for (let j = 0; j < targets.length; j++) {
		index.within(targets[j].lat, targets[j].lon, limit.value, (i, km) => byTarget.push(i, km));
		byTarget.endRow(j);
	}
	return transpose(byTarget.done(), demand.length);
}

function reachFromMatrix(
	demand: readonly { id: string }[],
	targets: readonly { id: string }[],
	matrix: TravelMatrix,
	maxMinutes: number
): Reach {
	const targetIndex = new Map<string, number>();
	targets.forEach((t, j) => targetIndex.set(t.id, j));
	const byDemand = new PairBuilder(demand.length);
	for (let i = 0; i < demand.length; i++) {
		const row = matrix.get(demand[i].id);
		if (row) {
			for (const [destination, minutes] of row) {
				const j = targetIndex.get(destination);
				if (j !== undefined && minutes <= maxMinutes) byDemand.push(j, minutes);
			}
		}
		byDemand.endRow(i);
	}
	// Two transposes sort each row's targets by input order.
	return transpose(transpose(byDemand.done(), targets.length), demand.length);
}

/** The same lists as `reachWithin` by measuring every pair: the O(n·m) baseline for tests and the bench. */
export function reachWithinBruteForce(
	demand: readonly (LatLon & { id: string })[],
	targets: readonly (LatLon & { id: string })[],
	limit: Limit
): Reach {
	const built = new PairBuilder(demand.length);
	for (let i = 0; i < demand.length; i++) {
		for (let j = 0; j < targets.length; j++) {
			const d = pairDistance(demand[i], targets[j], limit.matrix);
			if (d !== null && d <= limit.value) built.push(j, d);
		}
		built.endRow(i);
	}
	return built.done();
}

/** d_ij: great-circle km, or minutes from the matrix (null when the pair is missing: unreachable). */
export function pairDistance(
	from: LatLon & { id: string },
	to: LatLon & { id: string },
	matrix: TravelMatrix | null
): number | null {
	if (matrix) return matrix.get(from.id)?.get(to.id) ?? null;
	return haversineKm(from.lat, from.lon, to.lat, to.lon);
}
