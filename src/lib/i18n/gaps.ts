/** The coverage-gaps view (/gaps) and its CSV export (/api/need-index.csv). */
import { common } from './common';
import { translator, type Bilingual, type Lang, type Translate } from './index';

const en = {
	'gaps.title': 'Ventanillas Atlas — coverage gaps',
	'gaps.heading': 'Coverage gaps: counties ranked by need',
	'gaps.lede':
		"The need index is the weighted mean of each county's percentile rank on the components below (0 = least need, 1 = most), in the manner of CDC's Social Vulnerability Index. Set the weights to what matters for your outreach; 0 leaves a component out. Components without figures for a county are left out of its mean.",
	'gaps.settings': 'Group, distance and weights',
	'gaps.group': 'Target group',
	'gaps.beyondBefore': 'Only counties more than',
	'gaps.beyondAfter': 'km from the nearest desk or partner',
	'gaps.beyondLabel': 'Only counties more than this many km from the nearest desk or partner (empty: all counties)',
	'gaps.any': 'any',
	'gaps.weightsLegend': 'Weights (0 leaves a component out)',
	'gaps.weightOf': 'Weight of {component}',
	'gaps.weightValue': 'weight {w}',
	'gaps.method': 'Mean of percentile ranks weighted {weights}; components without figures for a county are left out',
	'gaps.penetrationNote': 'Penetration is per office jurisdiction (records are kept per office and partner), over the last 12 months with records. Where the office table withholds an office\'s count ("< 11", or "withheld" to protect one), its rate is left out of the index too.',
	'gaps.populationNote': 'Population figures are modelled unless ACS is loaded (SimpleMaps US ZIPs, CC BY 4.0).',
	'gaps.export': 'Export CSV',
	'gaps.exportLabel': 'Export this ranking as CSV (all matching counties)',
	'gaps.table': 'Counties ranked by need',
	'gaps.rank': 'Rank',
	'gaps.county': 'County',
	'gaps.office': 'Office',
	'gaps.index': 'Need index',
	'gaps.why': 'Why it ranks high',
	'gaps.percentileRank': 'percentile rank {rank}',
	'gaps.updating': 'Updating the ranking…',
	'gaps.none': 'No county is farther than {km} km from a desk or partner. Lower the distance (N) or clear it to see counties again.',
	'gaps.noneAtAll': 'No county has a need index for these settings: give at least one component a weight above 0.',
	'gaps.matching': '{matching} of {counties} counties match',
	'gaps.top200': '; the page lists the top 200, the CSV has them all',
	'gaps.more': 'Show 50 more (of {n})',

	'gaps.component.target_population': 'Target population',
	'gaps.component.uninsured_rate': 'Uninsured rate',
	'gaps.component.lep_share': 'Limited-English Spanish speakers',
	'gaps.component.poverty_rate': 'Poverty rate',
	'gaps.component.nearest_km': 'Km to nearest service',
	'gaps.component.penetration': "Served per 1,000 (office's area)",

	'gaps.csv.rank': 'rank',
	'gaps.csv.county_fips': 'county_fips',
	'gaps.csv.county': 'county',
	'gaps.csv.state': 'state',
	'gaps.csv.consulate': 'consulate',
	'gaps.csv.need_index': 'need_index',
	'gaps.csv.target_population': 'target_population',
	'gaps.csv.uninsured_rate': 'uninsured_rate',
	'gaps.csv.lep_share': 'lep_share',
	'gaps.csv.poverty_rate': 'poverty_rate',
	'gaps.csv.nearest_km': 'nearest_km',
	'gaps.csv.penetration': 'penetration',
	'gaps.csv.componentRank': '{column}_rank',
	'gaps.csv.reasons': 'reasons',
	'gaps.csv.title': 'Ventanillas Atlas need index by county, {date}; kind {kind}',
	'gaps.csv.demo': ' (penetration uses DEMO service records)',
	'gaps.csv.method': 'Method: {method}',
	'gaps.csv.beyond': '; only counties more than {km} km from the nearest desk or partner',
	'gaps.csv.population': 'Population: modelled from ACS state shares on SimpleMaps US ZIPs (CC BY 4.0) unless ACS figures are loaded'
};

const es: Record<keyof typeof en, string> = {
	'gaps.title': 'Ventanillas Atlas — brechas de cobertura',
	'gaps.heading': 'Brechas de cobertura: condados ordenados por necesidad',
	'gaps.lede':
		'El índice de necesidad es el promedio ponderado del rango percentil de cada condado en los componentes de abajo (0 = menor necesidad, 1 = mayor), al modo del Índice de Vulnerabilidad Social de los CDC. Ajuste los pesos a lo que importa para su trabajo de alcance; 0 deja fuera un componente. Los componentes sin cifras para un condado quedan fuera de su promedio.',
	'gaps.settings': 'Grupo, distancia y pesos',
	'gaps.group': 'Grupo objetivo',
	'gaps.beyondBefore': 'Solo condados a más de',
	'gaps.beyondAfter': 'km de la ventanilla o socio más cercano',
	'gaps.beyondLabel': 'Solo condados a más de estos km de la ventanilla o socio más cercano (vacío: todos los condados)',
	'gaps.any': 'cualquiera',
	'gaps.weightsLegend': 'Pesos (0 deja fuera un componente)',
	'gaps.weightOf': 'Peso de {component}',
	'gaps.weightValue': 'peso {w}',
	'gaps.method': 'Promedio de rangos percentiles con pesos {weights}; los componentes sin cifras para un condado quedan fuera',
	'gaps.penetrationNote': 'La penetración se calcula por circunscripción consular (los registros se llevan por consulado y socio), en los últimos 12 meses con registros. Donde la tabla de consulados omite la cifra de un consulado ("< 11", o "reservado" para protegerla), su tasa también queda fuera del índice.',
	'gaps.populationNote': 'Las cifras de población son modeladas salvo que se carguen datos de la ACS (SimpleMaps US ZIPs, CC BY 4.0).',
	'gaps.export': 'Exportar CSV',
	'gaps.exportLabel': 'Exportar esta clasificación en CSV (todos los condados que cumplen)',
	'gaps.table': 'Condados ordenados por necesidad',
	'gaps.rank': 'Lugar',
	'gaps.county': 'Condado',
	'gaps.office': 'Consulado',
	'gaps.index': 'Índice de necesidad',
	'gaps.why': 'Por qué ocupa un lugar alto',
	'gaps.percentileRank': 'rango percentil {rank}',
	'gaps.updating': 'Actualizando la clasificación…',
	'gaps.none': 'Ningún condado está a más de {km} km de una ventanilla o socio. Reduzca la distancia (N) o bórrela para volver a ver condados.',
	'gaps.noneAtAll': 'Ningún condado tiene índice de necesidad con estos parámetros: dé a al menos un componente un peso mayor que 0.',
	'gaps.matching': '{matching} de {counties} condados cumplen',
	'gaps.top200': '; la página muestra los primeros 200 y el CSV los tiene todos',
	'gaps.more': 'Mostrar 50 más (de {n})',

	'gaps.component.target_population': 'Población objetivo',
	'gaps.component.uninsured_rate': 'Tasa sin seguro médico',
	'gaps.component.lep_share': 'Hispanohablantes con inglés limitado',
	'gaps.component.poverty_rate': 'Tasa de pobreza',
	'gaps.component.nearest_km': 'Km al servicio más cercano',
	'gaps.component.penetration': 'Atendidos por cada 1,000 (área del consulado)',

	'gaps.csv.rank': 'lugar',
	'gaps.csv.county_fips': 'fips_condado',
	'gaps.csv.county': 'condado',
	'gaps.csv.state': 'estado',
	'gaps.csv.consulate': 'consulado',
	'gaps.csv.need_index': 'indice_necesidad',
	'gaps.csv.target_population': 'poblacion_objetivo',
	'gaps.csv.uninsured_rate': 'tasa_sin_seguro',
	'gaps.csv.lep_share': 'proporcion_ingles_limitado',
	'gaps.csv.poverty_rate': 'tasa_pobreza',
	'gaps.csv.nearest_km': 'km_servicio_cercano',
	'gaps.csv.penetration': 'penetracion',
	'gaps.csv.componentRank': '{column}_percentil',
	'gaps.csv.reasons': 'razones',
	'gaps.csv.title': 'Ventanillas Atlas, índice de necesidad por condado, {date}; tipo {kind}',
	'gaps.csv.demo': ' (la penetración usa registros de servicio de DEMOSTRACIÓN)',
	'gaps.csv.method': 'Método: {method}',
	'gaps.csv.beyond': '; solo condados a más de {km} km de la ventanilla o socio más cercano',
	'gaps.csv.population': 'Población: modelada con proporciones estatales de la ACS sobre SimpleMaps US ZIPs (CC BY 4.0), salvo que se carguen cifras de la ACS'
};

export const gaps: Bilingual<typeof en> = { en, es };

export type GapsMessages = typeof common.en & typeof en;

/** Gaps-view and shared messages in one language (`translator` infers a single module type, so the typed key set is stated here). */
export function gapsTranslator(lang: Lang): Translate<GapsMessages> {
	const t: (key: string, vars?: Record<string, string | number>) => string = translator(lang, common, gaps);
	return t;
}
