import { describe, expect, it } from 'vitest';
import { modelPopulation, stateShares, type ModelledValue, type ModelZcta } from '../../src/lib/server/load/population-model';
import { parseStatePopulation, readReference, type StatePopulationRef } from '../../src/lib/server/load/reference';
import { readZctas } from '../../src/lib/server/load/zcta';

function state(
	abbr: string,
	totalPop: number,
	mexicoBorn: number | null,
	mexicanOrigin: number | null,
	uninsuredRateAll: number | null,
	uninsuredRateHispanic: number | null
): StatePopulationRef {
	return { state: abbr, stateFips: '00', totalPop, mexicoBorn, mexicanOrigin, uninsuredRateAll, uninsuredRateHispanic, vintage: '', sources: '' };
}

/** Output as 'level code indicator' -> value; fails on a repeated key. */
function byKey(values: ModelledValue[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const v of values) {
		const key = `${v.level} ${v.code} ${v.indicator}`;
		expect(out.has(key), `repeated ${key}`).toBe(false);
		out.set(key, v.value);
	}
	return out;
}

function expectValues(actual: Map<string, number>, expected: Record<string, number>) {
	expect([...actual.keys()].sort()).toEqual(Object.keys(expected).sort());
	for (const [key, value] of Object.entries(expected)) expect(actual.get(key), key).toBeCloseTo(value, 9);
}

// Shares: AZ Mexico-born 100/1000 = 0.10, Mexican-origin 250/1000 = 0.25, uninsured 8 % = 0.08,
// uninsured Mexican-origin 0.25 x 20 % = 0.05. NM: 100/2000 = 0.05, 600/2000 = 0.30, 10 % = 0.10,
// 0.30 x 15 % = 0.045.
const AZ = state('AZ', 1000, 100, 250, 8, 20);
const NM = state('NM', 2000, 100, 600, 10, 15);

describe('stateShares', () => {
	it('divides each group by the state total and reads the rates as percentages', () => {
		expect(stateShares(AZ)).toEqual({ mexico_born: 0.1, mexican_origin: 0.25, uninsured: 0.08, uninsured_mexican_origin: 0.05 });
		const nm = stateShares(NM);
		expect(nm.mexico_born).toBeCloseTo(0.05, 12);
		expect(nm.mexican_origin).toBeCloseTo(0.3, 12);
		expect(nm.uninsured).toBeCloseTo(0.1, 12);
		expect(nm.uninsured_mexican_origin).toBeCloseTo(0.045, 12);
	});

	it('gives null, not zero, for a group the table leaves blank', () => {
		const dc = stateShares(state('DC', 1000, null, 20, 3, 5));
		expect(dc.mexico_born).toBeNull();
		expect(dc.mexican_origin).toBeCloseTo(0.02, 12);
		expect(stateShares(state('XX', 1000, 10, null, 3, null))).toEqual({
			mexico_born: 0.01,
			mexican_origin: null,
			uninsured: 0.03,
			uninsured_mexican_origin: null
		});
	});
});

describe('modelPopulation', () => {
	it('multiplies each ZCTA total by its state share and sums ZCTAs into counties by weight/100', () => {
		// 85001 (AZ, 400 people) lies 75 % in 04013 and 25 % in 35013; 87001 (NM, 200) all in 35013.
		const zctas: ModelZcta[] = [
			{ zcta: '85001', state: 'AZ', population: 400, countyWeights: { '04013': 75, '35013': 25 } },
			{ zcta: '87001', state: 'NM', population: 200, countyWeights: { '35013': 100 } }
		];
		expectValues(byKey(modelPopulation(zctas, [AZ, NM])), {
			// 400 x 0.10, 0.25, 0.08, 0.05
			'zcta 85001 mexico_born': 40,
			'zcta 85001 mexican_origin': 100,
			'zcta 85001 uninsured': 32,
			'zcta 85001 uninsured_mexican_origin': 20,
			// 200 x 0.05, 0.30, 0.10, 0.045
			'zcta 87001 mexico_born': 10,
			'zcta 87001 mexican_origin': 60,
			'zcta 87001 uninsured': 20,
			'zcta 87001 uninsured_mexican_origin': 9,
			// 75 % of 85001
			'county 04013 total_population': 300,
			'county 04013 mexico_born': 30,
			'county 04013 mexican_origin': 75,
			'county 04013 uninsured': 24,
			'county 04013 uninsured_mexican_origin': 15,
			// 25 % of 85001 (modelled with Arizona's shares) plus all of 87001
			'county 35013 total_population': 100 + 200,
			'county 35013 mexico_born': 10 + 10,
			'county 35013 mexican_origin': 25 + 60,
			'county 35013 uninsured': 8 + 20,
			'county 35013 uninsured_mexican_origin': 5 + 9
		});
	});

	it('skips a ZCTA with no population entirely, rather than counting it as zero people', () => {
		const zctas: ModelZcta[] = [
			{ zcta: '85001', state: 'AZ', population: 400, countyWeights: { '04013': 100 } },
			{ zcta: '85002', state: 'AZ', population: null, countyWeights: { '04013': 50, '04019': 50 } }
		];
		const values = byKey(modelPopulation(zctas, [AZ]));
		expect([...values.keys()].filter((k) => k.includes('85002') || k.includes('04019'))).toEqual([]);
		expect(values.get('county 04013 total_population')).toBe(400);
		expect(values.get('county 04013 mexican_origin')).toBeCloseTo(100, 9);
	});

	it('gives no Mexico-born row, at ZCTA or county level, in a state whose Mexico-born figure is blank (DC)', () => {
		// DC shares: Mexican-origin 20/1000 = 0.02, uninsured 3 %, uninsured Mexican-origin 0.02 x 5 % = 0.001.
		const dc = state('DC', 1000, null, 20, 3, 5);
		const values = byKey(modelPopulation([{ zcta: '20001', state: 'DC', population: 500, countyWeights: { '11001': 100 } }], [dc]));
		expectValues(values, {
			'zcta 20001 mexican_origin': 10,
			'zcta 20001 uninsured': 15,
			'zcta 20001 uninsured_mexican_origin': 0.5,
			'county 11001 total_population': 500,
			'county 11001 mexican_origin': 10,
			'county 11001 uninsured': 15,
			'county 11001 uninsured_mexican_origin': 0.5
		});
	});

	it('models nothing for a ZCTA in a state missing from the table (VI), but counts its people in the county total', () => {
		const zctas: ModelZcta[] = [
			{ zcta: '00802', state: 'VI', population: 300, countyWeights: { '78030': 100 } },
			{ zcta: '85001', state: 'AZ', population: 400, countyWeights: { '04013': 100 } }
		];
		const values = byKey(modelPopulation(zctas, [AZ]));
		expect([...values.keys()].filter((k) => k.includes('00802') || k.includes('78030'))).toEqual(['county 78030 total_population']);
		expect(values.get('county 78030 total_population')).toBe(300);
	});

	it('conserves each group: county values sum to ZCTA values when every ZCTA weight sums to 100', () => {
		const zctas: ModelZcta[] = [
			{ zcta: '85001', state: 'AZ', population: 1234, countyWeights: { '04013': 33.3, '04019': 66.7 } },
			{ zcta: '85002', state: 'AZ', population: 77, countyWeights: { '04019': 12.5, '04021': 87.5 } },
			{ zcta: '87001', state: 'NM', population: 5000, countyWeights: { '35001': 100 } }
		];
		const values = modelPopulation(zctas, [AZ, NM]);
		for (const indicator of ['mexico_born', 'mexican_origin', 'uninsured', 'uninsured_mexican_origin'] as const) {
			const sum = (level: string) => values.filter((v) => v.level === level && v.indicator === indicator).reduce((s, v) => s + v.value, 0);
			expect(sum('county')).toBeCloseTo(sum('zcta'), 9);
		}
	});
});

describe('modelPopulation on the real ZCTAs and state table', () => {
	it("gives Texas's ZCTAs, taken together, exactly Texas's Mexican-origin share 9,530,419 / 28,635,442", () => {
		const states = parseStatePopulation(readReference('state_population.csv'));
		const { zctas } = readZctas();
		const model = modelPopulation(zctas, states);
		const tx = zctas.filter((z) => z.state === 'TX' && z.population !== null);
		expect(tx.length).toBeGreaterThan(1900);
		const txCodes = new Set(tx.map((z) => z.zcta));
		const modelled = model
			.filter((v) => v.level === 'zcta' && v.indicator === 'mexican_origin' && txCodes.has(v.code))
			.reduce((s, v) => s + v.value, 0);
		const people = tx.reduce((s, z) => s + z.population!, 0);
		expect(Math.abs(modelled / people - 9530419 / 28635442)).toBeLessThan(1e-9);

		// DC and PR have no Mexico-born figure, so none of their ZCTAs or counties gets one. (ZCTA and
		// county codes overlap, e.g. ZCTA 20001 in DC and county 20001 in Kansas: compare levels too.)
		const noFigure = new Set(zctas.filter((z) => z.state === 'DC' || z.state === 'PR').map((z) => `zcta ${z.zcta}`));
		expect(noFigure.size).toBeGreaterThan(100);
		const inDcOrPr = (v: ModelledValue) =>
			noFigure.has(`${v.level} ${v.code}`) || (v.level === 'county' && (v.code.startsWith('11') || v.code.startsWith('72')));
		expect(model.filter((v) => v.indicator === 'mexico_born' && inDcOrPr(v))).toEqual([]);
		expect(model.filter((v) => v.indicator === 'mexican_origin' && inDcOrPr(v)).length).toBeGreaterThan(100);
	});
});
