import { describe, expect, it } from 'vitest';
import type { AcsResponses } from '../../src/lib/server/acs/census-api';
import type { AcsRequest } from '../../src/lib/server/acs/dataset';
import { acsDataset, acsTitle, acsVintage, ACS_SOURCE } from '../../src/lib/server/acs/dataset';
import { moeOfSum, type EstimateRow } from '../../src/lib/server/acs/estimates';
import { readAcsResponses } from '../../src/lib/server/acs/files';
import { resolveState } from '../../src/lib/server/acs/geography';
import { prepareAcs } from '../../src/lib/server/acs/load';
import { FIXTURE_DIR } from '../fixtures/acs/fake-census';

const county: AcsRequest = { year: 2023, geo: 'county', state: null };
const zcta: AcsRequest = { year: 2023, geo: 'zcta', state: null };
const tract: AcsRequest = { year: 2023, geo: 'tract', state: resolveState('CA') };

/** The estimate of one indicator for one area, or undefined when there is no row. */
function find(rows: EstimateRow[], code: string, indicator: string) {
	const found = rows.filter((r) => r.code === code && r.indicator === indicator);
	expect(found.length).toBeLessThanOrEqual(1);
	return found[0] && { value: found[0].value, moe: found[0].moe };
}

describe('moeOfSum', () => {
	it('is the square root of the summed squares (Census approximation)', () => {
		expect(moeOfSum([100, 200, 400, 200])).toBe(500); // sqrt(10000 + 40000 + 160000 + 40000)
		expect(moeOfSum([3, 4])).toBe(5);
		expect(moeOfSum([13, 13, 13, 13])).toBe(26); // four zero estimates: sqrt(4 * 169)
	});

	it('is unknown when any part has no MOE', () => {
		expect(moeOfSum([190, 310, null, 95])).toBeNull();
	});
});

describe('prepareAcs on the county answers', async () => {
	const prepared = prepareAcs(county, await readAcsResponses(FIXTURE_DIR, county));
	const rows = prepared.estimates;

	it('uses the Mexico-born line named by the label', () => {
		expect(prepared.mexicoBornVariable).toBe('B05006_142E');
		expect(find(rows, '06025', 'mexico_born')).toEqual({ value: 55012, moe: 1820 });
	});

	it('adds the four uninsured lines and combines their MOEs (Imperial: 1200 + 9800 + 8500 + 400)', () => {
		expect(find(rows, '06025', 'uninsured')).toEqual({ value: 19900, moe: 500 });
		expect(find(rows, '06025', 'uninsured_universe')).toEqual({ value: 174000, moe: 350 });
		// Kenedy: 12 + 20 + 31 + 7 = 70; sqrt(9^2 + 14^2 + 17^2 + 6^2) = sqrt(602)
		const kenedy = find(rows, '48261', 'uninsured')!;
		expect(kenedy.value).toBe(70);
		expect(kenedy.moe).toBeCloseTo(24.5357, 4);
	});

	it('writes the single-variable indicators with their own MOEs', () => {
		expect(find(rows, '06025', 'mexican_origin')).toEqual({ value: 150431, moe: 1204 });
		expect(find(rows, '06025', 'lep_spanish')).toEqual({ value: 38000, moe: 1500 });
		expect(find(rows, '06025', 'lep_universe')).toEqual({ value: 168000, moe: 210 });
		expect(find(rows, '06025', 'poverty')).toEqual({ value: 35100, moe: 1700 });
		expect(find(rows, '06025', 'poverty_universe')).toEqual({ value: 170500, moe: 400 });
	});

	it('keeps an estimate whose MOE is an annotation code, with the MOE as null', () => {
		expect(find(rows, '06025', 'total_population')).toEqual({ value: 179851, moe: null }); // -555555555
		expect(find(rows, '04023', 'poverty')).toEqual({ value: 9820, moe: null }); // -999999999
		expect(find(rows, '48261', 'mexican_origin')).toEqual({ value: 260, moe: null }); // -222222222
		expect(find(rows, '48261', 'lep_universe')).toEqual({ value: 330, moe: null }); // null
		// Santa Cruz: one uninsured part has MOE -222222222, so the sum has a value but no MOE
		expect(find(rows, '04023', 'uninsured')).toEqual({ value: 610 + 1450 + 1320 + 205, moe: null });
	});

	it('writes no row where the estimate is not available, never a zero', () => {
		expect(find(rows, '04023', 'mexico_born')).toBeUndefined(); // null
		expect(find(rows, '04023', 'lep_spanish')).toBeUndefined(); // -666666666
		expect(find(rows, '48301', 'uninsured')).toBeUndefined(); // one part -888888888
		expect(find(rows, '48301', 'poverty_universe')).toBeUndefined(); // -333333333
		expect(find(rows, '48261', 'mexico_born')).toBeUndefined(); // -999999999
	});

	it('keeps a published zero as a value', () => {
		expect(find(rows, '48301', 'mexico_born')).toEqual({ value: 0, moe: 13 });
	});

	it('writes 31 rows for 4 counties: 36 possible, less the 5 not available', () => {
		expect(prepared.areaCount).toBe(4);
		expect(rows).toHaveLength(31);
		expect(prepared.areas).toEqual([]);
		expect(new Set(rows.map((r) => r.level))).toEqual(new Set(['county']));
	});
});

describe('prepareAcs on ZCTA and tract answers', async () => {
	it('keys ZCTAs by the 5-digit ZCTA', async () => {
		const p = prepareAcs(zcta, await readAcsResponses(FIXTURE_DIR, zcta));
		expect(new Set(p.estimates.map((r) => r.code))).toEqual(new Set(['92231', '85621', '78040']));
		expect(find(p.estimates, '92231', 'uninsured')!.value).toBe(300 + 2100 + 1900 + 150);
		expect(find(p.estimates, '78040', 'uninsured')).toBeUndefined();
		expect(p.estimates).toHaveLength(26);
	});

	it('keys tracts by 11 digits and names each tract for the areas table', async () => {
		const p = prepareAcs(tract, await readAcsResponses(FIXTURE_DIR, tract));
		expect(p.areas).toEqual([
			{ level: 'tract', code: '06025010101', name: 'Census Tract 101.01; Imperial County; California', stateFips: '06', state: 'CA' },
			{ level: 'tract', code: '06025012300', name: 'Census Tract 123; Imperial County; California', stateFips: '06', state: 'CA' },
			{ level: 'tract', code: '06025940000', name: 'Census Tract 9400; Imperial County; California', stateFips: '06', state: 'CA' }
		]);
		expect(find(p.estimates, '06025012300', 'mexican_origin')).toBeUndefined();
		// an empty tract: four zero estimates with MOE 13 each sum to 0 with MOE sqrt(4 * 13^2) = 26
		expect(find(p.estimates, '06025940000', 'uninsured')).toEqual({ value: 0, moe: 26 });
		expect(p.estimates).toHaveLength(26);
	});
});

describe('prepareAcs refuses answers it cannot trust', async () => {
	const good = await readAcsResponses(FIXTURE_DIR, county);
	const withoutColumn = (name: string): AcsResponses => {
		const [header, ...rows] = JSON.parse(good.parts[0].text) as unknown[][];
		const i = header.indexOf(name);
		const drop = (r: unknown[]) => r.filter((_, k) => k !== i);
		return { ...good, parts: [{ where: 'part-1.json', text: JSON.stringify([drop(header), ...rows.map(drop)]) }] };
	};

	it('names the variable an answer lacks', () => {
		expect(() => prepareAcs(county, withoutColumn('B05006_142M'))).toThrow(/lack B05006_142M/);
	});

	it('refuses areas of another state than the one asked for', () => {
		const california: AcsRequest = { ...county, state: resolveState('06') };
		expect(() => prepareAcs(california, good)).toThrow(/county 04023 is not in California/);
	});

	it('refuses group metadata with no Mexico line, naming the file', () => {
		const broken = { ...good, groups: { where: 'groups/B05006.json', text: '{"variables": {}}' } };
		expect(() => prepareAcs(county, broken)).toThrow(/groups\/B05006.json: expected one B05006 estimate/);
	});

	it('refuses a part that is not JSON, naming it', () => {
		const broken = { ...good, parts: [{ where: 'part-1.json', text: '<html>' }] };
		expect(() => prepareAcs(county, broken)).toThrow(/part-1.json: not JSON/);
	});
});

describe('dataset names', () => {
	it('labels a 2023 run as the 2019-2023 5-year vintage', () => {
		expect(acsVintage(2023)).toBe('ACS 2019-2023 5-year');
		expect(acsDataset(county)).toBe('acs-2023-county');
		expect(acsDataset(tract)).toBe('acs-2023-tract-ca');
		expect(acsTitle(tract)).toBe('ACS 2019-2023 5-year estimates by census tract, California');
		expect(ACS_SOURCE).toBe('U.S. Census Bureau, ACS 5-year, api.census.gov (B01003, B03001, B05006, B27010, C16001, B17001)');
	});
});
