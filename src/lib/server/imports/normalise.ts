/**
 * Cell normalisers: one spreadsheet cell (text, already trimmed of nothing) in, a clean value or what
 * was expected out. Pure; the rules are the ones README.md documents.
 */
import { CHANNELS, PARTNER_TYPES, SERVICE_TYPES } from '../../filters';
import { common } from '../../i18n/common';
import { message, type MessageKey, type MessageVars } from './messages';

export type Normalised<T> = { ok: true; value: T } | { ok: false; key: MessageKey; vars: MessageVars; expected: string };

export function ok<T>(value: T): Normalised<T> {
	return { ok: true, value };
}

/** A failure: what was expected, as a message key, its variables and the English text. */
export function fail<T = never>(key: MessageKey, vars: MessageVars = {}): Normalised<T> {
	return { ok: false, key, vars, expected: message(key, vars) };
}

/**
 * Key for comparing names and labels: lower case, accents off, "ñ" as "n", anything that is not
 * a letter or digit dropped. "Código Postal" and "codigo_postal" give the same key.
 */
export function foldKey(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

// Spaces a spreadsheet may put inside a number: space, no-break space, narrow no-break space, thin space.
const GROUP_SPACE = /(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}(?!\d))/g;

/** Leading zeros a spreadsheet dropped or a ".0" it added: "501", "501.0" -> "501". */
function digitsOf(raw: string): string | null {
	const s = raw.trim().replace(/\.0+$/, '');
	return /^\d+$/.test(s) ? s : null;
}

/**
 * A 5-digit ZIP code: leading zeros restored ("501" -> "00501"), ZIP+4 cut ("92101-1234" and
 * "921011234" -> "92101"). Three to five digits are padded; "00000" is refused.
 */
export function normaliseZip(raw: string): Normalised<string> {
	const s = raw.trim();
	const plus4 = /^(\d{3,5})[- ]\d{4}$/.exec(s) ?? (/^\d{9}$/.test(s) ? [s, s.slice(0, 5)] : null);
	const digits = plus4 ? plus4[1] : digitsOf(s);
	if (digits === null || digits.length < 3 || digits.length > 5) return fail('expected.zip');
	const zip = digits.padStart(5, '0');
	return zip === '00000' ? fail('expected.zip') : ok(zip);
}

/** A 5-digit county FIPS code, leading zero restored ("6073" -> "06073"). */
export function normaliseCountyFips(raw: string): Normalised<string> {
	const digits = digitsOf(raw);
	if (digits === null || digits.length < 4 || digits.length > 5) return fail('expected.countyFips');
	const fips = digits.padStart(5, '0');
	return fips.startsWith('00') || fips.endsWith('000') ? fail('expected.countyFips') : ok(fips);
}

/** A 2-digit state FIPS code ("6" -> "06"). */
export function normaliseStateFips(raw: string): Normalised<string> {
	const digits = digitsOf(raw);
	if (digits === null || digits.length > 2 || Number(digits) < 1 || Number(digits) > 78) return fail('expected.stateFips');
	return ok(digits.padStart(2, '0'));
}

/** Month names and abbreviations in Spanish and English, folded, to the month number. */
const MONTH_NAMES: Record<string, number> = {};
for (const [n, names] of [
	[1, 'ene enero jan january'],
	[2, 'feb febrero february'],
	[3, 'mar marzo march'],
	[4, 'abr abril apr april'],
	[5, 'may mayo'],
	[6, 'jun junio june'],
	[7, 'jul julio july'],
	[8, 'ago agosto aug august'],
	[9, 'sep sept septiembre setiembre september'],
	[10, 'oct octubre october'],
	[11, 'nov noviembre november'],
	[12, 'dic diciembre dec december']
] as const) {
	for (const name of names.split(' ')) MONTH_NAMES[name] = n;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function isoMonth(year: number, month: number): string | null {
	if (!Number.isInteger(year) || !Number.isInteger(month) || year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
	return `${year}-${String(month).padStart(2, '0')}`;
}

function isoDay(year: number, month: number, day: number): string | null {
	const m = isoMonth(year, month);
	if (!m || !Number.isInteger(day) || day < 1) return null;
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.getUTCMonth() === month - 1 ? `${m}-${String(day).padStart(2, '0')}` : null;
}

/**
 * A day written as 2024-03-15, 2024/03/15, or d/m/yyyy and m/d/yyyy where the two readings cannot
 * be confused: one number is over 12 (15/03/2024 and 03/15/2024 are both 15 March), or both are
 * the same (03/03/2024). 03/04/2024 is refused: 3 April in Mexico, 4 March in the United States.
 * Returns 'YYYY-MM-DD'.
 */
export function normaliseDate(raw: string): Normalised<string> {
	const s = raw.trim().replace(/[T ]00:00(:00(\.0+)?)?Z?$/, '');
	let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
	if (m) {
		const d = isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
		return d ? ok(d) : fail('expected.date');
	}
	m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
	if (m) {
		const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
		const dayFirst = a > 12 || a === b ? isoDay(year, b, a) : null;
		const monthFirst = b > 12 ? isoDay(year, a, b) : null;
		const d = dayFirst ?? monthFirst;
		return d ? ok(d) : fail('expected.date');
	}
	return fail('expected.date');
}

/**
 * A month, returned as 'YYYY-MM': 2024-03, 2024/03, 03/2024, 3/2024, 3-2024, "mar 2024",
 * "marzo 2024", "March 2024", "Mar-24" (Excel's mmm-yy: 20yy), "marzo de 2024", or a day
 * (2024-03-01, or d/m/yyyy as normaliseDate reads it; any day of the month gives its month).
 */
export function normaliseMonth(raw: string): Normalised<string> {
	const s = raw.trim();
	let m = /^(\d{4})[-/.](\d{1,2})$/.exec(s) ?? null;
	if (m) return orMonth(isoMonth(Number(m[1]), Number(m[2])));
	m = /^(\d{1,2})[-/.](\d{4})$/.exec(s);
	if (m) return orMonth(isoMonth(Number(m[2]), Number(m[1])));
	m = /^(\d{4})(\d{2})$/.exec(s);
	if (m) return orMonth(isoMonth(Number(m[1]), Number(m[2])));
	m = /^([\p{L}.]+)[\s\-/.,]*(?:de\s+|del\s+)?('?\d{2}|\d{4})$/iu.exec(s);
	if (m) {
		const month = MONTH_NAMES[foldKey(m[1])];
		const y = m[2].replace("'", '');
		const year = y.length === 2 ? 2000 + Number(y) : Number(y);
		return month ? orMonth(isoMonth(year, month)) : fail('expected.month');
	}
	const day = normaliseDate(s);
	return day.ok ? ok(day.value.slice(0, 7)) : fail('expected.month');
}

function orMonth(month: string | null): Normalised<string> {
	return month ? ok(month) : fail('expected.month');
}

/**
 * A whole number. The rule: digits, optionally grouped in threes by commas (1,234,567), by dots
 * (1.234.567, as written in Spain) or by spaces (1 234 567); one kind of separator per number;
 * a trailing ".0"/".00" or ",0" (a spreadsheet's decimals) is allowed. A dot followed by exactly
 * three digits is read as a thousands separator, since counts of people are never fractional:
 * "1.234" is 1234. Anything else with a decimal part is refused ("12.5"), as are "1,23" and "1.2.3".
 */
export function normaliseInteger(raw: string): Normalised<number> {
	let s = raw.trim().replace(GROUP_SPACE, '');
	const sign = s.startsWith('-') ? -1 : 1;
	if (sign < 0 || s.startsWith('+')) s = s.slice(1);
	let digits: string | null = null;
	if (/^\d+$/.test(s)) digits = s;
	else if (/^\d{1,3}(,\d{3})+(\.0+)?$/.test(s)) digits = s.replace(/\.0+$/, '').replaceAll(',', '');
	else if (/^\d{1,3}(\.\d{3})+(,0+)?$/.test(s)) digits = s.replace(/,0+$/, '').replaceAll('.', '');
	else if (/^\d+[.,]0+$/.test(s)) digits = s.replace(/[.,]0+$/, '');
	if (digits === null || digits.length > 15) return fail('expected.integer');
	return ok(sign * Number(digits));
}

/** A count: a whole number (normaliseInteger's rule) of 0 or more. */
export function normaliseCount(raw: string): Normalised<number> {
	const n = normaliseInteger(raw);
	if (!n.ok) return n;
	return n.value < 0 ? fail('expected.nonNegative') : n;
}

/**
 * A decimal number. A single dot is always the decimal mark (-112.074 is a longitude, not
 * 112,074), with optional comma grouping before it (1,234.5). Commas in groups of three are
 * thousands separators (1,234); a comma followed by other than three digits is the decimal mark
 * (32,7157 in a semicolon-separated file); dots in two or more groups of three are thousands
 * separators (1.234.567), also before a decimal comma (1.234,5).
 */
export function normaliseNumber(raw: string): Normalised<number> {
	const s = raw.trim().replace(GROUP_SPACE, '');
	const m = /^([+-]?)(.*)$/.exec(s)!;
	const [sign, body] = [m[1], m[2]];
	let plain: string | null = null;
	if (/^\d+$/.test(body)) plain = body;
	else if (/^\d{1,3}(,\d{3})+$/.test(body)) plain = body.replaceAll(',', '');
	else if (/^(\d{1,3}(,\d{3})+|\d*)\.\d+$/.test(body)) plain = body.replaceAll(',', '');
	else if (/^\d{1,3}(\.\d{3}){2,}$/.test(body)) plain = body.replaceAll('.', '');
	else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(body)) plain = body.replaceAll('.', '').replace(',', '.');
	else if (/^\d+,\d+$/.test(body) && !/,\d{3}$/.test(body)) plain = body.replace(',', '.');
	if (plain === null || plain === '.' || plain.length > 20) return fail('expected.number');
	return ok(Number(`${sign}${plain.startsWith('.') ? '0' : ''}${plain}`));
}

/** A latitude in degrees, -90 to 90. */
export function normaliseLatitude(raw: string): Normalised<number> {
	const n = normaliseNumber(raw);
	return n.ok && Math.abs(n.value) <= 90 ? n : fail('expected.latitude');
}

/** A longitude in degrees, -180 to 180. */
export function normaliseLongitude(raw: string): Normalised<number> {
	const n = normaliseNumber(raw);
	return n.ok && Math.abs(n.value) <= 180 ? n : fail('expected.longitude');
}

const TRUE = new Set(['si', 's', 'yes', 'y', 'true', 'verdadero', 'v', '1', 'x']);
const FALSE = new Set(['no', 'n', 'false', 'falso', 'f', '0']);

/** sí/si/s/yes/y/true/verdadero/1/x -> true; no/n/false/falso/0 -> false. */
export function normaliseBoolean(raw: string): Normalised<boolean> {
	const k = foldKey(raw);
	if (TRUE.has(k)) return ok(true);
	if (FALSE.has(k)) return ok(false);
	return fail('expected.boolean');
}

/**
 * Text as stored: trimmed, inner runs of white space kept, control characters and broken characters
 * refused. Half a character (a UTF-16 surrogate without its pair, which GeoJSON's "\ud800" escape
 * makes) would be stored as U+FFFD, so the stored text would differ from the file's.
 */
export function normaliseText(raw: string, max = 200): Normalised<string> {
	const s = raw.trim();
	// eslint-disable-next-line no-control-regex
	if (s.length > max || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s) || !s.isWellFormed()) return fail('expected.text', { max });
	return ok(s);
}

/** Accepted spellings of enum values: codes and both languages' labels, plus everyday words. */
export interface EnumSpec<T extends string> {
	codes: readonly T[];
	/** label prefix in i18n/common.ts, e.g. 'channel.' */
	labelPrefix: string;
	extra: Record<string, T>;
}

function enumTable<T extends string>(spec: EnumSpec<T>): Map<string, T> {
	const table = new Map<string, T>();
	for (const code of spec.codes) {
		table.set(foldKey(code), code);
		for (const lang of ['en', 'es'] as const) {
			const label = (common[lang] as Record<string, string>)[`${spec.labelPrefix}${code}`];
			if (label) table.set(foldKey(label), code);
		}
	}
	for (const [word, code] of Object.entries(spec.extra)) table.set(foldKey(word), code);
	return table;
}

export const CHANNEL_SPEC: EnumSpec<(typeof CHANNELS)[number]> = {
	codes: CHANNELS,
	labelPrefix: 'channel.',
	extra: {
		ventanilla: 'desk',
		'ventanilla de salud': 'desk',
		consulado: 'desk',
		desk: 'desk',
		office: 'desk',
		feria: 'health_week_fair',
		'feria de salud': 'health_week_fair',
		'semana binacional de salud': 'health_week_fair',
		'health week fair': 'health_week_fair',
		'health fair': 'health_week_fair',
		fair: 'health_week_fair',
		'binational health week': 'health_week_fair',
		sbs: 'health_week_fair',
		'unidad movil': 'mobile_unit',
		movil: 'mobile_unit',
		mobile: 'mobile_unit',
		'mobile clinic': 'mobile_unit',
		'clinica movil': 'mobile_unit'
	}
};

export const SERVICE_SPEC: EnumSpec<(typeof SERVICE_TYPES)[number]> = {
	codes: SERVICE_TYPES,
	labelPrefix: 'service.',
	extra: {
		informacion: 'information_counselling',
		'informacion y orientacion': 'information_counselling',
		orientacion: 'information_counselling',
		consejeria: 'information_counselling',
		information: 'information_counselling',
		'information and counseling': 'information_counselling',
		counselling: 'information_counselling',
		counseling: 'information_counselling',
		glucosa: 'glucose',
		'glucose test': 'glucose',
		'blood sugar': 'glucose',
		diabetes: 'glucose',
		presion: 'blood_pressure',
		'presion arterial': 'blood_pressure',
		hipertension: 'blood_pressure',
		imc: 'bmi',
		'indice de masa corporal': 'bmi',
		'body mass index': 'bmi',
		vista: 'vision',
		'examen de la vista': 'vision',
		'eye exam': 'vision',
		vih: 'hiv_test',
		'prueba de vih': 'hiv_test',
		hiv: 'hiv_test',
		'hiv test': 'hiv_test',
		vacuna: 'vaccination',
		vacunas: 'vaccination',
		vacunacion: 'vaccination',
		vaccine: 'vaccination',
		vaccines: 'vaccination',
		referencia: 'referral',
		canalizacion: 'referral',
		referral: 'referral',
		seguro: 'insurance_enrolment',
		'seguro medico': 'insurance_enrolment',
		insurance: 'insurance_enrolment',
		'insurance enrollment': 'insurance_enrolment',
		'salud mental': 'mental_health',
		'mental health': 'mental_health'
	}
};

export const PARTNER_TYPE_SPEC: EnumSpec<(typeof PARTNER_TYPES)[number]> = {
	codes: PARTNER_TYPES,
	labelPrefix: 'partner.',
	extra: {
		clinica: 'clinic',
		'centro de salud': 'community_health_center',
		'centro de salud comunitario': 'community_health_center',
		'community health center': 'community_health_center',
		fqhc: 'community_health_center',
		universidad: 'university',
		'departamento de salud': 'public_health_department',
		'health department': 'public_health_department',
		'public health department': 'public_health_department',
		ong: 'community_organization',
		organizacion: 'community_organization',
		'organizacion comunitaria': 'community_organization',
		'community organization': 'community_organization',
		cbo: 'community_organization',
		nonprofit: 'community_organization',
		'unidad movil': 'mobile_unit',
		'mobile unit': 'mobile_unit',
		otro: 'other',
		otra: 'other'
	}
};

const tables = new WeakMap<EnumSpec<string>, Map<string, string>>();

/**
 * An enum value from its code ("health_week_fair"), its label in either language ("Feria de la
 * Semana de Salud", "Health-week fair") or an everyday word ("feria"), compared by foldKey.
 */
export function normaliseEnum<T extends string>(raw: string, spec: EnumSpec<T>): Normalised<T> {
	let table = tables.get(spec);
	if (!table) tables.set(spec, (table = enumTable(spec)));
	const code = table.get(foldKey(raw)) as T | undefined;
	return code ? ok(code) : fail('expected.oneOf', { options: spec.codes.join(', ') });
}

/** A list of enum values separated by ; | , or /, each as normaliseEnum reads it; duplicates dropped. */
export function normaliseEnumList<T extends string>(raw: string, spec: EnumSpec<T>): Normalised<T[]> {
	const parts = raw
		.split(/[;|,/]/)
		.map((p) => p.trim())
		.filter(Boolean);
	const out: T[] = [];
	for (const part of parts) {
		const v = normaliseEnum(part, spec);
		if (!v.ok) return fail('expected.list', { options: spec.codes.join(', ') });
		if (!out.includes(v.value)) out.push(v.value);
	}
	return ok(out);
}

export type GeoLevel = 'state' | 'county' | 'zcta' | 'tract';

/**
 * An area from a Census GEO_ID: the summary level before "US" says what the digits after it are
 * (040 state, 050 county, 860 ZCTA, 140 tract), e.g. 0500000US06073 -> county 06073,
 * 860Z200US92101 -> ZCTA 92101. Without a GEO_ID, a plain code needs `level` (its leading zeros
 * are restored to the level's width); a 2-digit code alone is a state.
 */
export function normaliseGeoId(raw: string, level: GeoLevel | null = null): Normalised<{ level: GeoLevel; code: string }> {
	const s = raw.trim().toUpperCase();
	const census = /^(\d{3})[0-9A-Z]{4}US(\d+)$/.exec(s);
	if (census) {
		const byLevel: Record<string, [GeoLevel, number]> = { '040': ['state', 2], '050': ['county', 5], '860': ['zcta', 5], '140': ['tract', 11] };
		const known = byLevel[census[1]];
		if (!known || census[2].length !== known[1] || (level && level !== known[0])) return fail('expected.geoId');
		return ok({ level: known[0], code: census[2] });
	}
	const digits = digitsOf(s);
	if (digits === null) return fail('expected.geoId');
	const at = level ?? (digits.length <= 2 ? 'state' : null);
	if (!at) return fail('expected.geoId');
	// Shortest length a spreadsheet leaves: ZCTAs start with up to two zeros (00501), the rest with one.
	const [shortest, width] = { state: [1, 2], county: [4, 5], zcta: [3, 5], tract: [10, 11] }[at];
	if (digits.length > width || digits.length < shortest) return fail('expected.geoId');
	return ok({ level: at, code: digits.padStart(width, '0') });
}

/** A geography level: state/county/zcta/tract or estado/condado/código postal/sección censal. */
export function normaliseLevel(raw: string): Normalised<GeoLevel> {
	const table: Record<string, GeoLevel> = {
		state: 'state',
		estado: 'state',
		county: 'county',
		condado: 'county',
		zcta: 'zcta',
		zip: 'zcta',
		zipcode: 'zcta',
		codigopostal: 'zcta',
		cp: 'zcta',
		tract: 'tract',
		censustract: 'tract',
		seccioncensal: 'tract'
	};
	const level = table[foldKey(raw)];
	return level ? ok(level) : fail('expected.level');
}
