/**
 * Every message the import pipeline gives a user, in Spanish and English: what a rejected cell was
 * expected to hold, whole-file errors and warnings. Errors carry the key and its variables, so a
 * page can show them in the reader's language; `expected` is also given ready-made in the language
 * the preview was asked for.
 */
import { interpolate, type Bilingual, type Lang } from '../../i18n/index';

const en = {
	'expected.required': 'a value (this column is required)',
	'expected.zip': 'a 5-digit ZIP code such as 92101 (501 is read as 00501, 92101-1234 as 92101)',
	'expected.countyFips': 'a 5-digit county FIPS code such as 06073 (6073 is read as 06073)',
	'expected.stateFips': 'a 2-digit state FIPS code such as 06 (6 is read as 06)',
	'expected.month': 'a month such as 2024-03, 03/2024, 2024/03, mar 2024 or marzo 2024',
	'expected.date': 'a date such as 2024-03-01 (or 15/03/2024, when the day is over 12 so it cannot be a month)',
	'expected.integer': 'a whole number such as 1234, 1,234 or 1 234',
	'expected.nonNegative': 'a number of 0 or more',
	'expected.number': 'a number such as 1234.5 or 1,234.5',
	'expected.boolean': 'sí/no or yes/no',
	'expected.oneOf': 'one of: {options}',
	'expected.list': 'a list separated by ; or | of: {options}',
	'expected.text': 'text of at most {max} characters, without control characters',
	'expected.latitude': 'a latitude in degrees between -90 and 90, such as 32.7157',
	'expected.longitude': 'a longitude in degrees between -180 and 180, such as -117.1611',
	'expected.bothCoordinates': 'both latitude and longitude, or neither (the ZIP code then places the partner)',
	'expected.swapped': 'latitude and longitude the other way round: ({lat}, {lon}) would be in the United States',
	'expected.outsideUs': 'a point in the United States or its territories',
	'expected.zipUnknown': 'a ZIP code with a ZIP area (ZCTA) on file, or coordinates',
	'expected.location': 'coordinates (latitude and longitude) or a ZIP code',
	'expected.noOffice': 'an office: none given and no county on file contains the point',
	'expected.office': 'an office id, city or name, such as san-diego or San Diego',
	'expected.scope': 'a row of your office ({office})',
	'expected.partner': 'the key or name of a partner of {office} imported before, or blank for the office itself',
	'expected.partnerAmbiguous': 'a partner key: {count} partners of {office} have this name',
	'expected.partnerOffice': "a partner of this row's office ({office}); this one belongs to {partnerOffice}",
	'expected.atMostPeople': 'at most the people served ({people})',
	'expected.atMostWomen': 'at most the women ({women})',
	'expected.womenMen': 'women + men ({sum}) at most the people served ({people})',
	'expected.servicesAtLeastPeople': 'at least the people served ({people}): each person received one service or more',
	'expected.duplicate': 'one row per {what}; row {first} has the same',
	'expected.activeRange': 'a date on or after the start date ({from})',
	'expected.geoId': 'a Census GEO_ID such as 0500000US06073 or 860Z200US92101, or a code with a level column',
	'expected.level': 'state, county, zcta or tract',
	'expected.area': 'a {level} code on file',
	'expected.countyOnFile': 'a county of the served states on file',
	'expected.scopeState': 'a county or ZIP area of your office ({office}); state figures are imported by program staff',
	'expected.partnerScope': 'a row of your own organisation ({partner})',
	'expected.partnerOwnRow': 'your own organisation ({partner}), by its key; partner accounts cannot add or change other partners',

	'what.services': 'month, office, partner, channel and service type',
	'what.partners': 'partner key (or name and ZIP code)',
	'what.population': 'area, indicator and vintage',
	'what.jurisdictions': 'county and from-date',

	'file.empty': 'The file is empty.',
	'file.binary': 'This is a {kind} file, not CSV text. Save it as CSV (comma- or semicolon-separated, UTF-8) and upload that.',
	'file.utf16NoBom': 'The file looks like UTF-16 text without a byte-order mark. Save it as CSV UTF-8.',
	'file.noHeader': 'The first line must be the header (the column names).',
	'file.noRows': 'The file has a header but no data rows.',
	'file.missingColumns': 'Missing required columns: {missing}. Accepted names: {accepted}.',
	'file.missingLocation': 'Partners need coordinates (columns {lat} and {lon}) or a ZIP code (column {zip}).',
	'file.sameColumn': 'Columns "{a}" and "{b}" both mean {column}; keep one.',
	'file.csv': 'Line {row}: {detail}. Check the quotes in that line.',
	'file.geojson': 'Not a GeoJSON FeatureCollection of points: {detail}.',
	'file.statesMissing': 'State boundaries are not loaded, so points cannot be checked; run npm run data:load first.',
	'file.unknownDataset': 'Unknown data set "{dataset}"; expected partners, services, population or jurisdictions.',

	'warning.unknownColumn': 'Column "{column}" is not used: its name is not one of the accepted names.',
	'warning.windows1252': 'The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check the accents in the preview.',
	'warning.utf16': 'The file is UTF-16 text; it was read as such.',
	'warning.approximate': '{count} partners without coordinates are placed at their ZIP code’s point, marked approximate.',
	'warning.officeMismatch': 'Row {row}: the point lies in {derived}’s jurisdiction but the row says {given}; the row’s office is kept.',

	'refuse.rejected': '{count} rows were rejected. Fix them and preview again, or commit the other rows on purpose (skip rejected rows).',
	'refuse.changed': 'The data changed since the preview ({was} before, {now} now). Preview the file again.',
	'refuse.fileError': 'This file cannot be imported: {detail}',
	'refuse.notFound': 'There is no import number {batch}.',
	'refuse.notImport': 'Batch {batch} is a data load, not an imported file; it cannot be undone here.',
	'refuse.undone': 'Import {batch} was undone already ({when}).',
	'refuse.later': 'Later imports changed rows of this one: undo {batches} first.',
	'refuse.partnersUsed': 'Service records of import {batches} use partners this import added: undo {batches} first.',
	'refuse.scope': 'Import {batch} was made for {office}, not for your office.',
	'refuse.actor': 'Who is importing must be named (a user name of 1 to 100 characters).',
	'refuse.office': 'Unknown office "{office}".',
	'refuse.partner': 'Unknown partner {partner}.',
	'refuse.partnerDataset': 'Partner accounts import service records and their own partner row only, not {dataset}.',
	'refuse.partnerScope': 'Import {batch} was not made for your organisation.',
	'refuse.partnersAccounts': 'User accounts ({users}) belong to partners this import added: an administrator must move or remove them first.',
};

const es: Record<keyof typeof en, string> = {
	'expected.required': 'un valor (esta columna es obligatoria)',
	'expected.zip': 'un código postal de 5 dígitos, como 92101 (501 se lee como 00501 y 92101-1234 como 92101)',
	'expected.countyFips': 'un código FIPS de condado de 5 dígitos, como 06073 (6073 se lee como 06073)',
	'expected.stateFips': 'un código FIPS de estado de 2 dígitos, como 06 (6 se lee como 06)',
	'expected.month': 'un mes como 2024-03, 03/2024, 2024/03, mar 2024 o marzo 2024',
	'expected.date': 'una fecha como 2024-03-01 (o 15/03/2024, cuando el día es mayor que 12 y no puede ser un mes)',
	'expected.integer': 'un número entero como 1234, 1,234 o 1 234',
	'expected.nonNegative': 'un número mayor o igual a 0',
	'expected.number': 'un número como 1234.5 o 1,234.5',
	'expected.boolean': 'sí/no o yes/no',
	'expected.oneOf': 'uno de: {options}',
	'expected.list': 'una lista separada por ; o | de: {options}',
	'expected.text': 'un texto de {max} caracteres como máximo, sin caracteres de control',
	'expected.latitude': 'una latitud en grados entre -90 y 90, como 32.7157',
	'expected.longitude': 'una longitud en grados entre -180 y 180, como -117.1611',
	'expected.bothCoordinates': 'latitud y longitud, o ninguna de las dos (entonces el código postal ubica al socio)',
	'expected.swapped': 'latitud y longitud al revés: ({lat}, {lon}) estaría en Estados Unidos',
	'expected.outsideUs': 'un punto en Estados Unidos o sus territorios',
	'expected.zipUnknown': 'un código postal con área postal (ZCTA) registrada, o coordenadas',
	'expected.location': 'coordenadas (latitud y longitud) o un código postal',
	'expected.noOffice': 'un consulado: no se indicó y ningún condado registrado contiene el punto',
	'expected.office': 'la clave, ciudad o nombre de un consulado, como san-diego o San Diego',
	'expected.scope': 'una fila de su consulado ({office})',
	'expected.partner': 'la clave o el nombre de un socio de {office} ya importado, o vacío para el propio consulado',
	'expected.partnerAmbiguous': 'la clave del socio: {count} socios de {office} tienen este nombre',
	'expected.partnerOffice': 'un socio del consulado de la fila ({office}); este pertenece a {partnerOffice}',
	'expected.atMostPeople': 'como máximo las personas atendidas ({people})',
	'expected.atMostWomen': 'como máximo las mujeres ({women})',
	'expected.womenMen': 'mujeres + hombres ({sum}) como máximo las personas atendidas ({people})',
	'expected.servicesAtLeastPeople': 'al menos las personas atendidas ({people}): cada persona recibió uno o más servicios',
	'expected.duplicate': 'una fila por {what}; la fila {first} tiene los mismos',
	'expected.activeRange': 'una fecha igual o posterior a la de inicio ({from})',
	'expected.geoId': 'un GEO_ID del Censo como 0500000US06073 o 860Z200US92101, o un código con una columna de nivel',
	'expected.level': 'state, county, zcta o tract (estado, condado, zcta o sección censal)',
	'expected.area': 'un código de {level} registrado',
	'expected.countyOnFile': 'un condado registrado de los estados atendidos',
	'expected.scopeState': 'un condado o área postal de su consulado ({office}); las cifras estatales las importa el personal del programa',
	'expected.partnerScope': 'una fila de su propia organización ({partner})',
	'expected.partnerOwnRow': 'su propia organización ({partner}), por su clave; las cuentas de socio no pueden agregar ni cambiar otros socios',

	'what.services': 'mes, consulado, socio, canal y tipo de servicio',
	'what.partners': 'clave de socio (o nombre y código postal)',
	'what.population': 'área, indicador y periodo',
	'what.jurisdictions': 'condado y fecha de inicio',

	'file.empty': 'El archivo está vacío.',
	'file.binary': 'Este es un archivo {kind}, no texto CSV. Guárdelo como CSV (separado por comas o punto y coma, UTF-8) y súbalo.',
	'file.utf16NoBom': 'El archivo parece texto UTF-16 sin marca de orden de bytes. Guárdelo como CSV UTF-8.',
	'file.noHeader': 'La primera línea debe ser el encabezado (los nombres de las columnas).',
	'file.noRows': 'El archivo tiene encabezado pero ninguna fila de datos.',
	'file.missingColumns': 'Faltan columnas obligatorias: {missing}. Nombres aceptados: {accepted}.',
	'file.missingLocation': 'Los socios necesitan coordenadas (columnas {lat} y {lon}) o un código postal (columna {zip}).',
	'file.sameColumn': 'Las columnas "{a}" y "{b}" significan ambas {column}; deje una.',
	'file.csv': 'Línea {row}: {detail}. Revise las comillas de esa línea.',
	'file.geojson': 'No es una FeatureCollection GeoJSON de puntos: {detail}.',
	'file.statesMissing': 'Los límites estatales no están cargados y no se pueden revisar los puntos; ejecute primero npm run data:load.',
	'file.unknownDataset': 'Conjunto de datos desconocido "{dataset}"; se esperaba partners, services, population o jurisdictions.',

	'warning.unknownColumn': 'La columna "{column}" no se usa: su nombre no es uno de los aceptados.',
	'warning.windows1252': 'El archivo no es UTF-8; se leyó como Windows-1252 (Latin-1). Revise los acentos en la vista previa.',
	'warning.utf16': 'El archivo es texto UTF-16; se leyó como tal.',
	'warning.approximate': '{count} socios sin coordenadas se ubican en el punto de su código postal, marcados como aproximados.',
	'warning.officeMismatch': 'Fila {row}: el punto está en la jurisdicción de {derived} pero la fila dice {given}; se conserva el consulado de la fila.',

	'refuse.rejected': 'Se rechazaron {count} filas. Corríjalas y vuelva a revisar, o importe las demás filas a propósito (omitir filas rechazadas).',
	'refuse.changed': 'Los datos cambiaron desde la vista previa ({was} antes, {now} ahora). Revise el archivo de nuevo.',
	'refuse.fileError': 'Este archivo no se puede importar: {detail}',
	'refuse.notFound': 'No existe la importación número {batch}.',
	'refuse.notImport': 'El lote {batch} es una carga de datos, no un archivo importado; no se puede deshacer aquí.',
	'refuse.undone': 'La importación {batch} ya se deshizo ({when}).',
	'refuse.later': 'Importaciones posteriores cambiaron filas de esta: deshaga primero {batches}.',
	'refuse.partnersUsed': 'Registros de servicio de la importación {batches} usan socios que esta importación agregó: deshaga primero {batches}.',
	'refuse.scope': 'La importación {batch} se hizo para {office}, no para su consulado.',
	'refuse.actor': 'Debe indicarse quién importa (un nombre de usuario de 1 a 100 caracteres).',
	'refuse.office': 'Consulado desconocido "{office}".',
	'refuse.partner': 'Socio desconocido {partner}.',
	'refuse.partnerDataset': 'Las cuentas de socio importan registros de servicio y su propia fila de socio, no {dataset}.',
	'refuse.partnerScope': 'La importación {batch} no se hizo para su organización.',
	'refuse.partnersAccounts': 'Hay cuentas de usuario ({users}) de socios que agregó esta importación: la administración debe cambiarlas o quitarlas antes.',
};

export const importMessages: Bilingual<typeof en> = { en, es };

export type MessageKey = keyof typeof en;
export type MessageVars = Record<string, string | number>;

/** The message `key` with its variables filled in, in `lang`. */
export function message(key: MessageKey, vars: MessageVars = {}, lang: Lang = 'en'): string {
	return interpolate(importMessages[lang][key], vars);
}

/**
 * A cell or column name as a message quotes it: at most `max` UTF-16 units and an ellipsis, never
 * half a character. A 5 MB cell is not sent back whole in every look at the preview.
 */
export function clip(text: string, max = 300): string {
	if (text.length <= max) return text;
	const end = /[\ud800-\udbff]/.test(text[max - 1]) ? max - 1 : max;
	return `${text.slice(0, end)}…`;
}

/** A problem with the whole file, or a refused commit or undo; `message` is in English. */
export class ImportError extends Error {
	constructor(
		readonly key: MessageKey,
		readonly vars: MessageVars = {}
	) {
		super(message(key, vars));
		this.name = 'ImportError';
	}
	/** The message in `lang`. */
	in(lang: Lang): string {
		return message(this.key, this.vars, lang);
	}
}
