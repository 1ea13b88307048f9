/**
 * Reads the reference CSVs copied from shared/data into src/lib/server/reference (provenance in
 * PROVENANCE.md there): the 53 consular offices and the state population figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { findState } from '../../geo/states';

/** Resolved from the project root (the working directory of every script and of the server). */
export const REFERENCE_DIR = join(process.cwd(), 'src/lib/server/reference');

export interface ConsulateRef {
	id: string;
	name: string;
	city: string;
	state: string;
	address: string | null;
	lat: number;
	lon: number;
	coordPrecision: string;
	border: boolean;
	jurisdictionStates: string[];
	jurisdictionNote: string;
	sources: string;
	confidence: string;
	openedOn: string | null;
}

export interface StatePopulationRef {
	state: string;
	stateFips: string;
	totalPop: number;
	/** Null where the source has no figure (DC and PR). */
	mexicoBorn: number | null;
	mexicanOrigin: number | null;
	/** Percent, ACS 2022 1-year. */
	uninsuredRateAll: number | null;
	/** Percent, ACS 2018 1-year (Hispanic or Latino, any race). */
	uninsuredRateHispanic: number | null;
	vintage: string;
	sources: string;
}

/** Offices whose opening falls inside the program-data period, so no records precede it. */
const OPENINGS: Record<string, string> = {
	'oklahoma-city': '2023-05-01',
	'new-brunswick': '2023-06-01'
};

function parseCsv(text: string, file: string): Record<string, string>[] {
	const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: 'greedy'
	});
	if (parsed.errors.length > 0) {
		const e = parsed.errors[0];
		const row = (e.row ?? 0) + 2;
		const header = parsed.meta.fields ?? [];
		if (e.code === 'TooFewFields') {
			// Name the first column the short row leaves out, as every other error here does.
			const missing = header.find((c) => !(c in (parsed.data[e.row ?? 0] ?? {})));
			throw new Error(`${file}: row ${row}: column "${missing}" is missing (${e.message})`);
		}
		if (e.code === 'TooManyFields') {
			throw new Error(`${file}: row ${row}: a value past the last column "${header[header.length - 1]}" (${e.message})`);
		}
		throw new Error(`${file}: row ${row}: ${e.message}`);
	}
	return parsed.data;
}

function need(row: Record<string, string>, column: string, file: string, line: number): string {
	const v = row[column]?.trim();
	if (!v) throw new Error(`${file}: row ${line}: column "${column}" is empty`);
	return v;
}

/** The canonical postal abbreviation of a served state or territory; throws naming the cell. */
function stateAbbr(text: string, at: string): string {
	const state = findState(text);
	if (!state) throw new Error(`${at}: unknown state "${text}"`);
	return state.abbr;
}

function numberIn(text: string, min: number, max: number, what: string): number {
	const n = Number(text);
	if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${what} must be a number from ${min} to ${max}, got "${text}"`);
	return n;
}

/** Parses consulates.csv text; throws naming the row and column of the first bad value. */
export function parseConsulates(text: string, file = 'consulates.csv'): ConsulateRef[] {
	const rows = parseCsv(text, file);
	const seen = new Set<string>();
	return rows.map((row, i) => {
		const line = i + 2;
		const at = (c: string) => `${file}: row ${line}: column "${c}"`;
		const id = need(row, 'id', file, line);
		if (seen.has(id)) throw new Error(`${at('id')}: duplicate id "${id}"`);
		seen.add(id);
		// Stored as canonical abbreviations: offices are matched to counties by exact 'TX' equality.
		const states = need(row, 'jurisdiction_states', file, line)
			.split(';')
			.map((s) => stateAbbr(s.trim(), at('jurisdiction_states')));
		const border = need(row, 'border', file, line);
		if (border !== 'true' && border !== 'false') throw new Error(`${at('border')}: expected true or false, got "${border}"`);
		const city = need(row, 'city', file, line);
		return {
			id,
			name: id === 'washington-dc' ? 'Consular Section of the Embassy, Washington' : `Consulate of Mexico in ${city}`,
			city,
			state: stateAbbr(need(row, 'state', file, line), at('state')),
			address: row.address?.trim() || null,
			lat: numberIn(need(row, 'lat', file, line), -90, 90, at('lat')),
			lon: numberIn(need(row, 'lon', file, line), -180, 180, at('lon')),
			coordPrecision: need(row, 'coord_precision', file, line),
			border: border === 'true',
			jurisdictionStates: states,
			jurisdictionNote: row.jurisdiction_counties_note?.trim() ?? '',
			sources: row.sources?.trim() ?? '',
			confidence: row.confidence?.trim() ?? '',
			openedOn: OPENINGS[id] ?? null
		};
	});
}

/** Parses state_population.csv text; blank cells become null, never zero. */
export function parseStatePopulation(text: string, file = 'state_population.csv'): StatePopulationRef[] {
	const seen = new Set<string>();
	return parseCsv(text, file).map((row, i) => {
		const line = i + 2;
		const at = (c: string) => `${file}: row ${line}: column "${c}"`;
		const optional = (c: string) => {
			const v = row[c]?.trim();
			return v ? numberIn(v, 0, 1e9, at(c)) : null;
		};
		// The model looks shares up by exact abbreviation, so 'tx' or a second 'TX' would silently
		// leave a state without estimates or with the wrong ones.
		const state = stateAbbr(need(row, 'state', file, line), at('state'));
		if (seen.has(state)) throw new Error(`${at('state')}: duplicate state "${state}"`);
		seen.add(state);
		const stateFips = need(row, 'state_fips', file, line).padStart(2, '0');
		if (findState(state)!.fips !== stateFips) {
			throw new Error(`${at('state_fips')}: ${state} is "${findState(state)!.fips}", got "${stateFips}"`);
		}
		return {
			state,
			stateFips,
			totalPop: numberIn(need(row, 'total_pop', file, line), 1, 1e9, at('total_pop')),
			mexicoBorn: optional('mexico_born'),
			mexicanOrigin: optional('mexican_origin'),
			uninsuredRateAll: optional('uninsured_rate_all'),
			uninsuredRateHispanic: optional('uninsured_rate_hispanic'),
			vintage: row.vintage?.trim() ?? '',
			sources: row.sources?.trim() ?? ''
		};
	});
}

export function readReference(name: 'consulates.csv' | 'state_population.csv'): string {
	return readFileSync(join(REFERENCE_DIR, name), 'utf8');
}
