import { describe, expect, it } from 'vitest';
import {
	ANNOTATION_CODES,
	mergeAcsTables,
	parseAcsTable,
	parseAcsValue,
	variableCalls
} from '../../src/lib/server/acs/parse';

describe('parseAcsValue', () => {
	it('reads the API string values as numbers, zero included', () => {
		expect(parseAcsValue('179851')).toBe(179851);
		expect(parseAcsValue('0')).toBe(0);
		expect(parseAcsValue(42)).toBe(42);
	});

	it.each(ANNOTATION_CODES.map((c) => [c]))('treats the annotation code %s as not available, as string or number', (code) => {
		expect(parseAcsValue(String(code))).toBeNull();
		expect(parseAcsValue(code)).toBeNull();
	});

	it('treats null, an empty string and any value at or below -100000000 as not available', () => {
		expect(parseAcsValue(null)).toBeNull();
		expect(parseAcsValue('')).toBeNull();
		expect(parseAcsValue('-100000000')).toBeNull();
		expect(parseAcsValue('-123456789')).toBeNull();
	});

	it('refuses a small negative number or text, naming where it was found', () => {
		expect(() => parseAcsValue('-5', 'B01003_001E for county 06025')).toThrow(/B01003_001E for county 06025.*negative/);
		expect(() => parseAcsValue('N/A', 'B01003_001E')).toThrow(/not a number/);
		expect(() => parseAcsValue(true)).toThrow(/expected a number/);
	});
});

describe('parseAcsTable', () => {
	it('takes the first row as the header and keeps rows as given', () => {
		const t = parseAcsTable([['NAME', 'B01003_001E', 'state'], ['Alabama', '5054253', '01']], 'call 1');
		expect(t.header).toEqual(['NAME', 'B01003_001E', 'state']);
		expect(t.rows).toEqual([['Alabama', '5054253', '01']]);
	});

	it('rejects answers that are not a header-first array, naming the call', () => {
		expect(() => parseAcsTable({ error: 'x' }, 'call 2')).toThrow(/call 2: expected a JSON array.*an object/);
		expect(() => parseAcsTable([], 'call 2')).toThrow(/an empty array/);
		expect(() => parseAcsTable([[1, 2]], 'call 2')).toThrow(/not a header/);
		expect(() => parseAcsTable([['A', 'B'], ['x']], 'call 2')).toThrow(/row 1 does not have the header's 2 columns/);
		expect(() => parseAcsTable([['A', 'A']], 'call 2')).toThrow(/repeats a column/);
	});
});

describe('variableCalls', () => {
	const vars = Array.from({ length: 24 }, (_, i) => `B01001_${String(i + 1).padStart(3, '0')}E`);

	it('asks for everything in one call under the 50-variable limit, NAME first', () => {
		const calls = variableCalls(vars);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toEqual(['NAME', ...vars]);
	});

	it('splits into calls of at most the limit, NAME counted in each, losing no variable', () => {
		const calls = variableCalls(vars, 5);
		expect(calls).toHaveLength(6); // 24 variables, 4 a call beside NAME
		for (const call of calls) {
			expect(call[0]).toBe('NAME');
			expect(call.length).toBeLessThanOrEqual(5);
		}
		expect(calls.flatMap((c) => c.slice(1))).toEqual(vars);
	});

	it('splits 98 variables into two full calls of 50 at the API limit', () => {
		const many = Array.from({ length: 98 }, (_, i) => `B05006_${String(i + 1).padStart(3, '0')}E`);
		expect(variableCalls(many).map((c) => c.length)).toEqual([50, 50]);
	});

	it('refuses a limit that leaves no room beside NAME or exceeds the API limit', () => {
		expect(() => variableCalls(vars, 1)).toThrow(/variable limit/);
		expect(() => variableCalls(vars, 51)).toThrow(/variable limit/);
	});
});

describe('mergeAcsTables', () => {
	const first = parseAcsTable(
		[
			['NAME', 'B01003_001E', 'state', 'county'],
			['Imperial County, California', '179851', '06', '025'],
			['Loving County, Texas', '64', '48', '301']
		],
		'call 1'
	);
	const second = parseAcsTable(
		[
			['NAME', 'B03001_004E', 'state', 'county'],
			['Loving County, Texas', '11', '48', '301'],
			['Imperial County, California', '150431', '06', '025']
		],
		'call 2'
	);

	it('joins the calls by geography, not by row position', () => {
		const rows = mergeAcsTables(
			[
				{ table: first, where: 'call 1' },
				{ table: second, where: 'call 2' }
			],
			'county'
		);
		expect(rows).toEqual([
			{
				code: '06025',
				geo: { state: '06', county: '025' },
				cells: { NAME: 'Imperial County, California', B01003_001E: '179851', B03001_004E: '150431' }
			},
			{
				code: '48301',
				geo: { state: '48', county: '301' },
				cells: { NAME: 'Loving County, Texas', B01003_001E: '64', B03001_004E: '11' }
			}
		]);
	});

	it('refuses calls that do not list the same areas', () => {
		const short = parseAcsTable([['NAME', 'B03001_004E', 'state', 'county'], ['Loving County, Texas', '11', '48', '301']], 'call 2');
		expect(() =>
			mergeAcsTables(
				[
					{ table: first, where: 'call 1' },
					{ table: short, where: 'call 2' }
				],
				'county'
			)
		).toThrow(/call 2: no row for county 06025/);
	});

	it('refuses calls that disagree about a cell', () => {
		const renamed = parseAcsTable(
			[
				['NAME', 'state', 'county'],
				['Imperial County, CA', '06', '025'],
				['Loving County, Texas', '48', '301']
			],
			'call 2'
		);
		expect(() =>
			mergeAcsTables(
				[
					{ table: first, where: 'call 1' },
					{ table: renamed, where: 'call 2' }
				],
				'county'
			)
		).toThrow(/NAME for county 06025/);
	});

	it('refuses an answer for another geography', () => {
		expect(() => mergeAcsTables([{ table: first, where: 'zcta.json' }], 'zcta')).toThrow(
			/zcta.json: no "zip code tabulation area" column/
		);
	});

	it('refuses an area listed twice and a code of the wrong length', () => {
		const twice = parseAcsTable([['NAME', 'state', 'county'], ['A', '06', '025'], ['B', '06', '025']], 'call 1');
		expect(() => mergeAcsTables([{ table: twice, where: 'call 1' }], 'county')).toThrow(/06025 appears twice/);
		const bad = parseAcsTable([['NAME', 'state', 'county', 'tract'], ['T', '06', '025', '0101']], 'call 1');
		expect(() => mergeAcsTables([{ table: bad, where: 'call 1' }], 'tract')).toThrow(/tract code must be 11 digits/);
	});
});
