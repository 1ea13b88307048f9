import { describe, expect, it } from 'vitest';
import {
	CHANNEL_SPEC,
	PARTNER_TYPE_SPEC,
	SERVICE_SPEC,
	foldKey,
	normaliseBoolean,
	normaliseCount,
	normaliseCountyFips,
	normaliseDate,
	normaliseEnum,
	normaliseEnumList,
	normaliseGeoId,
	normaliseInteger,
	normaliseLatitude,
	normaliseLevel,
	normaliseLongitude,
	normaliseMonth,
	normaliseNumber,
	normaliseStateFips,
	normaliseText,
	normaliseZip,
	type Normalised
} from '../../src/lib/server/imports/normalise';
import { INDICATOR_SPEC } from '../../src/lib/server/imports/population';

const value = <T>(r: Normalised<T>) => (r.ok ? r.value : `error: ${r.expected}`);

describe('ZIP and FIPS codes', () => {
	it('restores the leading zeros a spreadsheet dropped and cuts ZIP+4', () => {
		expect(['92101', '501', '00501', ' 2134 ', '92101-1234', '92101 1234', '921011234', '501.0'].map((s) => value(normaliseZip(s)))).toEqual([
			'92101',
			'00501',
			'00501',
			'02134',
			'92101',
			'92101',
			'92101',
			'00501'
		]);
	});

	it('refuses ZIP codes that cannot be one, saying what a ZIP code looks like', () => {
		for (const bad of ['', '12', '123456', '00000', 'ABCDE', '92101-12', '9210a', '-92101', '1e4']) {
			const r = normaliseZip(bad);
			expect(r.ok, bad).toBe(false);
			if (!r.ok) expect(r.expected).toBe('a 5-digit ZIP code such as 92101 (501 is read as 00501, 92101-1234 as 92101)');
		}
	});

	it('pads county FIPS codes to five digits and state codes to two', () => {
		expect(value(normaliseCountyFips('6073'))).toBe('06073');
		expect(value(normaliseCountyFips('48201'))).toBe('48201');
		expect(value(normaliseCountyFips('6073.0'))).toBe('06073');
		for (const bad of ['673', '606073', '06000', '00073', 'x6073']) expect(normaliseCountyFips(bad).ok, bad).toBe(false);
		expect(value(normaliseStateFips('6'))).toBe('06');
		expect(normaliseStateFips('99').ok).toBe(false);
	});
});

describe('months and dates', () => {
	it('reads every way a month is written into YYYY-MM', () => {
		const inputs = ['2024-03', '2024-3', '03/2024', '3/2024', '3-2024', '2024/03', '202403', 'mar 2024', 'Mar-24', 'marzo 2024', 'Marzo de 2024', 'MARCH 2024', 'mar. 2024', '2024-03-01', '2024-03-31', '15/03/2024', '03/15/2024', '1/3/2024'.replace('1/3', '3/3')];
		for (const s of inputs) expect(value(normaliseMonth(s)), s).toBe('2024-03');
		expect(value(normaliseMonth('sept 2023'))).toBe('2023-09');
		expect(value(normaliseMonth('dic 2022'))).toBe('2022-12');
		expect(value(normaliseMonth('ago 2021'))).toBe('2021-08');
	});

	it('refuses months that do not exist and days that could be two different months', () => {
		for (const bad of ['13/2024', '2024-13', '2024-00', '03/04/2024', 'marzp 2024', '2024', 'March', '1850-01', '2024-02-30', '']) {
			const r = normaliseMonth(bad);
			expect(r.ok, bad).toBe(false);
			if (!r.ok) expect(r.expected).toBe('a month such as 2024-03, 03/2024, 2024/03, mar 2024 or marzo 2024');
		}
	});

	it('reads days in ISO form and d/m/y or m/d/y only where they cannot be confused', () => {
		expect(value(normaliseDate('2024-02-29'))).toBe('2024-02-29');
		expect(value(normaliseDate('2024-03-01T00:00:00Z'))).toBe('2024-03-01');
		expect(value(normaliseDate('15/03/2024'))).toBe('2024-03-15');
		expect(value(normaliseDate('03/15/2024'))).toBe('2024-03-15');
		expect(value(normaliseDate('07/07/2024'))).toBe('2024-07-07');
		for (const bad of ['2023-02-29', '03/04/2024', '2024-03', '32/01/2024', 'yesterday']) expect(normaliseDate(bad).ok, bad).toBe(false);
	});
});

describe('numbers', () => {
	it('reads whole numbers with comma, dot or space thousands separators, one kind per number', () => {
		const cases: [string, number][] = [
			['0', 0],
			['1234', 1234],
			['1,234', 1234],
			['1.234', 1234],
			['1 234', 1234],
			['1\u00a0234\u00a0567', 1234567],
			['1\u202f234', 1234],
			['12,345,678', 12345678],
			['1.234.567', 1234567],
			['12.00', 12],
			['1,234.00', 1234],
			['1.234,0', 1234],
			['+7', 7],
			['-5', -5]
		];
		for (const [s, n] of cases) expect(value(normaliseInteger(s)), s).toBe(n);
	});

	it('refuses decimals, misplaced separators and mixed separators', () => {
		for (const bad of ['12.5', '1,23', '1.2.3', '1,234,56', '1,234.5', '12,5', '1 23', '1e3', 'abc', '1,2345', '', '--1', '1.234,567']) {
			const r = normaliseInteger(bad);
			expect(r.ok, bad).toBe(false);
			if (!r.ok) expect(r.expected).toBe('a whole number such as 1234, 1,234 or 1 234');
		}
	});

	it('counts are whole numbers of 0 or more', () => {
		expect(value(normaliseCount('0'))).toBe(0);
		const r = normaliseCount('-3');
		expect(r.ok ? null : r.expected).toBe('a number of 0 or more');
	});

	it('reads decimals with a dot, or a comma where it cannot be a thousands separator', () => {
		const cases: [string, number][] = [
			['32.7157', 32.7157],
			['-117.1611', -117.1611],
			['32,7157', 32.7157],
			['-117,16', -117.16],
			['1,234.5', 1234.5],
			['1.234,5', 1234.5],
			['.5', 0.5],
			['1,234', 1234],
			['-112.074', -112.074],
			['33.448', 33.448],
			['1.234.567', 1234567],
			['-0.5', -0.5]
		];
		for (const [s, n] of cases) expect(value(normaliseNumber(s)), s).toBe(n);
		for (const bad of ['1.2.3', '32,71,57', 'N/A', '1,2,3']) expect(normaliseNumber(bad).ok, bad).toBe(false);
	});

	it('keeps latitudes within ±90 and longitudes within ±180', () => {
		expect(value(normaliseLatitude('32.7157'))).toBe(32.7157);
		expect(normaliseLatitude('-117.16').ok).toBe(false);
		expect(value(normaliseLongitude('-117.16'))).toBe(-117.16);
		expect(normaliseLongitude('181').ok).toBe(false);
	});
});

describe('yes/no, text and labels', () => {
	it('reads sí/no and yes/no in any case, with or without the accent', () => {
		for (const s of ['sí', 'Si', 'SÍ', 'yes', 'Y', 'true', 'verdadero', '1', 'x']) expect(value(normaliseBoolean(s)), s).toBe(true);
		for (const s of ['no', 'No', 'N', 'false', 'falso', '0']) expect(value(normaliseBoolean(s)), s).toBe(false);
		const r = normaliseBoolean('quizás');
		expect(r.ok ? null : r.expected).toBe('sí/no or yes/no');
	});

	it('keeps text as written, HTML and SQL included, but refuses control characters and overlong text', () => {
		expect(value(normaliseText("  <script>alert('x')</script>  "))).toBe("<script>alert('x')</script>");
		expect(value(normaliseText("Robert'); DROP TABLE partners;--"))).toBe("Robert'); DROP TABLE partners;--");
		expect(normaliseText('a\u0000b').ok).toBe(false);
		expect(normaliseText('x'.repeat(201)).ok).toBe(false);
		expect(value(normaliseText('Clínica San José'))).toBe('Clínica San José');
	});

	it('folds names: case, accents, ñ and punctuation do not matter', () => {
		expect(foldKey('Código Postal')).toBe(foldKey('codigo_postal'));
		expect(foldKey('Niños')).toBe('ninos');
		expect(foldKey('LGBTQ+')).toBe('lgbtq');
	});

	it('reads channels, service and partner types from codes, labels in both languages and everyday words', () => {
		for (const s of ['Feria', 'health week fair', 'health_week_fair', 'Health-week fair', 'Feria de la Semana de Salud', 'FERIA']) {
			expect(value(normaliseEnum(s, CHANNEL_SPEC)), s).toBe('health_week_fair');
		}
		expect(value(normaliseEnum('Ventanilla', CHANNEL_SPEC))).toBe('desk');
		expect(value(normaliseEnum('Unidad móvil', CHANNEL_SPEC))).toBe('mobile_unit');
		expect(value(normaliseEnum('Presión arterial', SERVICE_SPEC))).toBe('blood_pressure');
		expect(value(normaliseEnum('VIH', SERVICE_SPEC))).toBe('hiv_test');
		expect(value(normaliseEnum('Clínica', PARTNER_TYPE_SPEC))).toBe('clinic');
		expect(value(normaliseEnum('Centro de salud comunitario', PARTNER_TYPE_SPEC))).toBe('community_health_center');
		expect(value(normaliseEnum('B03001_004E', INDICATOR_SPEC))).toBe('mexican_origin');
		const r = normaliseEnum('carrier pigeon', CHANNEL_SPEC);
		expect(r.ok ? null : r.expected).toBe('one of: desk, health_week_fair, mobile_unit');
	});

	it('reads lists of services separated by ; | , or /, without repeats', () => {
		expect(value(normaliseEnumList('glucosa; VIH | glucose/Vacunación', SERVICE_SPEC))).toEqual(['glucose', 'hiv_test', 'vaccination']);
		expect(value(normaliseEnumList('', SERVICE_SPEC))).toEqual([]);
		expect(normaliseEnumList('glucosa; magia', SERVICE_SPEC).ok).toBe(false);
	});
});

describe('Census geography', () => {
	it('reads GEO_IDs by their summary level', () => {
		expect(value(normaliseGeoId('0500000US06073'))).toEqual({ level: 'county', code: '06073' });
		expect(value(normaliseGeoId('860Z200US92101'))).toEqual({ level: 'zcta', code: '92101' });
		expect(value(normaliseGeoId('8600000US00501'))).toEqual({ level: 'zcta', code: '00501' });
		expect(value(normaliseGeoId('0400000US06'))).toEqual({ level: 'state', code: '06' });
		expect(value(normaliseGeoId('1400000US06073000100'))).toEqual({ level: 'tract', code: '06073000100' });
	});

	it('reads plain codes with their level, restoring leading zeros, and refuses a 5-digit code without one', () => {
		expect(value(normaliseGeoId('6073', 'county'))).toEqual({ level: 'county', code: '06073' });
		expect(value(normaliseGeoId('501', 'zcta'))).toEqual({ level: 'zcta', code: '00501' });
		expect(normaliseGeoId('73', 'county').ok).toBe(false);
		expect(value(normaliseGeoId('6'))).toEqual({ level: 'state', code: '06' });
		for (const bad of ['06073', '0500000US6073', '1600000US0644000', '0500000US06073', 'US06073']) {
			const level = bad === '0500000US06073' ? 'zcta' : null;
			expect(normaliseGeoId(bad, level).ok, bad).toBe(false);
		}
		expect(value(normaliseLevel('Condado'))).toBe('county');
		expect(value(normaliseLevel('código postal'))).toBe('zcta');
		expect(normaliseLevel('barrio').ok).toBe(false);
	});
});
