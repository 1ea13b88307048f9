/**
 * Pure handling of Census API data answers: a JSON array whose first row is the header, values as
 * strings, "not available" spelled as null or a large negative code. Also splits a variable list
 * into calls under the API's per-call limit and merges the answers back by geography.
 */
import { chunks } from '../load/batch';
import { areaCode, geoColumns, type AcsGeo } from './geography';

/**
 * The annotation codes the ACS puts in place of an estimate or margin of error (Census, "Notes on
 * ACS estimate and annotation values"): -999999999 "N" (too few sample cases to show), -888888888
 * "(X)" (not applicable), -666666666 "-" (estimate not computable), -555555555 "*****" (estimate
 * controlled, so no sampling error), -333333333 "***" (median in an open-ended interval),
 * -222222222 "**" (MOE not computable). All of them, and any value at or below
 * NOT_AVAILABLE_AT_OR_BELOW, load as "not available" (null), never as numbers; -555555555 could be
 * read as an MOE of zero, but a null keeps "not published" apart from "no error".
 */
export const ANNOTATION_CODES = [-999999999, -888888888, -666666666, -555555555, -333333333, -222222222] as const;
export const NOT_AVAILABLE_AT_OR_BELOW = -100000000;

/** The API refuses a call that names more than this many variables (NAME included). */
export const CENSUS_VARIABLE_LIMIT = 50;

/**
 * A value from a response cell: the number, or null when the ACS says "not available" (null, an
 * empty string or an annotation code). Throws for anything else that is not a count, naming `where`.
 */
export function parseAcsValue(raw: unknown, where = 'value'): number | null {
	if (raw === null || raw === undefined) return null;
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw new Error(`${where}: expected a number as a string, got ${JSON.stringify(raw)}`);
	}
	if (typeof raw === 'string' && raw.trim() === '') return null;
	const n = Number(raw);
	if (!Number.isFinite(n)) throw new Error(`${where}: not a number: ${JSON.stringify(raw)}`);
	if (n <= NOT_AVAILABLE_AT_OR_BELOW) return null;
	if (n < 0) throw new Error(`${where}: negative value ${JSON.stringify(raw)} is neither a count nor an ACS annotation code`);
	return n;
}

export type Cell = string | number | null;

export interface AcsTable {
	header: string[];
	rows: Cell[][];
}

/**
 * Checks that `json` has the shape of a data answer (header row of strings, then rows of the same
 * length holding strings, numbers or null) and returns it. `where` names the call or file in errors.
 */
export function parseAcsTable(json: unknown, where: string): AcsTable {
	if (!Array.isArray(json) || json.length === 0) {
		throw new Error(`${where}: expected a JSON array whose first row is the header, got ${describe(json)}`);
	}
	const [header, ...rows] = json as unknown[];
	if (!Array.isArray(header) || header.length === 0 || !header.every((h) => typeof h === 'string')) {
		throw new Error(`${where}: the first row is not a header of column names`);
	}
	if (new Set(header).size !== header.length) throw new Error(`${where}: the header repeats a column`);
	rows.forEach((row, i) => {
		if (!Array.isArray(row) || row.length !== header.length) {
			throw new Error(`${where}: row ${i + 1} does not have the header's ${header.length} columns`);
		}
		for (const cell of row) {
			if (cell !== null && typeof cell !== 'string' && typeof cell !== 'number') {
				throw new Error(`${where}: row ${i + 1} holds ${JSON.stringify(cell)}, not a string or null`);
			}
		}
	});
	return { header: header as string[], rows: rows as Cell[][] };
}

function describe(json: unknown): string {
	if (Array.isArray(json)) return 'an empty array';
	if (json === null) return 'null';
	return typeof json === 'object' ? 'an object' : `a ${typeof json}`;
}

/** Throws unless `limit` is a whole number from 2 (NAME plus one variable) to the API's 50. */
export function assertVariableLimit(limit: number): void {
	if (!Number.isInteger(limit) || limit < 2 || limit > CENSUS_VARIABLE_LIMIT) {
		throw new Error(`the variable limit must be a whole number from 2 to ${CENSUS_VARIABLE_LIMIT} (NAME included), got ${limit}`);
	}
}

/**
 * Splits variables into the `get=` lists of successive calls: each starts with NAME and names at
 * most `limit` variables in all (NAME included; geography columns do not count). Returns the lists.
 */
export function variableCalls(variables: string[], limit = CENSUS_VARIABLE_LIMIT): string[][] {
	assertVariableLimit(limit);
	const rest = variables.filter((v) => v !== 'NAME');
	return chunks(rest, limit - 1).map((part) => ['NAME', ...part]);
}

/** One area, its cells from every call merged. */
export interface AcsRow {
	/** The area code (see areaCode). */
	code: string;
	/** The geography columns' values, e.g. { state: '06', county: '025' }. */
	geo: Record<string, string>;
	/** Every other column, by name (NAME, B01003_001E, ...). */
	cells: Record<string, Cell>;
}

/**
 * Merges the answers of several calls for the same geography into one row per area, matching rows
 * by their geography columns (never by position). Returns the rows in the first table's order.
 * Throws when a table lacks a geography column of `geo`, when the tables do not list the same
 * areas, or when two tables disagree about a cell.
 */
export function mergeAcsTables(tables: { table: AcsTable; where: string }[], geo: AcsGeo): AcsRow[] {
	const keyColumns = geoColumns(geo);
	const merged = new Map<string, AcsRow>();
	const seenBy: Set<string>[] = [];
	for (const { table, where } of tables) {
		const keyIndex = keyColumns.map((column) => {
			const i = table.header.indexOf(column);
			if (i < 0) {
				throw new Error(`${where}: no "${column}" column, so this is not a ${geo} answer (header: ${table.header.join(', ')})`);
			}
			return i;
		});
		const seen = new Set<string>();
		for (const row of table.rows) {
			const keyValues = keyIndex.map((i) => String(row[i] ?? ''));
			const code = areaCode(geo, keyValues);
			if (seen.has(code)) throw new Error(`${where}: ${geo} ${code} appears twice`);
			seen.add(code);
			let area = merged.get(code);
			if (!area) {
				area = { code, geo: Object.fromEntries(keyColumns.map((c, k) => [c, keyValues[k]])), cells: {} };
				merged.set(code, area);
			}
			table.header.forEach((column, i) => {
				if (keyColumns.includes(column)) return;
				const value = row[i];
				if (column in area.cells && area.cells[column] !== value) {
					throw new Error(
						`${where}: ${column} for ${geo} ${code} is ${JSON.stringify(value)} but an earlier answer said ${JSON.stringify(area.cells[column])}`
					);
				}
				area.cells[column] = value;
			});
		}
		seenBy.push(seen);
	}
	tables.forEach(({ where }, t) => {
		for (const code of merged.keys()) {
			if (!seenBy[t].has(code)) throw new Error(`${where}: no row for ${geo} ${code}, which another answer lists`);
		}
	});
	return [...merged.values()];
}

/** The column names present across tables (for checking that every needed variable came back). */
export function columnsOf(tables: AcsTable[]): Set<string> {
	return new Set(tables.flatMap((t) => t.header));
}
