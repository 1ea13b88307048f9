import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnalyzeArgs, runAnalyze, UsageError } from '../../src/lib/server/analyze/cli';
import { formatNumber } from '../../src/lib/server/analyze/write';

const F = 'tests/fixtures/analyze';
const BAD = `${F}/bad`;
const expected = (name: string) => readFileSync(`${F}/${name}`, 'utf8');

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = runAnalyze(argv, { log: (l) => out.push(l), error: (l) => err.push(l) });
	return { code, out, err: err.join('\n') };
}

/** Parses `id,score` text into numbers by id. */
function scores(text: string): Record<string, number> {
	const lines = text.trim().split('\n');
	expect(lines[0]).toBe('id,score');
	return Object.fromEntries(lines.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[1])]));
}

describe('npm run analyze -- access', () => {
	it('writes 2SFCA scores per 1,000 people, one row per demand id in input order', () => {
		const out = join(dir, 'scores.csv');
		const r = run(['access', '--method', '2sfca', '--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`, '--radius-km', '20', '--out', out]);
		expect(r.code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-scores-2sfca.csv'));
		// By hand (points on a meridian, 1 deg = 111.19508 km): 20 km -> X (capacity empty = 1)
		// reaches A 5.56 km and B 11.12 km; Y (2) reaches B 18.90 km and C 2.22 km.
		// R_X = 1/1400, R_Y = 2/1000 -> A 0.714286, B 2.714286, C 2 per 1,000.
		const s = scores(readFileSync(out, 'utf8'));
		expect(Math.abs(s.A - 1000 / 1400)).toBeLessThan(1e-12);
		expect(Math.abs(s.B - (1000 / 1400 + 2))).toBeLessThan(1e-12);
		expect(Math.abs(s.C - 2)).toBeLessThan(1e-12);
	});

	it('writes E2SFCA scores with the default zones 10/20/30 km and weights 1/0.68/0.22', () => {
		const out = join(dir, 'scores.csv');
		const r = run(['access', '--method', 'e2sfca', '--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`, '--radius-km', '30', '--out', out]);
		expect(r.code).toBe(0);
		expect(r.err).toBe('');
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-scores-e2sfca.csv'));
		// R_X = 1/(1000 + 0.68*400 + 0.22*600) = 1/1404, R_Y = 2/(0.68*400 + 600) = 2/872.
		const s = scores(readFileSync(out, 'utf8'));
		expect(Math.abs(s.A - 1000 / 1404)).toBeLessThan(1e-12);
		expect(Math.abs(s.B - (680 / 1404 + 1360 / 872))).toBeLessThan(1e-12);
		expect(Math.abs(s.C - (220 / 1404 + 2000 / 872))).toBeLessThan(1e-12);
	});

	it('gives the same scores with the zones and weights written out', () => {
		const out = join(dir, 'scores.csv');
		const r = run([
			'access', '--method', 'e2sfca', '--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`,
			'--zones-km', '10,20,30', '--weights', '1,0.68,0.22', '--out', out
		]);
		expect(r.code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-scores-e2sfca.csv'));
	});

	it('uses other zones and weights when given', () => {
		const out = join(dir, 'scores.csv');
		// One zone [0, 20] km of weight 1 is 2SFCA with a 20 km catchment.
		const r = run(['access', '--method', 'e2sfca', '--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`, '--zones-km', '20', '--weights', '1', '--out', out]);
		expect(r.code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-scores-2sfca.csv'));
	});

	it('says so on stderr when --radius-km differs from the outer zone of e2sfca, and uses the zones', () => {
		const out = join(dir, 'scores.csv');
		const r = run(['access', '--method', 'e2sfca', '--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`, '--radius-km', '50', '--out', out]);
		expect(r.code).toBe(0);
		expect(r.err).toMatch(/zones set the catchment .* --radius-km 50 is ignored/);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-scores-e2sfca.csv'));
	});

	it('uses travel minutes from --matrix, reading --radius-km as minutes', () => {
		const out = join(dir, 'scores.csv');
		const r = run([
			'access', '--method', '2sfca', '--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`,
			'--radius-km', '30', '--matrix', `${F}/times.csv`, '--out', out
		]);
		expect(r.code).toBe(0);
		// 30 min: X reaches A (10) and B (30); Y reaches C (5), not B (31). R_X = 1/1400, R_Y = 2/600.
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-scores-2sfca-matrix.csv'));
		expect(r.out.join('\n')).toMatch(/catchment 30 minutes/);
	});

	it('reads a file with a BOM, CRLF, columns in another order, aliases, extra columns, spaces and blank lines', () => {
		const out = join(dir, 'scores.csv');
		const r = run(['access', '--method', '2sfca', '--demand', `${F}/demand-messy.csv`, '--supply', `${F}/supply.csv`, '--radius-km', '20', '--out', out]);
		expect(r.code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-scores-2sfca.csv'));
	});
});

describe('npm run analyze -- nearest', () => {
	it('writes the nearest supply id and distance in km for each demand id', () => {
		const out = join(dir, 'nearest.csv');
		const r = run(['nearest', '--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`, '--out', out]);
		expect(r.code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-nearest.csv'));
		// A-X 0.05 deg = 5.5598 km, B-X 0.10 deg = 11.1195 km, C-Y 0.02 deg = 2.2239 km.
		const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
		expect(rows.map((r) => r.slice(0, 2))).toEqual([['A', 'X'], ['B', 'X'], ['C', 'Y']]);
		[5.559754, 11.119508, 2.223902].forEach((km, i) => expect(Number(rows[i][2])).toBeCloseTo(km, 5));
	});
});

describe('npm run analyze -- site', () => {
	it('writes the chosen sites in order and ends stdout with covered, total and bound', () => {
		const out = join(dir, 'sites.csv');
		const r = run(['site', '--demand', `${F}/site-demand.csv`, '--candidates', `${F}/candidates.csv`, '--radius-km', '6', '--k', '2', '--out', out]);
		expect(r.code).toBe(0);
		// Greedy X (6) then Y (+2) = 8; swapping X for Z gives 10 = everyone. Bound 8 / (1 - 1/e).
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-sites.csv'));
		expect(r.out.at(-1)).toBe(`covered=10 total=10 bound=${formatNumber(8 / (1 - 1 / Math.E))}`);
		expect(r.out.at(-1)).toBe('covered=10 total=10 bound=12.655813654954612');
	});

	it('counts what the existing sites cover in the cumulative column and the bound', () => {
		const out = join(dir, 'sites.csv');
		const r = run([
			'site', '--demand', `${F}/site-demand.csv`, '--candidates', `${F}/candidates.csv`, '--existing', `${F}/existing.csv`,
			'--radius-km', '6', '--k', '1', '--out', out
		]);
		expect(r.code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-sites-existing.csv'));
		expect(r.out.at(-1)).toBe(`covered=8 total=10 bound=${formatNumber(2 + 6 / (1 - 1 / Math.E))}`);
	});

	it('writes only the header for --k 0, with the existing coverage as covered', () => {
		const out = join(dir, 'sites.csv');
		const r = run([
			'site', '--demand', `${F}/site-demand.csv`, '--candidates', `${F}/candidates.csv`, '--existing', `${F}/existing.csv`,
			'--radius-km', '6', '--k', '0', '--out', out
		]);
		expect(r.code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe('rank,id,new_covered,cumulative_covered\n');
		expect(r.out.at(-1)).toBe('covered=2 total=10 bound=2');
	});
});

describe('bad input stops the run with exit 1, names the file, row and column, and writes nothing', () => {
	const access = (demand: string, supply = `${F}/supply.csv`, extra: string[] = []) => [
		'access', '--method', '2sfca', '--demand', demand, '--supply', supply, '--radius-km', '20', ...extra
	];
	const cases: [string, string[], RegExp][] = [
		['a missing column', access(`${BAD}/demand-no-population.csv`), /demand-no-population\.csv, row 1: missing column "population" \(the header has: id, lat, lon\)/],
		['a latitude that is not a number', access(`${BAD}/demand-lat-text.csv`), /demand-lat-text\.csv, row 3, column "lat": "abc" is not a number/],
		['a latitude out of range', access(`${BAD}/demand-lat-range.csv`), /demand-lat-range\.csv, row 2, column "lat": 95 is out of range; expected a latitude in degrees from -90 to 90/],
		['a longitude out of range', access(`${BAD}/demand-lon-range.csv`), /demand-lon-range\.csv, row 3, column "lon": -200 is out of range/],
		['a negative population', access(`${BAD}/demand-negative-population.csv`), /demand-negative-population\.csv, row 3, column "population": -5 is out of range; expected a population of 0 or more/],
		['an empty population', access(`${BAD}/demand-empty-population.csv`), /demand-empty-population\.csv, row 3, column "population": empty/],
		['a number in hexadecimal', access(`${BAD}/demand-hex.csv`), /demand-hex\.csv, row 2, column "lat": "0x1A" is not a number/],
		['a number with a thousands separator', access(`${BAD}/demand-thousands.csv`), /demand-thousands\.csv, row 2, column "population": "1,000" is not a number/],
		['a duplicate id', access(`${BAD}/demand-duplicate-id.csv`), /demand-duplicate-id\.csv, row 4, column "id": "A" is a duplicate of row 2/],
		['an empty id', access(`${BAD}/demand-empty-id.csv`), /demand-empty-id\.csv, row 3, column "id": empty/],
		['two columns for one value', access(`${BAD}/demand-two-lat-columns.csv`), /demand-two-lat-columns\.csv, row 1: columns "lat" and "latitude" both give lat; keep one/],
		['a row with more fields than the header', access(`${BAD}/demand-extra-field.csv`), /demand-extra-field\.csv, row 3: 5 fields but the header has 4 columns/],
		['an unterminated quote', access(`${BAD}/demand-open-quote.csv`), /demand-open-quote\.csv, row 3: Quoted field unterminated/],
		['an empty file', access(`${BAD}/empty.csv`), /empty\.csv: the file is empty/],
		['a file of blank lines', access(`${BAD}/blank-lines.csv`), /blank-lines\.csv: the file is empty/],
		['a header with no rows', access(`${BAD}/header-only.csv`), /header-only\.csv: the file has a header row but no data rows/],
		['a missing file', access(`${F}/no-such-file.csv`), /no-such-file\.csv: cannot read the file \(no such file\)/],
		['a negative capacity', access(`${F}/demand.csv`, `${BAD}/supply-negative-capacity.csv`), /supply-negative-capacity\.csv, row 2, column "capacity": -1 is out of range/],
		['a capacity that is not a number', access(`${F}/demand.csv`, `${BAD}/supply-text-capacity.csv`), /supply-text-capacity\.csv, row 2, column "capacity": "lots" is not a number/],
		['a matrix pair given twice', access(`${F}/demand.csv`, `${F}/supply.csv`, ['--matrix', `${BAD}/times-duplicate-pair.csv`]), /times-duplicate-pair\.csv, row 3, column "destination": the pair A -> X is a duplicate of row 2/],
		['negative minutes', access(`${F}/demand.csv`, `${F}/supply.csv`, ['--matrix', `${BAD}/times-negative.csv`]), /times-negative\.csv, row 2, column "minutes": -3 is out of range/],
		['a matrix without minutes', access(`${F}/demand.csv`, `${F}/supply.csv`, ['--matrix', `${BAD}/times-no-minutes.csv`]), /times-no-minutes\.csv, row 1: missing column "minutes"/],
		[
			'candidates without longitude',
			['site', '--demand', `${F}/site-demand.csv`, '--candidates', `${BAD}/candidates-no-lon.csv`, '--radius-km', '6', '--k', '1'],
			/candidates-no-lon\.csv, row 1: missing column "lon"/
		],
		[
			'a bad existing-sites file',
			['site', '--demand', `${F}/site-demand.csv`, '--candidates', `${F}/candidates.csv`, '--existing', `${BAD}/demand-lat-range.csv`, '--radius-km', '6', '--k', '1'],
			/demand-lat-range\.csv, row 2, column "lat"/
		],
		['a bad supply file for nearest', ['nearest', '--demand', `${F}/demand.csv`, '--supply', `${BAD}/header-only.csv`], /header-only\.csv: the file has a header row but no data rows/]
	];

	it.each(cases)('%s', (_, argv, message) => {
		const out = join(dir, 'result.csv');
		const r = run([...argv, '--out', out]);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(message);
		expect(r.err.split('\n')[0]).toMatch(/^error: /);
		expect(existsSync(out)).toBe(false);
		expect(readdirSync(dir)).toEqual([]);
	});

	it.each(cases)('%s leaves an existing output file untouched', (_, argv) => {
		const out = join(dir, 'result.csv');
		writeFileSync(out, 'previous run\n');
		expect(run([...argv, '--out', out]).code).toBe(1);
		expect(readFileSync(out, 'utf8')).toBe('previous run\n');
		expect(readdirSync(dir)).toEqual(['result.csv']);
	});
});

describe('bad arguments stop the run with exit 1, the problem and the usage', () => {
	const base = ['--demand', `${F}/demand.csv`, '--supply', `${F}/supply.csv`];
	const cases: [string, string[], RegExp][] = [
		['no command', [], /a command is needed: access, site or nearest/],
		['an unknown command', ['score', ...base], /unknown command "score"/],
		['an unknown flag', ['nearest', ...base, '--radius', '5'], /unknown flag --radius for nearest/],
		['a flag of another command', ['nearest', ...base, '--k', '5'], /unknown flag --k for nearest/],
		['a flag without its value', ['nearest', ...base, '--supply'], /--supply needs a value/],
		['a stray argument', ['nearest', ...base, 'extra.csv'], /unexpected argument "extra.csv"/],
		['a flag given twice', ['nearest', ...base, '--demand', 'other.csv'], /--demand is given 2 times/],
		['a missing --out', ['nearest', ...base, '--out'], /--out needs a value/],
		['a missing --method', ['access', ...base, '--radius-km', '5'], /--method is required for access/],
		['an unknown method', ['access', '--method', '3sfca', ...base, '--radius-km', '5'], /--method must be 2sfca or e2sfca, got "3sfca"/],
		['a missing radius for 2sfca', ['access', '--method', '2sfca', ...base], /--radius-km is required for access/],
		['a radius that is not a number', ['access', '--method', '2sfca', ...base, '--radius-km', '30km'], /--radius-km must be a distance of 0 or more, got "30km"/],
		['a negative radius', ['access', '--method', '2sfca', ...base, '--radius-km=-3'], /--radius-km must be a distance of 0 or more, got "-3"/],
		['zones out of order', ['access', '--method', 'e2sfca', ...base, '--zones-km', '10,30,20', '--weights', '1,1,1'], /--zones-km must be distances > 0 in increasing order/],
		['weights that do not match the zones', ['access', '--method', 'e2sfca', ...base, '--zones-km', '10,20', '--weights', '1,0.5,0.2'], /--weights has 3 values but there are 2 zones/],
		['zones without weights', ['access', '--method', 'e2sfca', ...base, '--zones-km', '10,20'], /--weights is required with 2 zones/],
		['a weight that is not a number', ['access', '--method', 'e2sfca', ...base, '--weights', '1,x,0.2'], /--weights must be weights of 0 or more/],
		['a missing --k', ['site', '--demand', 'd.csv', '--candidates', 'c.csv', '--radius-km', '5'], /--k is required for site/],
		['a fractional --k', ['site', '--demand', 'd.csv', '--candidates', 'c.csv', '--radius-km', '5', '--k', '2.5'], /--k must be a whole number of sites/],
		['a missing --candidates', ['site', '--demand', 'd.csv', '--radius-km', '5', '--k', '2'], /--candidates is required for site/]
	];

	it.each(cases)('%s', (_, argv, message) => {
		const out = join(dir, 'result.csv');
		const withOut = argv.includes('--out') || argv.length === 0 ? argv : [...argv, '--out', out];
		const r = run(withOut);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(message);
		expect(r.err).toMatch(/usage: npm run analyze -- access --method 2sfca\|e2sfca/);
		expect(existsSync(out)).toBe(false);
	});

	it('names --out when it is missing', () => {
		const r = run(['nearest', ...base]);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/--out is required for nearest/);
	});

	it('refuses to write the output over an input file', () => {
		const r = run(['nearest', ...base, '--out', `${F}/supply.csv`]);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/--out tests\/fixtures\/analyze\/supply.csv is also an input file/);
		expect(readFileSync(`${F}/supply.csv`, 'utf8')).toBe('id,lat,lon,capacity\nX,0.05,-100,\nY,0.32,-100,2\n');
	});

	it('replaces an existing output in one step: a new file renamed over the old, never rewritten in place', () => {
		const out = join(dir, 'nearest.csv');
		writeFileSync(out, 'previous run\n');
		const before = statSync(out).ino;
		expect(run(['nearest', ...base, '--out', out]).code).toBe(0);
		expect(statSync(out).ino).not.toBe(before);
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-nearest.csv'));
		expect(readdirSync(dir)).toEqual(['nearest.csv']);
	});

	it('exits 1 without a partial file when the output folder does not exist', () => {
		const r = run(['nearest', ...base, '--out', join(dir, 'missing', 'nearest.csv')]);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/nearest\.csv: cannot write the output \(the folder does not exist\); nothing was written/);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('reads flags in any order and with = signs', () => {
		expect(parseAnalyzeArgs(['site', '--k=3', '--out', 'o.csv', '--radius-km=25', '--candidates', 'c.csv', '--demand', 'd.csv'])).toEqual({
			command: 'site',
			demand: 'd.csv',
			candidates: 'c.csv',
			existing: null,
			radiusKm: 25,
			k: 3,
			matrix: null,
			out: 'o.csv'
		});
		expect(() => parseAnalyzeArgs(['site'])).toThrow(UsageError);
	});

	it('prints the usage and exits 0 for --help', () => {
		const r = run(['--help']);
		expect(r.code).toBe(0);
		expect(r.out.join('\n')).toMatch(/npm run analyze -- nearest --demand demand.csv --supply supply.csv --out nearest.csv/);
	});
});

describe('the real command', () => {
	const exec = promisify(execFile);

	it('npm run analyze -- site prints covered, total and bound as its last stdout line', async () => {
		const out = join(dir, 'sites.csv');
		const { stdout } = await exec('npm', [
			'run', '--silent', 'analyze', '--', 'site', '--demand', `${F}/site-demand.csv`, '--candidates', `${F}/candidates.csv`,
			'--radius-km', '6', '--k', '2', '--out', out
		]);
		expect(stdout.trimEnd().split('\n').at(-1)).toBe('covered=10 total=10 bound=12.655813654954612');
		expect(readFileSync(out, 'utf8')).toBe(expected('expected-sites.csv'));
	});

	it('exits with status 1 and writes nothing on bad input', async () => {
		const out = join(dir, 'scores.csv');
		const failure = await exec('node_modules/.bin/tsx', [
			'scripts/analyze.ts', 'access', '--method', '2sfca', '--demand', `${BAD}/demand-lat-text.csv`, '--supply', `${F}/supply.csv`,
			'--radius-km', '20', '--out', out
		]).then(
			() => null,
			(e: { code: number; stderr: string }) => e
		);
		expect(failure?.code).toBe(1);
		expect(failure?.stderr).toMatch(/demand-lat-text\.csv, row 3, column "lat": "abc" is not a number/);
		expect(existsSync(out)).toBe(false);
	});
});
