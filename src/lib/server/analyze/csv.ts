/**
 * Reads and checks the CSV inputs of `npm run analyze`: demand, supply, candidate and existing
 * sites, and travel-time matrices. Any problem stops the run with an InputError naming the file,
 * the row (the header is row 1, as in a spreadsheet) and the column.
 *
 * Accepted: columns in any order, extra columns (ignored), a UTF-8 byte-order mark, CRLF line
 * endings, blank lines (skipped, still counted in row numbers), whitespace around names and
 * values, upper or lower case names, and the aliases latitude; lng, long, longitude.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { DemandPoint, SupplyPoint, TravelTimeRow } from '../../analysis/types';

/** A problem with an input file; the message names file, row and column. */
export class InputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InputError';
	}
}

interface ColumnSpec {
	/** Documented name. */
	name: string;
	/** Other names accepted for it (lower case). */
	aliases?: string[];
	required: boolean;
}

interface Row {
	/** 1-based record number in the file; the header is row 1 when it is the first line. */
	row: number;
	fields: string[];
}

interface Table {
	file: string;
	/** Header names as written, trimmed. */
	header: string[];
	/** Documented column name -> position in the header. */
	columns: Map<string, number>;
	rows: Row[];
}

const COLUMNS = {
	id: { name: 'id', required: true },
	lat: { name: 'lat', aliases: ['latitude'], required: true },
	lon: { name: 'lon', aliases: ['lng', 'long', 'longitude'], required: true },
	population: { name: 'population', required: true },
	capacity: { name: 'capacity', required: false },
	origin: { name: 'origin', required: true },
	destination: { name: 'destination', required: true },
	minutes: { name: 'minutes', required: true }
} satisfies Record<string, ColumnSpec>;

function readText(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
		throw new InputError(`${file}: cannot read the file (${why})`);
	}
}

function isBlank(fields: string[]): boolean {
	return fields.every((f) => f.trim() === '');
}

/** Parses `file` and finds the wanted columns, or throws InputError. */
function readTable(file: string, specs: ColumnSpec[]): Table {
	const text = readText(file).replace(/^\uFEFF/, '');
	const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: ',' });
	const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
	if (quoteError) {
		throw new InputError(`${file}, row ${(quoteError.row ?? 0) + 1}: ${quoteError.message} (a field that starts with " must end with ")`);
	}
	const records = parsed.data.map((fields, index) => ({ row: index + 1, fields }));
	const first = records.findIndex((r) => !isBlank(r.fields));
	if (first < 0) throw new InputError(`${file}: the file is empty (expected a header row with ${specs.filter((s) => s.required).map((s) => s.name).join(', ')})`);
	const headerRow = records[first];
	const header = headerRow.fields.map((h) => h.trim());
	const columns = new Map<string, number>();
	for (const spec of specs) {
		const names = [spec.name, ...(spec.aliases ?? [])];
		const found = header.map((h, at) => ({ h, at })).filter(({ h }) => names.includes(h.toLowerCase()));
		if (found.length > 1) {
			throw new InputError(
				`${file}, row ${headerRow.row}: columns ${found.map((f) => `"${f.h}"`).join(' and ')} ${found.length === 2 ? 'both' : 'all'} give ${spec.name}; keep one`
			);
		}
		if (found.length === 1) columns.set(spec.name, found[0].at);
		else if (spec.required) {
			throw new InputError(
				`${file}, row ${headerRow.row}: missing column "${spec.name}" (the header has: ${header.filter((h) => h !== '').join(', ') || 'nothing'})`
			);
		}
	}
	const rows = records.slice(first + 1).filter((r) => !isBlank(r.fields));
	if (rows.length === 0) throw new InputError(`${file}: the file has a header row but no data rows`);
	for (const r of rows) {
		const extra = r.fields.slice(header.length);
		if (extra.some((f) => f.trim() !== '')) {
			throw new InputError(`${file}, row ${r.row}: ${r.fields.length} fields but the header has ${header.length} columns (an unquoted comma in a value?)`);
		}
	}
	return { file, header, columns, rows };
}

/** The trimmed cell of `column` (documented name) in `r`; "" when the row is short or the column absent. */
function cell(table: Table, r: Row, column: string): string {
	const at = table.columns.get(column);
	return at === undefined ? '' : (r.fields[at] ?? '').trim();
}

function where(table: Table, r: Row, column: string): string {
	const at = table.columns.get(column)!;
	return `${table.file}, row ${r.row}, column "${table.header[at]}"`;
}

/**
 * A plain decimal number (optional sign, digits, point, exponent) as a double; NaN for anything
 * else, so "0x1A", "Infinity", "1,000" and "" are refused where Number() would take some of them.
 */
export function parseDecimal(text: string): number {
	const t = text.trim();
	return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** Reads a number from a cell; `empty` is returned for an empty cell when given, else it is an error. */
function number(table: Table, r: Row, column: string, check: { min?: number; max?: number; what: string; empty?: number }): number {
	const text = cell(table, r, column);
	if (text === '') {
		if (check.empty !== undefined) return check.empty;
		throw new InputError(`${where(table, r, column)}: empty; expected ${check.what}`);
	}
	const value = parseDecimal(text);
	if (!Number.isFinite(value)) throw new InputError(`${where(table, r, column)}: "${text}" is not a number; expected ${check.what}`);
	if ((check.min !== undefined && value < check.min) || (check.max !== undefined && value > check.max)) {
		throw new InputError(`${where(table, r, column)}: ${text} is out of range; expected ${check.what}`);
	}
	return value;
}

function ids(table: Table, column = 'id'): string[] {
	const seen = new Map<string, number>();
	return table.rows.map((r) => {
		const id = cell(table, r, column);
		if (id === '') throw new InputError(`${where(table, r, column)}: empty; every row needs an id`);
		const before = seen.get(id);
		if (before !== undefined) throw new InputError(`${where(table, r, column)}: "${id}" is a duplicate of row ${before}; ids must be unique`);
		seen.set(id, r.row);
		return id;
	});
}

function position(table: Table, r: Row): { lat: number; lon: number } {
	return {
		lat: number(table, r, 'lat', { min: -90, max: 90, what: 'a latitude in degrees from -90 to 90' }),
		lon: number(table, r, 'lon', { min: -180, max: 180, what: 'a longitude in degrees from -180 to 180' })
	};
}

/** demand.csv: id, lat, lon, population (people, >= 0). */
export function readDemand(file: string): DemandPoint[] {
	const table = readTable(file, [COLUMNS.id, COLUMNS.lat, COLUMNS.lon, COLUMNS.population]);
	const idList = ids(table);
	return table.rows.map((r, k) => ({
		id: idList[k],
		...position(table, r),
		population: number(table, r, 'population', { min: 0, what: 'a population of 0 or more' })
	}));
}

/** supply.csv: id, lat, lon and an optional capacity (>= 0; an empty cell or no column means 1). */
export function readSupply(file: string): SupplyPoint[] {
	const table = readTable(file, [COLUMNS.id, COLUMNS.lat, COLUMNS.lon, COLUMNS.capacity]);
	const idList = ids(table);
	return table.rows.map((r, k) => ({
		id: idList[k],
		...position(table, r),
		capacity: number(table, r, 'capacity', { min: 0, what: 'a capacity of 0 or more (or empty for 1)', empty: 1 })
	}));
}

/** candidates.csv and existing.csv: id, lat, lon (other columns, capacity included, are ignored). */
export function readSites(file: string): SupplyPoint[] {
	const table = readTable(file, [COLUMNS.id, COLUMNS.lat, COLUMNS.lon]);
	const idList = ids(table);
	return table.rows.map((r, k) => ({ id: idList[k], ...position(table, r) }));
}

/** times.csv: origin, destination, minutes (>= 0); a pair may appear once. */
export function readTravelTimes(file: string): TravelTimeRow[] {
	const table = readTable(file, [COLUMNS.origin, COLUMNS.destination, COLUMNS.minutes]);
	const seen = new Map<string, number>();
	return table.rows.map((r) => {
		const origin = cell(table, r, 'origin');
		const destination = cell(table, r, 'destination');
		if (origin === '') throw new InputError(`${where(table, r, 'origin')}: empty; expected a demand id`);
		if (destination === '') throw new InputError(`${where(table, r, 'destination')}: empty; expected a supply or candidate id`);
		const key = JSON.stringify([origin, destination]);
		const before = seen.get(key);
		if (before !== undefined) {
			throw new InputError(`${where(table, r, 'destination')}: the pair ${origin} -> ${destination} is a duplicate of row ${before}`);
		}
		seen.set(key, r.row);
		return { origin, destination, minutes: number(table, r, 'minutes', { min: 0, what: 'travel minutes, 0 or more' }) };
	});
}
