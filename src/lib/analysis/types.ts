/**
 * Shared input shapes of the analysis methods (METHODS.md "Notation") and the checks every method
 * runs on them before any work, so a bad value is reported by name instead of turning into NaN.
 */

/** A demand point i: an area centroid with the population P_i of the chosen target group. */
export interface DemandPoint {
	id: string;
	/** Degrees, -90..90. */
	lat: number;
	/** Degrees, -180..180. */
	lon: number;
	/** People, finite and >= 0 (fractions allowed: modelled populations are not whole numbers). */
	population: number;
}

/** A supply point j (desk, partner site, clinic stop) or a candidate site. */
export interface SupplyPoint {
	id: string;
	lat: number;
	lon: number;
	/** S_j, finite and >= 0; 1 when absent (METHODS.md: default 1 when no capacity is known). */
	capacity?: number;
}

/** Anything with a position in degrees. */
export interface LatLon {
	lat: number;
	lon: number;
}

/**
 * Travel times in minutes: origin (demand) id -> destination (supply or candidate) id -> minutes.
 * A pair that is absent is unreachable. Build one with `travelMatrix` from CSV-like rows.
 */
export type TravelMatrix = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** One row of a travel-time CSV (origin,destination,minutes). */
export interface TravelTimeRow {
	origin: string;
	destination: string;
	minutes: number;
}

/**
 * Builds a TravelMatrix from rows. Throws on an empty id, on minutes that are not finite and
 * >= 0, and on a pair given twice (two different times for one trip would be ambiguous).
 */
export function travelMatrix(rows: Iterable<TravelTimeRow>): TravelMatrix {
	const matrix = new Map<string, Map<string, number>>();
	let n = 0;
	for (const { origin, destination, minutes } of rows) {
		if (typeof origin !== 'string' || origin === '') throw new Error(`travel matrix row ${n}: origin must be a non-empty id`);
		if (typeof destination !== 'string' || destination === '') {
			throw new Error(`travel matrix row ${n}: destination must be a non-empty id`);
		}
		if (!Number.isFinite(minutes) || minutes < 0) {
			throw new Error(`travel matrix row ${n}: minutes must be a finite number >= 0, got ${minutes}`);
		}
		let row = matrix.get(origin);
		if (!row) matrix.set(origin, (row = new Map()));
		if (row.has(destination)) throw new Error(`travel matrix row ${n}: the pair ${origin} -> ${destination} is given twice`);
		row.set(destination, minutes);
		n++;
	}
	return matrix;
}

function checkPosition(p: LatLon & { id: string }, index: number, name: string): void {
	if (typeof p.lat !== 'number' || !(p.lat >= -90 && p.lat <= 90)) {
		throw new Error(`${name}[${index}] (${p.id}): lat must be a number of degrees from -90 to 90, got ${p.lat}`);
	}
	if (typeof p.lon !== 'number' || !(p.lon >= -180 && p.lon <= 180)) {
		throw new Error(`${name}[${index}] (${p.id}): lon must be a number of degrees from -180 to 180, got ${p.lon}`);
	}
}

function checkIds(points: readonly { id: string }[], name: string): void {
	const seen = new Set<string>();
	for (let i = 0; i < points.length; i++) {
		const id = points[i].id;
		if (typeof id !== 'string' || id === '') throw new Error(`${name}[${i}]: id must be a non-empty string`);
		if (seen.has(id)) throw new Error(`${name}[${i}]: id "${id}" appears twice; ids must be unique`);
		seen.add(id);
	}
}

/** Throws naming `name` and the index of the first point with a bad id, position or population. */
export function checkDemand(demand: readonly DemandPoint[], name = 'demand'): void {
	if (!Array.isArray(demand)) throw new Error(`${name} must be an array of demand points`);
	checkIds(demand, name);
	for (let i = 0; i < demand.length; i++) {
		const p = demand[i];
		checkPosition(p, i, name);
		if (typeof p.population !== 'number' || !Number.isFinite(p.population) || p.population < 0) {
			throw new Error(`${name}[${i}] (${p.id}): population must be a finite number >= 0, got ${p.population}`);
		}
	}
}

/** Throws naming `name` and the index of the first point with a bad id, position or capacity. */
export function checkSupply(supply: readonly SupplyPoint[], name = 'supply'): void {
	if (!Array.isArray(supply)) throw new Error(`${name} must be an array of supply points`);
	checkIds(supply, name);
	for (let i = 0; i < supply.length; i++) {
		const p = supply[i];
		checkPosition(p, i, name);
		if (p.capacity !== undefined && (typeof p.capacity !== 'number' || !Number.isFinite(p.capacity) || p.capacity < 0)) {
			throw new Error(`${name}[${i}] (${p.id}): capacity must be a finite number >= 0 when given, got ${p.capacity}`);
		}
	}
}

/** S_j: the capacity, or 1 when it is not given. */
export function capacityOf(p: SupplyPoint): number {
	return p.capacity ?? 1;
}

/** Throws unless `value` is a finite number > 0 (or >= 0 with `allowZero`), naming `name`. */
export function checkDistance(value: unknown, name: string, allowZero = true): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
		throw new Error(`${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${String(value)}`);
	}
	return value;
}

/**
 * A distance limit in the unit the data gives: great-circle km, or minutes from a travel matrix.
 * Resolved from a method's options by `resolveLimit`.
 */
export type Limit = { unit: 'km'; value: number; matrix: null } | { unit: 'minutes'; value: number; matrix: TravelMatrix };

/**
 * Reads `<base>Km` or `<base>Minutes` from options: km without a matrix, minutes with one. Throws
 * naming the option when the unit does not match the presence of `matrix` or the value is bad.
 */
export function resolveLimit(options: object, base: string): Limit {
	if (!options || typeof options !== 'object') {
		throw new Error(`options must be an object giving ${base}Km (or ${base}Minutes with a matrix)`);
	}
	const o = options as Record<string, unknown>;
	const km = o[`${base}Km`];
	const minutes = o[`${base}Minutes`];
	const matrix = o.matrix;
	if (matrix !== undefined && matrix !== null) {
		if (!(matrix instanceof Map)) throw new Error('options.matrix must be a TravelMatrix (build it with travelMatrix(rows))');
		if (km !== undefined) throw new Error(`options.${base}Km cannot be used with options.matrix: the matrix is in minutes, give ${base}Minutes`);
		return { unit: 'minutes', value: checkDistance(minutes, `options.${base}Minutes`), matrix: matrix as TravelMatrix };
	}
	if (minutes !== undefined) throw new Error(`options.${base}Minutes needs options.matrix (travel times); without one give ${base}Km`);
	return { unit: 'km', value: checkDistance(km, `options.${base}Km`), matrix: null };
}
