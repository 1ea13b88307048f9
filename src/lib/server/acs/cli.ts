/**
 * `npm run data:acs`: argument parsing and the run itself, with the environment, fetch, output and
 * database opener passed in so tests drive it without a network or a data directory.
 */
import { parseArgs } from 'node:util';
import { openDb as defaultOpenDb, type DbHandle, type DbOptions } from '../db/client';
import { dbOptionsFromEnv, migrationsDirFromEnv } from '../config';
import { AcsKeyError, downloadAcs, missingKeyMessage, redactKey, type FetchFn } from './census-api';
import { FIRST_ACS5_YEAR, acsVintage, type AcsRequest } from './dataset';
import { ACS_GEOS, resolveState, type AcsGeo, type State } from './geography';
import { readAcsResponses, saveAcsResponses } from './files';
import { loadAcs } from './load';
import { ACS_INDICATORS } from './variables';

export const USAGE =
	'usage: npm run data:acs -- --year 2023 --geo county|zcta|tract [--state XX] [--from DIR] [--save DIR]';

/** Bad command-line arguments; the message names the problem. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

export interface AcsCliOptions {
	request: AcsRequest;
	/** Read saved answers from this directory instead of calling the API. */
	from: string | null;
	/** Also write the downloaded answers under this directory. */
	save: string | null;
}

/**
 * Parses the arguments after `--`. Throws UsageError naming the bad or missing argument. The latest
 * year accepted is the one before `thisYear` (5-year estimates come out about a year after they end).
 */
export function parseAcsArgs(argv: string[], thisYear = new Date().getUTCFullYear()): AcsCliOptions {
	let values: Record<string, string | boolean | undefined>;
	try {
		({ values } = parseArgs({
			args: argv,
			options: {
				year: { type: 'string' },
				geo: { type: 'string' },
				state: { type: 'string' },
				from: { type: 'string' },
				save: { type: 'string' }
			},
			strict: true,
			allowPositionals: false
		}));
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const text = (name: string) => {
		const v = values[name];
		return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
	};
	const yearText = text('year');
	if (!yearText) throw new UsageError('--year is required (the last year of the 5-year period, e.g. --year 2023)');
	const year = Number(yearText);
	if (!/^\d{4}$/.test(yearText) || year < FIRST_ACS5_YEAR || year > thisYear - 1) {
		throw new UsageError(`--year must be a year from ${FIRST_ACS5_YEAR} to ${thisYear - 1}, got "${yearText}"`);
	}
	const geoText = text('geo');
	if (!geoText) throw new UsageError(`--geo is required (${ACS_GEOS.join(', ')})`);
	if (!ACS_GEOS.includes(geoText as AcsGeo)) {
		throw new UsageError(`--geo must be one of ${ACS_GEOS.join(', ')}, got "${geoText}"`);
	}
	const geo = geoText as AcsGeo;
	const stateText = text('state');
	let state: State | null = null;
	if (stateText) {
		try {
			state = resolveState(stateText);
		} catch (e) {
			throw new UsageError(`--state: ${(e as Error).message}`);
		}
	}
	if (geo === 'tract' && !state) {
		throw new UsageError('--geo tract needs --state (e.g. --state CA or --state 06): tracts are loaded one state at a time');
	}
	if (geo === 'zcta' && state) {
		throw new UsageError('--state does not apply to --geo zcta: the API serves ZCTAs nationally, not by state');
	}
	for (const name of ['from', 'save']) {
		if (name in values && !text(name)) throw new UsageError(`--${name} needs a directory`);
	}
	const from = text('from');
	const save = text('save');
	if (from && save) throw new UsageError('--from and --save cannot be combined: --save keeps what is downloaded, --from downloads nothing');
	return { request: { year, geo, state }, from, save };
}

export interface RunDeps {
	env?: Record<string, string | undefined>;
	fetch?: FetchFn;
	/** One line of normal output. */
	log?: (line: string) => void;
	/** One line of error output. */
	error?: (line: string) => void;
	openDb?: (options: DbOptions) => Promise<DbHandle>;
	/** Most variables per API call (tests force several calls). */
	variableLimit?: number;
}

/**
 * Runs one load: checks arguments and key, downloads (or reads) the answers, saves them if asked,
 * then migrates and loads the database and prints rows written per indicator. Returns the exit
 * code: 0 on success, 1 with a message on `error` otherwise. No output line contains the key.
 */
export async function runAcs(argv: string[], deps: RunDeps = {}): Promise<number> {
	const { env = process.env, log = console.log, error = console.error, openDb = defaultOpenDb } = deps;
	const key = env.CENSUS_API_KEY?.trim() ?? '';
	try {
		const { request, from, save } = parseAcsArgs(argv);
		if (!from && !key) {
			throw new AcsKeyError(missingKeyMessage());
		}
		const responses = from
			? await readAcsResponses(from, request)
			: await downloadAcs(request, { key, fetch: deps.fetch, variableLimit: deps.variableLimit });
		if (save) {
			const files = await saveAcsResponses(save, request, responses);
			log(`Saved ${files.length} answers under ${save}`);
		}
		const handle = await openDb(dbOptionsFromEnv(env));
		try {
			await handle.migrate(migrationsDirFromEnv(env));
			const result = await loadAcs(handle.db, request, responses);
			const where = request.state ? `, ${request.state.name}` : '';
			log(
				`${acsVintage(request.year)}, ${result.areaCount} ${request.geo} areas${where}` +
					` (batch ${result.batchId}; Mexico-born = ${result.mexicoBornVariable})`
			);
			log('Rows written per indicator:');
			for (const indicator of ACS_INDICATORS) log(`  ${indicator.padEnd(20)} ${result.byIndicator[indicator]}`);
			if (request.geo === 'tract') log(`  ${'new tract areas'.padEnd(20)} ${result.areasAdded}`);
		} finally {
			await handle.close();
		}
		return 0;
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		error(redactKey(message, key));
		if (e instanceof UsageError) error(USAGE);
		return 1;
	}
}
