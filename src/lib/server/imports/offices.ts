/** Offices as a file may name them: id (san-diego), city (San Diego) or full name, either language. */
import { consulates } from '../db/schema';
import { foldKey } from './normalise';
import type { CellError, Conn, RunScope } from './types';

export interface Offices {
	/** Office id from what a cell says, or null. */
	resolve(raw: string): string | null;
	ids: Set<string>;
}

/** Loads the offices once per run. */
export async function loadOffices(db: Conn): Promise<Offices> {
	const rows = await db.select({ id: consulates.id, name: consulates.name, city: consulates.city, state: consulates.state }).from(consulates);
	const table = new Map<string, string>();
	for (const o of rows) {
		for (const name of [o.id, o.name, o.city, `${o.city} ${o.state}`, `Consulado de México en ${o.city}`, `Consulado General de México en ${o.city}`]) {
			table.set(foldKey(name), o.id);
		}
	}
	return { resolve: (raw) => table.get(foldKey(raw)) ?? null, ids: new Set(rows.map((r) => r.id)) };
}

/**
 * The office of a cell, checked against the run's scope: an error for an unknown office or one
 * outside the scope, else the office id. Blank gives null (the caller decides if that is allowed).
 */
export function officeCell(raw: string, offices: Offices, scope: RunScope, column = 'office'): { id: string | null; error?: CellError } {
	if (raw.trim() === '') return { id: null };
	const id = offices.resolve(raw);
	if (!id) return { id: null, error: { column, value: raw, key: 'expected.office' } };
	const scoped = scopeError(id, scope, column, raw);
	return scoped ? { id: null, error: scoped } : { id };
}

/** The error for a row of office `id` when the run is limited to another office, else null. */
export function scopeError(id: string, scope: RunScope, column: string, value: string): CellError | null {
	if (scope.consulateId && id !== scope.consulateId) return { column, value, key: 'expected.scope', vars: { office: scope.consulateId } };
	return null;
}
