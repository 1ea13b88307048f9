import { describe, expect, it } from 'vitest';
import { parseConsulates, parseStatePopulation, readReference } from '../../src/lib/server/load/reference';

const CONSULATE_HEADER =
	'id,city,state,address,lat,lon,coord_precision,border,jurisdiction_states,jurisdiction_counties_note,sources,confidence';
const ALBUQUERQUE = 'albuquerque,Albuquerque,NM,"1610 4th St NW, Albuquerque",35.0844,-106.6504,city,false,NM;TX,"NM split",SEED,medium';
const EL_PASO = 'el-paso,El Paso,TX,,31.7619,-106.485,city,true,TX;NM,,SEED,high';
/** A row without quoted commas, for withCell. */
const PHOENIX = 'phoenix,Phoenix,AZ,,33.4484,-112.074,city,false,AZ,,SEED,medium';

function consulates(...rows: string[]): string {
	return [CONSULATE_HEADER, ...rows].join('\n') + '\n';
}

/** Replaces column `column` of a consulates.csv row given without quoted commas. */
function withCell(row: string, column: string, value: string): string {
	const cells = row.split(',');
	cells[CONSULATE_HEADER.split(',').indexOf(column)] = value;
	return cells.join(',');
}

const STATE_HEADER = 'state,state_fips,total_pop,mexico_born,mexican_origin,uninsured_rate_all,uninsured_rate_hispanic,vintage,sources';

function statePopulation(...rows: string[]): string {
	return [STATE_HEADER, ...rows].join('\n') + '\n';
}

describe('parseConsulates on the real consulates.csv', () => {
	const offices = parseConsulates(readReference('consulates.csv'));

	it('reads 53 offices with unique ids, San Juan and the Washington embassy among them', () => {
		expect(offices).toHaveLength(53);
		const ids = offices.map((o) => o.id);
		expect(new Set(ids).size).toBe(53);
		expect(ids).toContain('san-juan');
		expect(ids).toContain('washington-dc');
		expect(offices.find((o) => o.id === 'washington-dc')!.name).toBe('Consular Section of the Embassy, Washington');
		expect(offices.find((o) => o.id === 'san-juan')!.state).toBe('PR');
	});

	it('marks exactly the 12 border offices of SOURCES.md', () => {
		expect(offices.filter((o) => o.border).map((o) => o.id).sort()).toEqual([
			'brownsville', 'calexico', 'del-rio', 'douglas', 'eagle-pass', 'el-paso',
			'laredo', 'mcallen', 'nogales', 'presidio', 'san-diego', 'yuma'
		]);
	});

	it('dates the openings of Oklahoma City and New Brunswick and no other office', () => {
		expect(offices.filter((o) => o.openedOn !== null).map((o) => [o.id, o.openedOn])).toEqual([
			['new-brunswick', '2023-06-01'],
			['oklahoma-city', '2023-05-01']
		]);
	});

	it('serves every one of the 50 states, DC, PR and VI, and keeps coordinates inside the US bounding box', () => {
		const served = new Set(offices.flatMap((o) => o.jurisdictionStates));
		expect(served.size).toBe(53);
		for (const o of offices) {
			expect(o.lat, o.id).toBeGreaterThan(17);
			expect(o.lat, o.id).toBeLessThan(62);
			expect(o.lon, o.id).toBeGreaterThan(-160);
			expect(o.lon, o.id).toBeLessThan(-64);
		}
	});
});

describe('parseConsulates on small inputs', () => {
	it('reads a row into typed fields: numbers, a boolean, a list of states, null for a blank address', () => {
		const [abq, ep] = parseConsulates(consulates(ALBUQUERQUE, EL_PASO));
		expect(abq).toEqual({
			id: 'albuquerque',
			name: 'Consulate of Mexico in Albuquerque',
			city: 'Albuquerque',
			state: 'NM',
			address: '1610 4th St NW, Albuquerque',
			lat: 35.0844,
			lon: -106.6504,
			coordPrecision: 'city',
			border: false,
			jurisdictionStates: ['NM', 'TX'],
			jurisdictionNote: 'NM split',
			sources: 'SEED',
			confidence: 'medium',
			openedOn: null
		});
		expect(ep.address).toBeNull();
		expect(ep.border).toBe(true);
		expect(ep.jurisdictionNote).toBe('');
	});

	it('ignores a byte-order mark, so the first column is still "id"', () => {
		const [abq] = parseConsulates('\uFEFF' + consulates(ALBUQUERQUE));
		expect(abq.id).toBe('albuquerque');
	});

	it('stores state abbreviations in capitals whatever the case in the file, as counties are matched on them', () => {
		const [row] = parseConsulates(consulates(withCell(withCell(PHOENIX, 'state', 'az'), 'jurisdiction_states', 'az; Nm')));
		expect(row.state).toBe('AZ');
		expect(row.jurisdictionStates).toEqual(['AZ', 'NM']);
	});

	it.each([
		['an empty required cell', withCell(EL_PASO, 'city', ''), 'consulates.csv: row 3: column "city" is empty'],
		['a blank id', withCell(EL_PASO, 'id', ' '), 'consulates.csv: row 3: column "id" is empty'],
		['a latitude out of range', withCell(EL_PASO, 'lat', '95'), 'consulates.csv: row 3: column "lat" must be a number from -90 to 90, got "95"'],
		['a non-numeric longitude', withCell(EL_PASO, 'lon', '106.4W'), 'consulates.csv: row 3: column "lon" must be a number from -180 to 180, got "106.4W"'],
		['an unknown state in jurisdiction_states', withCell(EL_PASO, 'jurisdiction_states', 'TX;XX'), 'consulates.csv: row 3: column "jurisdiction_states": unknown state "XX"'],
		['a state no office serves (Guam)', withCell(EL_PASO, 'jurisdiction_states', 'GU'), 'consulates.csv: row 3: column "jurisdiction_states": unknown state "GU"'],
		['an unknown office state', withCell(EL_PASO, 'state', 'Texas'), 'consulates.csv: row 3: column "state": unknown state "Texas"'],
		['border "yes"', withCell(EL_PASO, 'border', 'yes'), 'consulates.csv: row 3: column "border": expected true or false, got "yes"'],
		['a duplicate id', withCell(EL_PASO, 'id', 'albuquerque'), 'consulates.csv: row 3: column "id": duplicate id "albuquerque"'],
		['a row one cell short', EL_PASO.split(',').slice(0, -1).join(','), 'consulates.csv: row 3: column "confidence" is missing'],
		['a row with a cell too many', `${EL_PASO},extra`, 'consulates.csv: row 3: a value past the last column "confidence"']
	])('refuses %s, naming the file, the row (header = row 1) and the column', (_what, row, message) => {
		expect(() => parseConsulates(consulates(ALBUQUERQUE, row))).toThrow(message);
	});

	it('names the file it was given', () => {
		expect(() => parseConsulates(consulates(withCell(PHOENIX, 'lat', 'x')), 'upload.csv')).toThrow(/^upload\.csv: row 2: column "lat"/);
	});
});

describe('parseStatePopulation', () => {
	const states = parseStatePopulation(readReference('state_population.csv'));

	it('reads 52 rows from the real file: the 50 states, DC and PR', () => {
		expect(states).toHaveLength(52);
		expect(new Set(states.map((s) => s.state)).size).toBe(52);
		expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['DC', 'PR', 'TX', 'WY']));
	});

	it('matches the national sums of SOURCES.md over the 50 states', () => {
		const fifty = states.filter((s) => s.state !== 'DC' && s.state !== 'PR');
		const sum = (f: (s: (typeof fifty)[number]) => number | null) => fifty.reduce((t, s) => t + (f(s) ?? NaN), 0);
		expect(sum((s) => s.totalPop)).toBe(325_867_334);
		expect(sum((s) => s.mexicoBorn)).toBe(10_920_636);
		expect(sum((s) => s.mexicanOrigin)).toBe(36_522_946);
	});

	it('reads a blank Mexico-born cell as null, never zero (DC and PR)', () => {
		const dc = states.find((s) => s.state === 'DC')!;
		expect(dc).toMatchObject({ stateFips: '11', totalPop: 702455, mexicoBorn: null, mexicanOrigin: 12161, uninsuredRateAll: 2.9 });
		expect(states.find((s) => s.state === 'PR')!.mexicoBorn).toBeNull();
		expect(states.find((s) => s.state === 'TX')).toMatchObject({ totalPop: 28635442, mexicoBorn: 2445193, mexicanOrigin: 9530419 });
	});

	it('pads a one-digit FIPS code and keeps a real zero as zero', () => {
		const [al] = parseStatePopulation(statePopulation('al,1,100,0,5,8.8,,v,s'));
		expect(al).toMatchObject({ state: 'AL', stateFips: '01', mexicoBorn: 0, mexicanOrigin: 5, uninsuredRateHispanic: null });
	});

	it.each([
		['an unknown state', 'XX,01,100,1,1,1,1,v,s', 'state_population.csv: row 3: column "state": unknown state "XX"'],
		['a repeated state', 'tx,48,100,1,1,1,1,v,s', 'state_population.csv: row 3: column "state": duplicate state "TX"'],
		['a FIPS code of another state', 'AL,02,100,1,1,1,1,v,s', 'state_population.csv: row 3: column "state_fips": AL is "01", got "02"'],
		['a zero total', 'AL,01,0,1,1,1,1,v,s', 'state_population.csv: row 3: column "total_pop" must be a number from 1 to 1000000000, got "0"'],
		['a negative count', 'AL,01,100,-4,1,1,1,v,s', 'state_population.csv: row 3: column "mexico_born" must be a number from 0'],
		['text in a rate', 'AL,01,100,1,1,n/a,1,v,s', 'state_population.csv: row 3: column "uninsured_rate_all" must be a number']
	])('refuses %s, naming the row and column', (_what, row, message) => {
		expect(() => parseStatePopulation(statePopulation('TX,48,100,1,1,1,1,v,s', row))).toThrow(message);
	});
});
