/**
 * `npm run analyze`: the analysis methods from the command line, for analysts and batch jobs.
 * Formats (fixed; other tools read them) are in src/lib/analysis/README.md.
 *
 * Every input is read and checked before anything is computed, and the output file is written in
 * one step at the end (temporary file + rename), so a failed run leaves no partial or changed file.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_WEIGHTS, DEFAULT_ZONES, enhancedTwoStepFca, twoStepFca } from '../../analysis/fca';
import { nearest } from '../../analysis/nearest';
import { siteMclp } from '../../analysis/siting';
import { travelMatrix, type TravelMatrix } from '../../analysis/types';
import { InputError, parseDecimal, readDemand, readSites, readSupply, readTravelTimes } from './csv';
import { formatNumber, OutputError, toCsv, writeFileAtomic } from './write';

export const USAGE = [
	'usage: npm run analyze -- access --method 2sfca|e2sfca --demand demand.csv --supply supply.csv --radius-km 30',
	'                              [--zones-km 10,20,30 --weights 1,0.68,0.22] [--matrix times.csv] --out scores.csv',
	'       npm run analyze -- site --demand demand.csv --candidates candidates.csv [--existing existing.csv]',
	'                              --radius-km 25 --k 10 [--matrix times.csv] --out sites.csv',
	'       npm run analyze -- nearest --demand demand.csv --supply supply.csv --out nearest.csv'
].join('\n');

/** Bad command-line arguments; the message names the flag. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

export interface AccessArgs {
	command: 'access';
	method: '2sfca' | 'e2sfca';
	demand: string;
	supply: string;
	/** Required for 2sfca; for e2sfca the zones set the catchment. */
	radiusKm: number | null;
	zonesKm: number[] | null;
	weights: number[] | null;
	matrix: string | null;
	out: string;
}

export interface SiteArgs {
	command: 'site';
	demand: string;
	candidates: string;
	existing: string | null;
	radiusKm: number;
	k: number;
	matrix: string | null;
	out: string;
}

export interface NearestArgs {
	command: 'nearest';
	demand: string;
	supply: string;
	out: string;
}

export type AnalyzeArgs = AccessArgs | SiteArgs | NearestArgs;

const FLAGS = {
	access: ['method', 'demand', 'supply', 'radius-km', 'zones-km', 'weights', 'matrix', 'out'],
	site: ['demand', 'candidates', 'existing', 'radius-km', 'k', 'matrix', 'out'],
	nearest: ['demand', 'supply', 'out']
} as const;
type Command = keyof typeof FLAGS;

function parseNumber(flag: string, text: string, what: string): number {
	const value = parseDecimal(text);
	if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${flag} must be ${what}, got "${text}"`);
	return value;
}

function parseList(flag: string, text: string, what: string): number[] {
	return text.split(',').map((part) => parseNumber(flag, part, what));
}

/** Reads the arguments after `--`. Throws UsageError naming the unknown, repeated, missing or bad flag. */
export function parseAnalyzeArgs(argv: string[]): AnalyzeArgs {
	const command = argv[0];
	if (command === undefined) throw new UsageError('a command is needed: access, site or nearest');
	if (!(command in FLAGS)) throw new UsageError(`unknown command "${command}"; expected access, site or nearest`);
	const known = FLAGS[command as Command];
	let values: Record<string, string | boolean | undefined>;
	let tokens: { kind: string; name?: string }[];
	try {
		({ values, tokens } = parseArgs({
			args: argv.slice(1),
			options: Object.fromEntries(known.map((f) => [f, { type: 'string' as const }])),
			strict: true,
			allowPositionals: false,
			tokens: true
		}));
	} catch (e) {
		const message = (e as Error).message;
		const unknown = /Unknown option '([^']+)'/.exec(message);
		if (unknown) throw new UsageError(`unknown flag ${unknown[1]} for ${command} (its flags: ${known.map((f) => `--${f}`).join(', ')})`);
		const missing = /Option '(--[\w-]+)/.exec(message);
		if (missing) throw new UsageError(`${missing[1]} needs a value`);
		const positional = /Unexpected argument '([^']*)'/.exec(message);
		if (positional) throw new UsageError(`unexpected argument "${positional[1]}" (every value follows its flag, e.g. --demand demand.csv)`);
		throw new UsageError(message);
	}
	const counts = new Map<string, number>();
	for (const t of tokens) if (t.kind === 'option' && t.name) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
	for (const [name, n] of counts) if (n > 1) throw new UsageError(`--${name} is given ${n} times; give it once`);
	const text = (flag: string): string | null => {
		const v = values[flag];
		if (v === undefined) return null;
		if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${flag} needs a value`);
		return v.trim();
	};
	const required = (flag: string): string => {
		const v = text(flag);
		if (v === null) throw new UsageError(`--${flag} is required for ${command}`);
		return v;
	};

	if (command === 'nearest') return { command, demand: required('demand'), supply: required('supply'), out: required('out') };

	if (command === 'site') {
		const kText = required('k');
		if (!/^\d+$/.test(kText)) throw new UsageError(`--k must be a whole number of sites, 0 or more, got "${kText}"`);
		return {
			command,
			demand: required('demand'),
			candidates: required('candidates'),
			existing: text('existing'),
			radiusKm: parseNumber('radius-km', required('radius-km'), 'a distance of 0 or more'),
			k: Number(kText),
			matrix: text('matrix'),
			out: required('out')
		};
	}

	const method = required('method').toLowerCase();
	if (method !== '2sfca' && method !== 'e2sfca') throw new UsageError(`--method must be 2sfca or e2sfca, got "${method}"`);
	const radiusText = method === '2sfca' ? required('radius-km') : text('radius-km');
	const zonesText = text('zones-km');
	const weightsText = text('weights');
	const zonesKm = zonesText === null ? null : parseList('zones-km', zonesText, 'distances > 0 in increasing order, e.g. 10,20,30');
	const weights = weightsText === null ? null : parseList('weights', weightsText, 'weights of 0 or more, one per zone, e.g. 1,0.68,0.22');
	if (method === 'e2sfca') {
		const zones = zonesKm ?? [...DEFAULT_ZONES];
		if (zones.some((z, k) => z <= 0 || (k > 0 && z <= zones[k - 1]))) {
			throw new UsageError(`--zones-km must be distances > 0 in increasing order, e.g. 10,20,30, got "${zonesText}"`);
		}
		const weightCount = weights?.length ?? (zones.length === DEFAULT_WEIGHTS.length ? zones.length : 0);
		if (weightCount !== zones.length) {
			throw new UsageError(
				weights
					? `--weights has ${weights.length} values but there are ${zones.length} zones; give one weight per zone`
					: `--weights is required with ${zones.length} zones (the default weights 1,0.68,0.22 are for 3)`
			);
		}
	}
	return {
		command: 'access',
		method,
		demand: required('demand'),
		supply: required('supply'),
		radiusKm: radiusText === null ? null : parseNumber('radius-km', radiusText, 'a distance of 0 or more'),
		zonesKm,
		weights,
		matrix: text('matrix'),
		out: required('out')
	};
}

function inputsOf(args: AnalyzeArgs): string[] {
	const files = [args.demand];
	if (args.command === 'site') files.push(args.candidates, args.existing ?? '', args.matrix ?? '');
	else files.push(args.supply, args.command === 'access' ? (args.matrix ?? '') : '');
	return files.filter((f) => f !== '');
}

function readMatrix(file: string | null): TravelMatrix | null {
	return file === null ? null : travelMatrix(readTravelTimes(file));
}

export interface AnalyzeDeps {
	/** One line of normal output (stdout). */
	log?: (line: string) => void;
	/** One line of error output (stderr). */
	error?: (line: string) => void;
}

function runAccess(args: AccessArgs, log: (line: string) => void, note: (line: string) => void): void {
	const demand = readDemand(args.demand);
	const supply = readSupply(args.supply);
	const matrix = readMatrix(args.matrix);
	const unit = matrix ? 'minutes' : 'km';
	let scores: number[];
	let how: string;
	if (args.method === '2sfca') {
		const radius = args.radiusKm!;
		if (args.zonesKm || args.weights) note('note: --zones-km and --weights apply to --method e2sfca only; ignored');
		scores = (matrix ? twoStepFca(demand, supply, { catchmentMinutes: radius, matrix }) : twoStepFca(demand, supply, { catchmentKm: radius })).scores;
		how = `2SFCA, catchment ${radius} ${unit}`;
	} else {
		const zones = args.zonesKm ?? [...DEFAULT_ZONES];
		const weights = args.weights ?? [...DEFAULT_WEIGHTS];
		if (args.radiusKm !== null && args.radiusKm !== zones[zones.length - 1]) {
			note(`note: for e2sfca the zones set the catchment (outer edge ${zones[zones.length - 1]} ${unit}); --radius-km ${args.radiusKm} is ignored`);
		}
		scores = (
			matrix
				? enhancedTwoStepFca(demand, supply, { zonesMinutes: zones, weights, matrix })
				: enhancedTwoStepFca(demand, supply, { zonesKm: zones, weights })
		).scores;
		how = `E2SFCA, zones ${zones.join('/')} ${unit}, weights ${weights.join('/')}`;
	}
	writeFileAtomic(args.out, toCsv(['id', 'score'], demand.map((p, i) => [p.id, scores[i]])));
	log(`${how}: ${demand.length} demand points, ${supply.length} supply points`);
	log(`wrote ${args.out} (score = supply per 1,000 people)`);
}

function runSite(args: SiteArgs, log: (line: string) => void, note: (line: string) => void): void {
	const demand = readDemand(args.demand);
	const candidates = readSites(args.candidates);
	const existing = args.existing ? readSites(args.existing) : [];
	const matrix = readMatrix(args.matrix);
	const unit = matrix ? 'minutes' : 'km';
	if (args.k > candidates.length) note(`note: --k ${args.k} is more than the ${candidates.length} candidates; choosing all of them`);
	const r = matrix
		? siteMclp(demand, candidates, existing, { k: args.k, radiusMinutes: args.radiusKm, matrix })
		: siteMclp(demand, candidates, existing, { k: args.k, radiusKm: args.radiusKm });
	const rows = r.sites.map((s) => [s.rank, s.id, s.newCovered, s.cumulativeCovered]);
	writeFileAtomic(args.out, toCsv(['rank', 'id', 'new_covered', 'cumulative_covered'], rows));
	log(`${existing.length} existing sites cover ${formatNumber(r.coveredBefore)} of ${formatNumber(r.totalPopulation)} people within ${args.radiusKm} ${unit}`);
	log(`chose ${r.sites.length} of ${candidates.length} candidates (greedy ${formatNumber(r.greedyCovered)}, ${r.swaps} improving swaps)`);
	log(`wrote ${args.out}`);
	log(`covered=${formatNumber(r.coveredAfter)} total=${formatNumber(r.totalPopulation)} bound=${formatNumber(r.upperBound)}`);
}

function runNearest(args: NearestArgs, log: (line: string) => void): void {
	const demand = readDemand(args.demand);
	const supply = readSupply(args.supply);
	const rows = nearest(demand, supply).map((r) => [r.id, r.supplyId ?? '', r.distance ?? '']);
	writeFileAtomic(args.out, toCsv(['id', 'supply_id', 'distance_km'], rows));
	log(`nearest of ${supply.length} supply points for ${demand.length} demand points`);
	log(`wrote ${args.out}`);
}

/**
 * Runs one command. Returns the exit code: 0 on success; 1 with a message on `error` (and the
 * usage for argument problems) when anything is wrong, in which case no output file was written.
 */
export function runAnalyze(argv: string[], deps: AnalyzeDeps = {}): number {
	const { log = console.log, error = console.error } = deps;
	if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
		log(USAGE);
		return 0;
	}
	try {
		const args = parseAnalyzeArgs(argv);
		if (inputsOf(args).some((f) => resolve(f) === resolve(args.out))) {
			throw new UsageError(`--out ${args.out} is also an input file; write the result elsewhere`);
		}
		if (args.command === 'access') runAccess(args, log, error);
		else if (args.command === 'site') runSite(args, log, error);
		else runNearest(args, log);
		return 0;
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		error(`error: ${message}`);
		if (e instanceof UsageError) error(USAGE);
		else if (!(e instanceof InputError || e instanceof OutputError)) error('(unexpected error: please report it with the command you ran)');
		return 1;
	}
}
