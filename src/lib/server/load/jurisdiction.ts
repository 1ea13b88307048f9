/**
 * Assigns every county to exactly one office, with the date from which each assignment holds.
 * Pure: offices, counties and rules in, assignment rows out.
 *
 * Today's office of a county is, in order: the only office serving its state (whole_state); the
 * office whose county list names it (listed); else the nearest office serving the state by
 * great-circle distance from the county centroid, leaving out offices whose list for the state is
 * complete (nearest, approximate). Dated changes then add the pre-change office from BASELINE_DATE.
 */
import { haversineKm } from '../../analysis/distance';
import {
	BASELINE_DATE,
	COUNTY_LISTS,
	DATED_CHANGES,
	type CountyList,
	type DatedChange
} from '../reference/jurisdiction-rules';

export interface OfficePoint {
	id: string;
	lat: number;
	lon: number;
	/** Postal abbreviations of the states the office serves today. */
	states: string[];
}

export interface CountyPoint {
	fips: string;
	name: string;
	state: string;
	lat: number;
	lon: number;
}

export type AssignmentBasis = 'whole_state' | 'listed' | 'nearest' | 'longitude_rank' | 'admin';

export interface Assignment {
	countyFips: string;
	validFrom: string;
	consulateId: string;
	basis: AssignmentBasis;
	approximate: boolean;
	note: string;
}

export interface JurisdictionRules {
	lists: CountyList[];
	changes: DatedChange[];
	baselineDate: string;
}

export const DEFAULT_RULES: JurisdictionRules = {
	lists: COUNTY_LISTS,
	changes: DATED_CHANGES,
	baselineDate: BASELINE_DATE
};

/** Lower case, no accents, letters and digits only: "St. Joseph" -> "stjoseph". */
export function normalizeName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

function countiesNamed(counties: CountyPoint[], state: string, names: string[], what: string): Set<string> {
	const inState = counties.filter((c) => c.state === state);
	const byName = new Map(inState.map((c) => [normalizeName(c.name), c.fips]));
	const found = new Set<string>();
	for (const name of names) {
		const fips = byName.get(normalizeName(name));
		if (!fips) throw new Error(`${what}: no county named "${name}" in ${state}`);
		found.add(fips);
	}
	return found;
}

/**
 * Returns the assignment rows for every county: one row from the baseline date, plus one row per
 * dated change that touches it. Throws when a county's state has no office, when a rule names an
 * unknown office or county, or when a dated change's new office is not the county's office today.
 */
export function assignCounties(
	offices: OfficePoint[],
	counties: CountyPoint[],
	rules: JurisdictionRules = DEFAULT_RULES
): Assignment[] {
	const officeIds = new Set(offices.map((o) => o.id));
	for (const rule of [...rules.lists.map((l) => l.office), ...rules.changes.flatMap((c) => [c.from, c.to])]) {
		if (!officeIds.has(rule)) throw new Error(`jurisdiction rules name an unknown office "${rule}"`);
	}

	const listed = new Map<string, CountyList>();
	for (const list of rules.lists) {
		if (!offices.some((o) => o.id === list.office && o.states.includes(list.state))) {
			throw new Error(`county list of ${list.office} is for ${list.state}, a state ${list.office} does not serve`);
		}
		for (const fips of countiesNamed(counties, list.state, list.counties, `county list of ${list.office}`)) {
			const other = listed.get(fips);
			if (other) throw new Error(`county ${fips} is listed for both ${other.office} and ${list.office}`);
			listed.set(fips, list);
		}
	}
	const completeIn = new Set(rules.lists.filter((l) => l.complete).map((l) => `${l.office}|${l.state}`));

	const current = new Map<string, Assignment>();
	for (const county of counties) {
		const serving = offices.filter((o) => o.states.includes(county.state));
		if (serving.length === 0) throw new Error(`no office serves ${county.state} (county ${county.fips} ${county.name})`);
		const list = listed.get(county.fips);
		let row: Omit<Assignment, 'countyFips' | 'validFrom'>;
		if (serving.length === 1) {
			row = { consulateId: serving[0].id, basis: 'whole_state', approximate: false, note: `only office serving ${county.state}` };
		} else if (list) {
			row = { consulateId: list.office, basis: 'listed', approximate: list.inferred, note: list.note };
		} else {
			const candidates = serving.filter((o) => !completeIn.has(`${o.id}|${county.state}`));
			if (candidates.length === 0) throw new Error(`every office serving ${county.state} has a complete list, yet ${county.name} is on none`);
			let best = candidates[0];
			let bestKm = Infinity;
			for (const o of candidates) {
				const km = haversineKm(county.lat, county.lon, o.lat, o.lon);
				if (km < bestKm || (km === bestKm && o.id < best.id)) [best, bestKm] = [o, km];
			}
			row = {
				consulateId: best.id,
				basis: 'nearest',
				approximate: true,
				note: `nearest of ${candidates.map((o) => o.id).join(', ')} (${bestKm.toFixed(0)} km); county line not stated by a source`
			};
		}
		current.set(county.fips, { countyFips: county.fips, validFrom: rules.baselineDate, ...row });
	}

	const rows: Assignment[] = [];
	const changed = new Set<string>();
	// Undo the changes newest first, so a county that moved twice (A -> B, later B -> C) is walked
	// back from today's office one step at a time; the sort is stable, so same-day changes keep
	// their order (the first one that names a county takes it).
	const newestFirst = [...rules.changes].sort((a, b) => b.date.localeCompare(a.date));
	for (const change of newestFirst) {
		const inState = counties.filter((c) => c.state === change.state);
		let targets: string[];
		if (change.counties === 'all') targets = inState.map((c) => c.fips);
		else if (Array.isArray(change.counties)) targets = [...countiesNamed(counties, change.state, change.counties, `change of ${change.date}`)];
		else targets = [...inState].sort((a, b) => a.lon - b.lon).slice(0, change.counties.westernmost).map((c) => c.fips);
		for (const fips of targets) {
			const key = `${fips}|${change.date}`;
			if (changed.has(key)) continue; // an earlier change of the same day took this county
			changed.add(key);
			const now = current.get(fips)!;
			if (now.consulateId !== change.to) {
				throw new Error(`change of ${change.date} moves county ${fips} to ${change.to}, but from then on it is ${now.consulateId}'s`);
			}
			rows.push({ ...now, validFrom: change.date, note: `${change.note}; ${now.note}` });
			const basis: AssignmentBasis = Array.isArray(change.counties) || change.counties === 'all' ? 'listed' : 'longitude_rank';
			now.consulateId = change.from;
			now.basis = basis;
			now.approximate = change.approximate;
			now.note = `before ${change.date}: ${change.note}`;
		}
	}
	return [...current.values(), ...rows].sort((a, b) => a.countyFips.localeCompare(b.countyFips) || a.validFrom.localeCompare(b.validFrom));
}

/** The office of each county on `day` ('YYYY-MM-DD'): the row with the latest validFrom <= day. */
export function assignmentsOn(rows: Assignment[], day: string): Map<string, string> {
	const out = new Map<string, { validFrom: string; consulateId: string }>();
	for (const r of rows) {
		if (r.validFrom > day) continue;
		const prev = out.get(r.countyFips);
		if (!prev || r.validFrom > prev.validFrom) out.set(r.countyFips, r);
	}
	return new Map([...out].map(([fips, r]) => [fips, r.consulateId]));
}
