import { describe, expect, it } from 'vitest';
import { parseAcsArgs, runAcs, UsageError } from '../../src/lib/server/acs/cli';
import { fakeCensus } from '../fixtures/acs/fake-census';

const KEY = 'cli-SECRET-key-42';

describe('parseAcsArgs', () => {
	it('reads year, geography and state (postal or FIPS)', () => {
		expect(parseAcsArgs(['--year', '2023', '--geo', 'tract', '--state', 'ca'], 2026)).toEqual({
			request: { year: 2023, geo: 'tract', state: { abbr: 'CA', fips: '06', name: 'California' } },
			from: null,
			save: null
		});
		expect(parseAcsArgs(['--year=2023', '--geo=county', '--state=48', '--save', 'raw'], 2026)).toMatchObject({
			request: { geo: 'county', state: { abbr: 'TX' } },
			save: 'raw'
		});
		expect(parseAcsArgs(['--year', '2022', '--geo', 'zcta', '--from', 'raw'], 2026).from).toBe('raw');
	});

	it.each([
		[[], /--year is required/],
		[['--year', '23', '--geo', 'county'], /--year must be a year from 2009 to 2025, got "23"/],
		[['--year', '2026', '--geo', 'county'], /--year must be a year from 2009 to 2025/],
		[['--year', '2023'], /--geo is required/],
		[['--year', '2023', '--geo', 'place'], /--geo must be one of county, zcta, tract, got "place"/],
		[['--year', '2023', '--geo', 'tract'], /--geo tract needs --state/],
		[['--year', '2023', '--geo', 'zcta', '--state', 'CA'], /--state does not apply to --geo zcta/],
		[['--year', '2023', '--geo', 'county', '--state', 'XX'], /--state: unknown state "XX"/],
		[['--year', '2023', '--geo', 'county', '--from', 'a', '--save', 'b'], /--from and --save cannot be combined/],
		[['--year', '2023', '--geo', 'county', '--from', ''], /--from needs a directory/],
		[['--year', '2023', '--geo', 'county', '--key', 'x'], /Unknown option '--key'/],
		[['--year', '2023', '--geo', 'county', 'extra'], /positional/]
	])('refuses %j, naming the problem', (argv, message) => {
		expect(() => parseAcsArgs(argv as string[], 2026)).toThrow(UsageError);
		expect(() => parseAcsArgs(argv as string[], 2026)).toThrow(message);
	});
});

function run(argv: string[], env: Record<string, string | undefined>, fetch = fakeCensus(KEY)) {
	const out: string[] = [];
	const err: string[] = [];
	let opened = 0;
	const result = runAcs(argv, {
		env,
		fetch: fetch.fetch,
		log: (l) => out.push(l),
		error: (l) => err.push(l),
		openDb: async () => {
			opened += 1;
			throw new Error('the database must not be opened in this test');
		}
	});
	return result.then((code) => ({ code, out, err, opened: () => opened, calls: fetch.calls }));
}

describe('runAcs', () => {
	it('exits 1 with the usage on bad arguments, before any request', async () => {
		const r = await run(['--year', '2023', '--geo', 'state'], { CENSUS_API_KEY: KEY });
		expect(r.code).toBe(1);
		expect(r.err[0]).toMatch(/--geo must be one of/);
		expect(r.err[1]).toMatch(/^usage: npm run data:acs -- --year 2023 --geo county\|zcta\|tract/);
		expect(r.calls).toHaveLength(0);
	});

	it('exits 1 naming CENSUS_API_KEY when it is missing and there is no --from, before any request or database', async () => {
		const r = await run(['--year', '2023', '--geo', 'county'], { CENSUS_API_KEY: '  ' });
		expect(r.code).toBe(1);
		expect(r.err.join('\n')).toMatch(/CENSUS_API_KEY is not set.*--from DIR/);
		expect(r.calls).toHaveLength(0);
		expect(r.opened()).toBe(0);
	});

	it('exits 1 on a rejected key, without printing the key and without opening the database', async () => {
		const r = await run(['--year', '2023', '--geo', 'county'], { CENSUS_API_KEY: KEY }, fakeCensus('another-key'));
		expect(r.code).toBe(1);
		expect(r.err.join('\n')).toMatch(/missing or invalid key/);
		expect([...r.out, ...r.err].join('\n')).not.toContain(KEY);
		expect(r.opened()).toBe(0);
	});

	it('exits 1 when --from names a folder without saved answers', async () => {
		const r = await run(['--year', '2023', '--geo', 'county', '--from', 'tests/fixtures/acs/nowhere'], {});
		expect(r.code).toBe(1);
		expect(r.err[0]).toMatch(/no saved group metadata/);
		expect(r.opened()).toBe(0);
	});
});
