/**
 * A static k-d tree over points on the sphere, used by the methods instead of O(n·m) loops.
 *
 * Points are stored as 3-D unit vectors. The straight-line (chord) distance between two unit
 * vectors grows monotonically with the great-circle distance (chord = 2 sin(d / 2R)), so a ball
 * in 3-D is exactly a spherical cap: no special cases at the poles or the antimeridian. The tree
 * only narrows the search; every point it returns is measured with `haversineKm` and compared with
 * the caller's limit, so results are the ones a brute-force loop over `haversineKm` gives, ties
 * included. (The chord filter is widened by CHORD_SLACK, about 6 mm on the ground, so rounding in
 * the 3-D arithmetic can never drop a point that haversineKm puts inside the limit.)
 */
import { EARTH_RADIUS_KM, haversineKm } from './distance';
import type { LatLon } from './types';

const RAD = Math.PI / 180;
const CHORD_SLACK = 1e-9;
const NODE_SIZE = 16;

/** Chord length on the unit sphere for a great-circle distance in km, widened by CHORD_SLACK. */
function chordFor(km: number): number {
	const angle = Math.min(km / EARTH_RADIUS_KM, Math.PI);
	return 2 * Math.sin(angle / 2) + CHORD_SLACK;
}

export class SphereIndex {
	/** Number of points. */
	readonly size: number;
	/** Input index of the point at each tree slot. */
	private readonly ids: Int32Array;
	private readonly lat: Float64Array;
	private readonly lon: Float64Array;
	/** x, y, z of slot s at 3s, 3s+1, 3s+2. */
	private readonly xyz: Float64Array;

	constructor(points: readonly LatLon[]) {
		const n = points.length;
		this.size = n;
		this.ids = new Int32Array(n);
		this.lat = new Float64Array(n);
		this.lon = new Float64Array(n);
		this.xyz = new Float64Array(3 * n);
		for (let i = 0; i < n; i++) {
			const { lat, lon } = points[i];
			this.ids[i] = i;
			this.lat[i] = lat;
			this.lon[i] = lon;
			const phi = lat * RAD;
			const lambda = lon * RAD;
			this.xyz[3 * i] = Math.cos(phi) * Math.cos(lambda);
			this.xyz[3 * i + 1] = Math.cos(phi) * Math.sin(lambda);
			this.xyz[3 * i + 2] = Math.sin(phi);
		}
		this.build(0, n - 1, 0);
	}

	private build(left: number, right: number, axis: number): void {
		if (right - left <= NODE_SIZE) return;
		const m = (left + right) >> 1;
		this.select(m, left, right, axis);
		const next = (axis + 1) % 3;
		this.build(left, m - 1, next);
		this.build(m + 1, right, next);
	}

	/** Quickselect: puts the slot holding the k-th smallest coordinate on `axis` at k. */
	private select(k: number, left: number, right: number, axis: number): void {
		const c = this.xyz;
		while (right > left) {
			// Median of three guards against sorted input (points often arrive sorted by id or state).
			const mid = (left + right) >> 1;
			if (c[3 * mid + axis] < c[3 * left + axis]) this.swap(mid, left);
			if (c[3 * right + axis] < c[3 * left + axis]) this.swap(right, left);
			if (c[3 * right + axis] < c[3 * mid + axis]) this.swap(right, mid);
			const pivot = c[3 * mid + axis];
			let i = left;
			let j = right;
			while (i <= j) {
				while (c[3 * i + axis] < pivot) i++;
				while (c[3 * j + axis] > pivot) j--;
				if (i <= j) {
					this.swap(i, j);
					i++;
					j--;
				}
			}
			if (k <= j) right = j;
			else if (k >= i) left = i;
			else return;
		}
	}

	private swap(a: number, b: number): void {
		const { ids, lat, lon, xyz } = this;
		[ids[a], ids[b]] = [ids[b], ids[a]];
		[lat[a], lat[b]] = [lat[b], lat[a]];
		[lon[a], lon[b]] = [lon[b], lon[a]];
		for (let d = 0; d < 3; d++) [xyz[3 * a + d], xyz[3 * b + d]] = [xyz[3 * b + d], xyz[3 * a + d]];
	}

	/**
	 * Calls `visit(index, km)` for every point with haversineKm(lat, lon, point) <= radiusKm, where
	 * index is the point's position in the constructor's input. Order of visits is unspecified.
	 */
	within(lat: number, lon: number, radiusKm: number, visit: (index: number, km: number) => void): void {
		if (this.size === 0) return;
		const phi = lat * RAD;
		const lambda = lon * RAD;
		const q = [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
		const chord = chordFor(radiusKm);
		const chord2 = chord * chord;
		const { xyz, ids } = this;
		const stack = [0, this.size - 1, 0];
		const check = (s: number) => {
			const dx = xyz[3 * s] - q[0];
			const dy = xyz[3 * s + 1] - q[1];
			const dz = xyz[3 * s + 2] - q[2];
			if (dx * dx + dy * dy + dz * dz > chord2) return;
			const km = haversineKm(lat, lon, this.lat[s], this.lon[s]);
			if (km <= radiusKm) visit(ids[s], km);
		};
		while (stack.length > 0) {
			const axis = stack.pop()!;
			const right = stack.pop()!;
			const left = stack.pop()!;
			if (right - left <= NODE_SIZE) {
				for (let s = left; s <= right; s++) check(s);
				continue;
			}
			const m = (left + right) >> 1;
			check(m);
			const v = xyz[3 * m + axis];
			const next = (axis + 1) % 3;
			if (q[axis] - chord <= v) stack.push(left, m - 1, next);
			if (q[axis] + chord >= v) stack.push(m + 1, right, next);
		}
	}

	// Query state of `nearest`, kept on the instance so the recursion allocates nothing per call.
	private qx = 0;
	private qy = 0;
	private qz = 0;
	private bestChord2 = Infinity;
	private bound2 = Infinity;
	private contenders: Int32Array = new Int32Array(0);
	private contenderChord2: Float64Array = new Float64Array(0);
	private contenderCount = 0;

	/**
	 * The point nearest to (lat, lon) by haversineKm, as its input index and distance in km; on a
	 * tie the lower input index wins. Returns null when the index is empty.
	 *
	 * The search runs on squared chords (no trigonometry) and keeps every point whose chord is within
	 * CHORD_SLACK of the best seen so far; haversineKm then decides among those few contenders.
	 */
	nearest(lat: number, lon: number): { index: number; km: number } | null {
		if (this.size === 0) return null;
		const phi = lat * RAD;
		const lambda = lon * RAD;
		this.qx = Math.cos(phi) * Math.cos(lambda);
		this.qy = Math.cos(phi) * Math.sin(lambda);
		this.qz = Math.sin(phi);
		this.bestChord2 = Infinity;
		this.bound2 = Infinity;
		if (this.contenders.length < this.size) {
			this.contenders = new Int32Array(this.size);
			this.contenderChord2 = new Float64Array(this.size);
		}
		this.contenderCount = 0;
		this.search(0, this.size - 1, 0);
		let bestKm = Infinity;
		let bestIndex = -1;
		for (let k = 0; k < this.contenderCount; k++) {
			if (this.contenderChord2[k] > this.bound2) continue;
			const s = this.contenders[k];
			const km = haversineKm(lat, lon, this.lat[s], this.lon[s]);
			const index = this.ids[s];
			if (km < bestKm || (km === bestKm && index < bestIndex)) {
				bestKm = km;
				bestIndex = index;
			}
		}
		return { index: bestIndex, km: bestKm };
	}

	private consider(s: number): void {
		const xyz = this.xyz;
		const dx = xyz[3 * s] - this.qx;
		const dy = xyz[3 * s + 1] - this.qy;
		const dz = xyz[3 * s + 2] - this.qz;
		const d2 = dx * dx + dy * dy + dz * dz;
		if (d2 > this.bound2) return;
		this.contenders[this.contenderCount] = s;
		this.contenderChord2[this.contenderCount++] = d2;
		if (d2 < this.bestChord2) {
			this.bestChord2 = d2;
			const bound = Math.sqrt(d2) + CHORD_SLACK;
			this.bound2 = bound * bound;
		}
	}

	private search(left: number, right: number, axis: number): void {
		if (right - left <= NODE_SIZE) {
			for (let s = left; s <= right; s++) this.consider(s);
			return;
		}
		const m = (left + right) >> 1;
		this.consider(m);
		const gap = (axis === 0 ? this.qx : axis === 1 ? this.qy : this.qz) - this.xyz[3 * m + axis];
		const next = axis === 2 ? 0 : axis + 1;
		// Near side first, so the far side is usually pruned by a small best distance.
		if (gap <= 0) {
			this.search(left, m - 1, next);
			if (gap * gap <= this.bound2) this.search(m + 1, right, next);
		} else {
			this.search(m + 1, right, next);
			if (gap * gap <= this.bound2) this.search(left, m - 1, next);
		}
	}
}
