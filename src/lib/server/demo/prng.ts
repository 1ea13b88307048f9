/**
 * Seeded randomness for the demo generator. Demo data must be reproducible (the same seed gives
 * the same dashboard, so a screenshot or a bug report can be replayed), so nothing here touches
 * Math.random. mulberry32 is a 32-bit generator with a full 2^32 period: plenty for a few hundred
 * thousand draws and small enough to read.
 */

/** A source of uniform floats in [0, 1). */
export type Rng = () => number;

/** mulberry32 (Tommy Ettinger's public-domain generator). Returns a function yielding floats in [0, 1). */
export function mulberry32(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Returns a 32-bit unsigned hash of a string: FNV-1a followed by murmur3's finaliser, because
 * FNV alone maps near-identical labels ('year:2021', 'year:2022') to near-identical seeds.
 */
export function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/**
 * Returns an independent generator for one named purpose under a seed. Separate streams keep
 * parts of the output stable when another part changes: adding a month of records does not
 * reshuffle the partners, and a year's total does not depend on how many years are generated.
 */
export function streamFor(seed: number, label: string): Rng {
	return mulberry32(hashString(`${seed}|${label}`));
}

/** Returns a float drawn uniformly from [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
	return lo + (hi - lo) * rng();
}

/** Returns an integer drawn uniformly from lo..hi inclusive. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
	return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Returns a standard normal draw (Box-Muller; one of the pair is discarded for simplicity). */
export function normal(rng: Rng): number {
	const u = 1 - rng(); // (0, 1], so the log is finite
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Returns a shuffled copy of `items` (Fisher-Yates). */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		const t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	return out;
}

/**
 * Returns a sampler that draws index i with probability weights[i] / sum(weights), by binary
 * search over the running sum (partners are drawn from thousands of places).
 */
export function weightedSampler(weights: readonly number[]): (rng: Rng) => number {
	const cumulative = new Float64Array(weights.length);
	let sum = 0;
	for (let i = 0; i < weights.length; i++) {
		const w = weights[i];
		if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`weightedSampler: weight ${i} must be finite and >= 0 (got ${w})`);
		sum += w;
		cumulative[i] = sum;
	}
	if (!(sum > 0)) throw new Error('weightedSampler: weights must have a positive sum');
	return (rng) => {
		const x = rng() * sum;
		let lo = 0;
		let hi = cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (cumulative[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	};
}
