import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/lib/analysis/distance';
import { readUsAtlas } from '../../src/lib/server/load/geography';
import {
	assignCounties,
	assignmentsOn,
	DEFAULT_RULES,
	normalizeName,
	type Assignment,
	type CountyPoint,
	type JurisdictionRules,
	type OfficePoint
} from '../../src/lib/server/load/jurisdiction';
import { parseConsulates, readReference } from '../../src/lib/server/load/reference';
import type { CountyList, DatedChange } from '../../src/lib/server/reference/jurisdiction-rules';

const BASELINE = '2000-01-01';

function rules(lists: CountyList[] = [], changes: DatedChange[] = []): JurisdictionRules {
	return { lists, changes, baselineDate: BASELINE };
}

function list(office: string, state: string, counties: string[], complete = false): CountyList {
	return { office, state, counties, complete, inferred: false, note: `${office} list` };
}

function change(date: string, state: string, counties: DatedChange['counties'], from: string, to: string): DatedChange {
	return { date, state, counties, from, to, approximate: true, note: `${from} -> ${to}` };
}

function county(fips: string, name: string, state: string, lat: number, lon: number): CountyPoint {
	return { fips, name, state, lat, lon };
}

/** Rows of one county, oldest first. */
function rowsOf(rows: Assignment[], fips: string): Assignment[] {
	return rows.filter((r) => r.countyFips === fips);
}

/** Today's office of every county (the latest row). */
function today(rows: Assignment[]): Map<string, string> {
	return assignmentsOn(rows, '9999-12-31');
}

// A small world on the equator: 'AA' has one office; 'BB' has three, of which 'east' has a complete
// list; 'CC' has one office that took the state from 'north' in 2022.
const OFFICES: OfficePoint[] = [
	{ id: 'north', lat: 10, lon: 0, states: ['AA', 'BB'] },
	{ id: 'south', lat: -10, lon: 0, states: ['BB'] },
	{ id: 'east', lat: 0, lon: 10, states: ['BB'] },
	{ id: 'solo', lat: 0, lon: 100, states: ['CC'] }
];

describe('assignCounties: today', () => {
	it('gives every county of a state with one office to that office, as whole_state and exact', () => {
		const rows = assignCounties(OFFICES, [county('01001', 'Far Away', 'AA', -50, 120)], rules());
		expect(rows).toEqual([
			{
				countyFips: '01001',
				validFrom: BASELINE,
				consulateId: 'north',
				basis: 'whole_state',
				approximate: false,
				note: 'only office serving AA'
			}
		]);
	});

	it('gives a listed county to the listing office even when another office is nearer', () => {
		// 'Hill' lies 1 degree from north and 19 degrees from south, but south lists it.
		const rows = assignCounties(OFFICES, [county('02001', 'Hill', 'BB', 9, 0)], rules([list('south', 'BB', ['hill'])]));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ consulateId: 'south', basis: 'listed', approximate: false, note: 'south list' });
	});

	it('marks a listed county approximate when the list is inferred', () => {
		const inferred = { ...list('south', 'BB', ['Hill']), inferred: true };
		const rows = assignCounties(OFFICES, [county('02001', 'Hill', 'BB', 9, 0)], rules([inferred]));
		expect(rows[0]).toMatchObject({ consulateId: 'south', basis: 'listed', approximate: true });
	});

	it('gives an unlisted county to the nearest office serving its state, marked approximate', () => {
		const counties = [county('02002', 'Upper', 'BB', 8, 1), county('02003', 'Lower', 'BB', -7, 0), county('02004', 'Right', 'BB', 1, 8)];
		const rows = assignCounties(OFFICES, counties, rules());
		expect(today(rows)).toEqual(new Map([['02002', 'north'], ['02003', 'south'], ['02004', 'east']]));
		const upper = rows.find((r) => r.countyFips === '02002')!;
		expect(upper).toMatchObject({ basis: 'nearest', approximate: true });
		// 'Upper' (8, 1) to 'north' (10, 0): 2 degrees of latitude and 1 of longitude near 9 degrees
		// north, about sqrt(2^2 + cos(9 deg)^2) = 2.231 degrees of arc = 248 km.
		expect(upper.note).toBe(`nearest of north, south, east (${haversineKm(8, 1, 10, 0).toFixed(0)} km); county line not stated by a source`);
		expect(upper.note).toContain('(248 km)');
	});

	it('leaves an office with a complete list for the state out of the nearest search', () => {
		// 'Right' (1, 8) is nearest to east, but east's BB list is complete and does not name it; of
		// north (10, 0) and south (-10, 0), north is nearer.
		const counties = [county('02004', 'Right', 'BB', 1, 8), county('02005', 'Edge', 'BB', 0, 11)];
		const rows = assignCounties(OFFICES, counties, rules([list('east', 'BB', ['Edge'], true)]));
		expect(today(rows)).toEqual(new Map([['02004', 'north'], ['02005', 'east']]));
		expect(rows.find((r) => r.countyFips === '02004')!.note).toMatch(/^nearest of north, south \(/);
	});

	it('breaks an exact distance tie by the smaller office id, whatever the order of the offices', () => {
		// (0, 8) is the same distance from north (10, 0) and south (-10, 0); east is excluded.
		expect(haversineKm(0, 8, 10, 0)).toBe(haversineKm(0, 8, -10, 0));
		const counties = [county('02006', 'Middle', 'BB', 0, 8), county('02005', 'Edge', 'BB', 0, 11)];
		const r = rules([list('east', 'BB', ['Edge'], true)]);
		expect(today(assignCounties(OFFICES, counties, r)).get('02006')).toBe('north');
		expect(today(assignCounties([...OFFICES].reverse(), counties, r)).get('02006')).toBe('north');
		const tied: OfficePoint[] = [
			{ id: 'zulu', lat: 1, lon: 0, states: ['DD'] },
			{ id: 'yankee', lat: -1, lon: 0, states: ['DD'] }
		];
		expect(today(assignCounties(tied, [county('04001', 'Equator', 'DD', 0, 0)], rules())).get('04001')).toBe('yankee');
	});

	it('matches county names ignoring case, spaces, punctuation and accents', () => {
		const counties = [county('02007', 'St. Joseph', 'BB', 9, 0), county('02008', 'Doña Ana', 'BB', 9, 0)];
		const rows = assignCounties(OFFICES, counties, rules([list('south', 'BB', ['st joseph', 'DONA ANA'])]));
		expect(today(rows)).toEqual(new Map([['02007', 'south'], ['02008', 'south']]));
	});
});

describe('assignCounties: dated changes', () => {
	const CC = [county('03001', 'West', 'CC', 0, 98), county('03002', 'Middle', 'CC', 0, 100), county('03003', 'East', 'CC', 0, 102)];

	it('adds a baseline row with the old office and a dated row with the new one', () => {
		const rows = assignCounties(OFFICES, CC, rules([], [change('2022-06-01', 'CC', 'all', 'north', 'solo')]));
		expect(rows).toHaveLength(6);
		expect(rowsOf(rows, '03002')).toEqual([
			{
				countyFips: '03002',
				validFrom: BASELINE,
				consulateId: 'north',
				basis: 'listed',
				approximate: true,
				note: 'before 2022-06-01: north -> solo'
			},
			{
				countyFips: '03002',
				validFrom: '2022-06-01',
				consulateId: 'solo',
				basis: 'whole_state',
				approximate: false,
				note: 'north -> solo; only office serving CC'
			}
		]);
	});

	it('moves only the named counties, or the N westernmost by centroid longitude', () => {
		const named = assignCounties(OFFICES, CC, rules([], [change('2022-06-01', 'CC', ['east'], 'north', 'solo')]));
		expect(named.map((r) => `${r.countyFips} ${r.validFrom} ${r.consulateId}`)).toEqual([
			`03001 ${BASELINE} solo`,
			`03002 ${BASELINE} solo`,
			`03003 ${BASELINE} north`,
			'03003 2022-06-01 solo'
		]);
		const western = assignCounties(OFFICES, [...CC].reverse(), rules([], [change('2022-06-01', 'CC', { westernmost: 2 }, 'north', 'solo')]));
		expect(assignmentsOn(western, '2022-05-31')).toEqual(new Map([['03001', 'north'], ['03002', 'north'], ['03003', 'solo']]));
		expect(rowsOf(western, '03001')[0].basis).toBe('longitude_rank');
	});

	it('lets the first of two same-day changes take a county and the second take the rest', () => {
		// As Oklahoma City in 2023: the western counties came from one office, the others from another.
		const changes = [change('2023-05-01', 'CC', { westernmost: 1 }, 'north', 'solo'), change('2023-05-01', 'CC', 'all', 'south', 'solo')];
		const offices = OFFICES.map((o) => (o.id === 'south' ? { ...o, states: ['BB'] } : o));
		const rows = assignCounties(offices, CC, rules([], changes));
		expect(rows).toHaveLength(6);
		expect(assignmentsOn(rows, '2023-04-30')).toEqual(new Map([['03001', 'north'], ['03002', 'south'], ['03003', 'south']]));
		expect(assignmentsOn(rows, '2023-05-01')).toEqual(new Map([['03001', 'solo'], ['03002', 'solo'], ['03003', 'solo']]));
	});

	it('walks a county back through two changes listed oldest first (north -> east in 2020, east -> solo in 2023)', () => {
		const changes = [change('2020-01-01', 'CC', ['Middle'], 'north', 'east'), change('2023-01-01', 'CC', ['Middle'], 'east', 'solo')];
		const rows = rowsOf(assignCounties(OFFICES, CC, rules([], changes)), '03002');
		expect(rows.map((r) => [r.validFrom, r.consulateId])).toEqual([
			[BASELINE, 'north'],
			['2020-01-01', 'east'],
			['2023-01-01', 'solo']
		]);
		// The same history whichever order the rules list the changes in.
		const reversed = rowsOf(assignCounties(OFFICES, CC, rules([], [...changes].reverse())), '03002');
		expect(reversed).toEqual(rows);
	});
});

describe('assignCounties: errors', () => {
	const BB = [county('02001', 'Hill', 'BB', 9, 0)];

	it('refuses a rule that names an unknown office', () => {
		expect(() => assignCounties(OFFICES, BB, rules([list('ghost', 'BB', ['Hill'])]))).toThrow(/unknown office "ghost"/);
		expect(() => assignCounties(OFFICES, BB, rules([], [change('2022-01-01', 'BB', 'all', 'ghost', 'north')]))).toThrow(
			/unknown office "ghost"/
		);
		expect(() => assignCounties(OFFICES, BB, rules([], [change('2022-01-01', 'BB', 'all', 'north', 'phantom')]))).toThrow(
			/unknown office "phantom"/
		);
	});

	it('refuses a county name that is not in the state, naming the rule, the name and the state', () => {
		expect(() => assignCounties(OFFICES, BB, rules([list('south', 'BB', ['Hill', 'Nowhere'])]))).toThrow(
			'county list of south: no county named "Nowhere" in BB'
		);
		// A county of the same name in another state does not count.
		const withAA = [...BB, county('01001', 'Dale', 'AA', 10, 0)];
		expect(() => assignCounties(OFFICES, withAA, rules([list('south', 'BB', ['Dale'])]))).toThrow(/no county named "Dale" in BB/);
		expect(() => assignCounties(OFFICES, BB, rules([], [change('2022-01-01', 'BB', ['Dale'], 'north', 'south')]))).toThrow(
			'change of 2022-01-01: no county named "Dale" in BB'
		);
	});

	it('refuses a county list for a state its office does not serve', () => {
		expect(() => assignCounties(OFFICES, BB, rules([list('solo', 'BB', ['Hill'])]))).toThrow(
			'county list of solo is for BB, a state solo does not serve'
		);
	});

	it('refuses a county in a state no office serves', () => {
		expect(() => assignCounties(OFFICES, [county('09001', 'Lost', 'ZZ', 0, 0)], rules())).toThrow('no office serves ZZ (county 09001 Lost)');
	});

	it('refuses a dated change whose new office is not the county office from that date', () => {
		// Hill is north's (nearest) today, so a change that moved it to south cannot be right.
		expect(() => assignCounties(OFFICES, BB, rules([], [change('2022-01-01', 'BB', 'all', 'east', 'south')]))).toThrow(
			/change of 2022-01-01 moves county 02001 to south, but .* north's/
		);
	});

	it('refuses a county named in two lists, and a county that every complete list leaves out', () => {
		expect(() => assignCounties(OFFICES, BB, rules([list('south', 'BB', ['Hill']), list('east', 'BB', ['Hill'])]))).toThrow(
			'county 02001 is listed for both south and east'
		);
		const complete = [list('north', 'BB', [], true), list('south', 'BB', [], true), list('east', 'BB', [], true)];
		expect(() => assignCounties(OFFICES, BB, rules(complete))).toThrow(/every office serving BB has a complete list, yet Hill is on none/);
	});
});

describe('assignmentsOn', () => {
	const rows: Assignment[] = [
		{ countyFips: '1', validFrom: '2000-01-01', consulateId: 'a', basis: 'listed', approximate: false, note: '' },
		{ countyFips: '1', validFrom: '2023-06-01', consulateId: 'c', basis: 'listed', approximate: false, note: '' },
		{ countyFips: '1', validFrom: '2022-06-01', consulateId: 'b', basis: 'listed', approximate: false, note: '' },
		{ countyFips: '2', validFrom: '2010-01-01', consulateId: 'd', basis: 'listed', approximate: false, note: '' }
	];

	it('takes the row with the latest validFrom on or before the day, in any row order', () => {
		expect(assignmentsOn(rows, '2022-05-31')).toEqual(new Map([['1', 'a'], ['2', 'd']]));
		expect(assignmentsOn(rows, '2022-06-01')).toEqual(new Map([['1', 'b'], ['2', 'd']]));
		expect(assignmentsOn(rows, '2023-05-31')).toEqual(new Map([['1', 'b'], ['2', 'd']]));
		expect(assignmentsOn(rows, '2026-11-21')).toEqual(new Map([['1', 'c'], ['2', 'd']]));
		expect(assignmentsOn([...rows].reverse(), '2026-11-21')).toEqual(new Map([['1', 'c'], ['2', 'd']]));
	});

	it('leaves out a county with no row yet on that day', () => {
		expect(assignmentsOn(rows, '2005-01-01')).toEqual(new Map([['1', 'a']]));
		expect(assignmentsOn(rows, '1999-12-31')).toEqual(new Map());
	});
});

describe('normalizeName', () => {
	it('lower-cases and keeps only letters and digits, dropping accents', () => {
		expect(normalizeName('St. Joseph')).toBe('stjoseph');
		expect(normalizeName('Doña Ana')).toBe('donaana');
		expect(normalizeName('Prince George\'s')).toBe('princegeorges');
		expect(normalizeName('Mayagüez')).toBe('mayaguez');
		expect(normalizeName('LaPorte')).toBe(normalizeName('La Porte'));
		expect(normalizeName('Lewis and Clark')).toBe('lewisandclark');
	});

	it('does not treat an abbreviation and its spelled-out form as the same name', () => {
		expect(normalizeName('St. Joseph')).not.toBe(normalizeName('Saint Joseph'));
	});
});

describe('assignCounties on the real atlas and consulates.csv', () => {
	let rows: Assignment[];
	let fipsList: string[];
	let stateOf: Map<string, string>;
	let servesOf: Map<string, string[]>;

	beforeAll(() => {
		const atlas = readUsAtlas();
		const consulates = parseConsulates(readReference('consulates.csv'));
		const offices = consulates.map((c) => ({ id: c.id, lat: c.lat, lon: c.lon, states: c.jurisdictionStates }));
		const counties = atlas.counties.map((c) => ({ fips: c.code, name: c.name, state: c.state, lat: c.lat, lon: c.lon }));
		rows = assignCounties(offices, counties, DEFAULT_RULES);
		fipsList = counties.map((c) => c.fips).sort();
		stateOf = new Map(counties.map((c) => [c.fips, c.state]));
		servesOf = new Map(offices.map((o) => [o.id, o.states]));
	});

	it('gives every one of the 3,225 counties exactly one office today and on 2021-01-01', () => {
		expect(fipsList).toHaveLength(3225);
		for (const day of ['2026-11-21', '2021-01-01', BASELINE]) {
			const on = assignmentsOn(rows, day);
			expect([...on.keys()].sort()).toEqual(fipsList);
		}
		// One row per county and date, so "the latest row" is never ambiguous.
		const keys = rows.map((r) => `${r.countyFips}|${r.validFrom}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('gives each county today an office that serves its state', () => {
		const wrong = [...assignmentsOn(rows, '2026-11-21')].filter(([fips, office]) => !servesOf.get(office)!.includes(stateOf.get(fips)!));
		expect(wrong).toEqual([]);
	});

	it('gives all 53 offices at least one county today; Oklahoma City and New Brunswick none on 2021-01-01', () => {
		expect(new Set(assignmentsOn(rows, '2026-11-21').values()).size).toBe(53);
		const before = new Set(assignmentsOn(rows, '2021-01-01').values());
		expect(before.has('oklahoma-city')).toBe(false);
		expect(before.has('new-brunswick')).toBe(false);
		expect(before.size).toBe(51);
	});

	it("puts Connecticut's 9 planning regions under Boston today and under New York on 2022-05-31", () => {
		const ct = fipsList.filter((f) => stateOf.get(f) === 'CT');
		expect(ct).toHaveLength(9);
		const [now, before] = [assignmentsOn(rows, '2026-11-21'), assignmentsOn(rows, '2022-05-31')];
		for (const fips of ct) {
			expect(now.get(fips)).toBe('boston');
			expect(before.get(fips)).toBe('new-york');
		}
	});

	it('moves Elko NV (32007) from Boise to Las Vegas on 2022-06-01', () => {
		expect(rowsOf(rows, '32007').map((r) => [r.validFrom, r.consulateId])).toEqual([
			[BASELINE, 'boise'],
			['2022-06-01', 'las-vegas']
		]);
	});

	it('gives Lubbock TX (48303) to Albuquerque today and to Dallas on 2022-05-31', () => {
		expect(assignmentsOn(rows, '2026-11-21').get('48303')).toBe('albuquerque');
		expect(assignmentsOn(rows, '2022-05-31').get('48303')).toBe('dallas');
	});

	it('gives San Diego County to San Diego and Falls Church VA (no polygon at 1:10m) to Washington', () => {
		const now = assignmentsOn(rows, '2026-11-21');
		expect(now.get('06073')).toBe('san-diego');
		expect(now.get('51610')).toBe('washington-dc');
	});
});
