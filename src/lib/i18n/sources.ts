/** The data-sources listing (/sources). Data-set titles of the built-in loads are translated by their dataset key; others show as stored. */
import { common } from './common';
import { translator, type Bilingual, type Lang, type Translate } from './index';

const en = {
	'sources.title': 'Ventanillas Atlas — data sources',
	'sources.heading': 'Where every figure comes from',
	'sources.measured': 'official statistics or program records.',
	'sources.modelled': 'derived from measured figures by the stated method.',
	'sources.demo': 'generated so the dashboard can be tried before program records are loaded — never real.',
	'sources.table': 'Data sets loaded',
	'sources.dataset': 'Data set',
	'sources.kind': 'Kind',
	'sources.rows': 'Rows',
	'sources.loaded': 'Loaded',
	'sources.notFinished': 'not finished',
	'sources.removed': 'removed {date}',
	'sources.empty': 'No data set is loaded yet. Start the server once (npm start) to load the built-in data.',

	'sources.set.consulates': 'Consular offices of Mexico in the United States (53)',
	'sources.set.boundaries': 'States and counties (cartographic boundaries, 1:10m) and Mexico outline',
	'sources.set.zcta-population': 'ZCTA points with total population',
	'sources.set.places': 'Populated places (1,000 people or more)',
	'sources.set.jurisdictions': 'County assignments to consular offices (dated)',
	'sources.set.state-population': 'State population: total, Mexico-born, Mexican-origin',
	'sources.set.population-model': 'Modelled target population by ZCTA and county',
	'sources.set.demo': 'DEMO partners and monthly service records (generated, not real)',

	'sources.table.consulates': 'consular offices',
	'sources.table.states': 'states',
	'sources.table.counties': 'counties',
	'sources.table.context_shapes': 'context shapes',
	'sources.table.zctas': 'ZIP areas (ZCTAs)',
	'sources.table.zcta_counties': 'ZIP area–county links',
	'sources.table.population_estimates': 'population estimates',
	'sources.table.places': 'places',
	'sources.table.county_assignments': 'county assignments',
	'sources.table.approximate': 'approximate',
	'sources.table.areas': 'areas',
	'sources.table.partners': 'partners',
	'sources.table.service_records': 'service records',

	'sources.license.publicDomain': 'Public domain'
};

const es: Record<keyof typeof en, string> = {
	'sources.title': 'Ventanillas Atlas — fuentes de datos',
	'sources.heading': 'De dónde viene cada cifra',
	'sources.measured': 'estadísticas oficiales o registros del programa.',
	'sources.modelled': 'derivado de cifras medidas con el método indicado.',
	'sources.demo': 'generado para poder probar el tablero antes de cargar los registros del programa; nunca es real.',
	'sources.table': 'Conjuntos de datos cargados',
	'sources.dataset': 'Conjunto de datos',
	'sources.kind': 'Tipo',
	'sources.rows': 'Filas',
	'sources.loaded': 'Cargado',
	'sources.notFinished': 'sin terminar',
	'sources.removed': 'retirado el {date}',
	'sources.empty': 'Aún no hay datos cargados. Inicie el servidor una vez (npm start) para cargar los datos incluidos.',

	'sources.set.consulates': 'Consulados de México en Estados Unidos (53)',
	'sources.set.boundaries': 'Estados y condados (límites cartográficos, 1:10m) y contorno de México',
	'sources.set.zcta-population': 'Puntos de zonas postales (ZCTA) con población total',
	'sources.set.places': 'Localidades pobladas (1,000 personas o más)',
	'sources.set.jurisdictions': 'Asignación de condados a consulados (con fechas)',
	'sources.set.state-population': 'Población estatal: total, nacida en México, de origen mexicano',
	'sources.set.population-model': 'Población objetivo modelada por zona postal y condado',
	'sources.set.demo': 'Socios y registros mensuales de servicio de DEMOSTRACIÓN (generados, no reales)',

	'sources.table.consulates': 'consulados',
	'sources.table.states': 'estados',
	'sources.table.counties': 'condados',
	'sources.table.context_shapes': 'formas de contexto',
	'sources.table.zctas': 'zonas postales (ZCTA)',
	'sources.table.zcta_counties': 'vínculos zona postal–condado',
	'sources.table.population_estimates': 'estimaciones de población',
	'sources.table.places': 'localidades',
	'sources.table.county_assignments': 'asignaciones de condados',
	'sources.table.approximate': 'aproximadas',
	'sources.table.areas': 'áreas',
	'sources.table.partners': 'socios',
	'sources.table.service_records': 'registros de servicio',

	'sources.license.publicDomain': 'Dominio público'
};

export const sources: Bilingual<typeof en> = { en, es };

export type SourcesMessages = typeof common.en & typeof en;

/** Sources-view and shared messages in one language (`translator` infers a single module type, so the typed key set is stated here). */
export function sourcesTranslator(lang: Lang): Translate<SourcesMessages> {
	const t: (key: string, vars?: Record<string, string | number>) => string = translator(lang, common, sources);
	return t;
}

/** A message if the module has one for this key, else the fallback (stored titles and table names of loads this module does not know). */
export function sourcesLabel(lang: Lang, key: string, fallback: string): string {
	return key in sources[lang] ? sources[lang][key as keyof typeof en] : fallback;
}
