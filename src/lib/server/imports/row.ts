/** Reading one row's cells through the normalisers, collecting every problem rather than the first. */
import type { Normalised } from './normalise';
import type { CellError, Parsed } from './types';

export class RowReader {
	readonly errors: CellError[] = [];
	constructor(
		readonly get: (key: string) => string,
		readonly has: (key: string) => boolean
	) {}

	/** The column's value; a blank or bad cell is recorded as an error and gives undefined. */
	required<T>(key: string, normalise: (raw: string) => Normalised<T>): T | undefined {
		const raw = this.get(key);
		if (raw.trim() === '') {
			this.errors.push({ column: key, value: raw, key: 'expected.required' });
			return undefined;
		}
		return this.optional(key, normalise) ?? undefined;
	}

	/** The column's value, null when blank or absent; a bad cell is recorded as an error. */
	optional<T>(key: string, normalise: (raw: string) => Normalised<T>): T | null {
		const raw = this.get(key);
		if (raw.trim() === '') return null;
		const v = normalise(raw);
		if (v.ok) return v.value;
		this.errors.push({ column: key, value: raw, key: v.key, vars: v.vars });
		return null;
	}

	error(column: string, key: CellError['key'], vars?: CellError['vars']): void {
		this.errors.push({ column, value: this.get(column), key, vars });
	}

	/** The row's value when no cell failed. */
	result<R>(build: () => R): Parsed<R> {
		return this.errors.length > 0 ? { ok: false, errors: this.errors } : { ok: true, value: build() };
	}
}
