/**
 * Largest-remainder (Hamilton) apportionment: how the demo generator turns "this office serves
 * 3,127 people this month" into integer counts per partner and service type that add up to
 * exactly 3,127. Rounding each share on its own would drift by a few people per split, and the
 * calibration figures (San Diego's 30,000 women in 2024) must hold exactly.
 */

/**
 * Splits the non-negative integer `total` into non-negative integers proportional to `weights`,
 * never giving item i more than `caps[i]` when caps are given. Returns one integer per weight,
 * summing exactly to `total`.
 *
 * Method: items whose proportional quota reaches their cap are fixed at the cap and the rest is
 * shared again among the others (water-filling), then each item gets the floor of its quota and
 * the leftover units go one each to the largest fractional parts, ties to the lower index, so
 * the result is deterministic. If every remaining item has weight 0 the leftover is shared by
 * spare capacity (or equally without caps) rather than lost.
 *
 * Throws when total is not a non-negative integer, a weight is negative or not finite, a cap is
 * not a non-negative integer, or the caps cannot hold the total.
 */
export function apportion(total: number, weights: readonly number[], caps?: readonly number[]): number[] {
	const n = weights.length;
	if (!Number.isInteger(total) || total < 0) {
		throw new Error(`apportion: total must be a non-negative integer (got ${total})`);
	}
	if (caps && caps.length !== n) {
		throw new Error(`apportion: caps has ${caps.length} entries for ${n} weights`);
	}
	let capSum = 0;
	for (let i = 0; i < n; i++) {
		const w = weights[i];
		if (!Number.isFinite(w) || w < 0) throw new Error(`apportion: weights[${i}] must be finite and >= 0 (got ${w})`);
		if (caps) {
			const c = caps[i];
			if (!Number.isInteger(c) || c < 0) throw new Error(`apportion: caps[${i}] must be a non-negative integer (got ${c})`);
			capSum += c;
		}
	}
	const out = new Array<number>(n).fill(0);
	if (total === 0) return out;
	if (n === 0) throw new Error(`apportion: no items to share a total of ${total} among`);
	if (caps && capSum < total) throw new Error(`apportion: caps sum to ${capSum}, less than the total ${total}`);

	const cap = (i: number) => (caps ? caps[i] : Infinity);
	// Items still sharing; those fixed at their cap drop out.
	const active = new Uint8Array(n).fill(1);
	let remaining = total;
	let weightSum = 0;
	for (let i = 0; i < n; i++) weightSum += weights[i];

	if (caps) {
		for (;;) {
			if (weightSum <= 0) break;
			let fixedAny = false;
			let freed = 0;
			for (let i = 0; i < n; i++) {
				if (!active[i]) continue;
				if ((remaining * weights[i]) / weightSum >= caps[i]) {
					active[i] = 0;
					out[i] = caps[i];
					freed += caps[i];
					fixedAny = true;
				}
			}
			if (!fixedAny) break;
			remaining -= freed;
			if (remaining === 0) return out;
			// Summed afresh rather than decremented, so float drift cannot leave a phantom weight.
			weightSum = 0;
			for (let i = 0; i < n; i++) if (active[i]) weightSum += weights[i];
		}
	}

	if (!(weightSum > 0)) {
		// Only zero-weight items can still take units: share by spare capacity (or equally).
		const idx: number[] = [];
		const fallback: number[] = [];
		const fallbackCaps: number[] = [];
		for (let i = 0; i < n; i++) {
			if (!active[i]) continue;
			idx.push(i);
			fallback.push(caps ? caps[i] : 1);
			if (caps) fallbackCaps.push(caps[i]);
		}
		const shares = apportion(remaining, fallback, caps ? fallbackCaps : undefined);
		for (let k = 0; k < idx.length; k++) out[idx[k]] += shares[k];
		return out;
	}

	const remainders: number[] = [];
	const order: number[] = [];
	let given = 0;
	for (let i = 0; i < n; i++) {
		if (!active[i]) continue;
		const quota = (remaining * weights[i]) / weightSum;
		const floor = Math.min(Math.floor(quota), cap(i));
		out[i] = floor;
		given += floor;
		remainders[i] = quota - floor;
		order.push(i);
	}
	order.sort((a, b) => remainders[b] - remainders[a] || a - b);
	let left = remaining - given;
	// Float error can leave a quota a hair above a cap; such items are skipped, and a second
	// pass over items with spare room places whatever is left.
	while (left > 0) {
		let placed = 0;
		for (const i of order) {
			if (left === 0) break;
			if (out[i] < cap(i)) {
				out[i] += 1;
				left -= 1;
				placed += 1;
			}
		}
		if (placed === 0) throw new Error('apportion: no capacity left (internal error)');
	}
	return out;
}
