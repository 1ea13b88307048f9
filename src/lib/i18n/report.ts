/** Messages of the consul's report (/consulates/[slug]), the index of offices (/consulates) and the charts. */
import { common } from './common';
import { translator, type Bilingual, type Lang } from './index';

const en = {
	'office.name': 'Consulate of Mexico in {city}',
	'office.washington': 'Consular Section of the Embassy, Washington',

	'index.title': 'Consular offices: results by jurisdiction',
	'index.lede':
		'People served by the health desk of each of the 53 offices and their partners in the last 12 full months with records ({from} to {to}), and per 1,000 target residents of the counties each office serves today.',
	'index.table': 'Offices, people served and rate per 1,000 target residents',
	'index.office': 'Office',
	'index.city': 'City',
	'index.state': 'State',
	'index.people': 'People served',
	'index.per1000': 'Per 1,000 target residents',
	'index.rank': 'Rank',
	'index.sortBy': 'Sort by {column}',
	'index.target': 'Target population',
	'index.openReport': 'Report of {office}',
	'index.noRecords': 'No service records yet.',

	'report.title': 'Results report',
	'report.skip': 'Skip to the figures',
	'report.unknownOffice': 'There is no consular office "{slug}". See the list of the 53 offices.',
	'report.badTarget': 'target: unknown value "{value}"; expected one of {allowed}',
	'report.notFoundTitle': 'Office not found',
	'report.errorTitle': 'The report could not be shown',
	'report.backToIndex': 'All offices',
	'report.backToMap': 'National map',
	'report.jurisdiction': 'Jurisdiction: {counties} in {states}',
	'report.period': 'Period: {from} to {to}',
	'report.periodShort': '{from} – {to}',
	'report.noPeriod': 'No service records',
	'report.filters': 'Filters',
	'report.from': 'From',
	'report.to': 'To',
	'report.channel': 'Channel',
	'report.service': 'Service type',
	'report.group': 'Group',
	'report.target': 'Target population',
	'report.allChannels': 'All channels',
	'report.allServices': 'All services',
	'report.apply': 'Apply',
	'report.reset': 'Last 12 months, no filters',
	'report.present': 'Present',
	'report.presentHint': 'Full-screen slides: arrow keys, Page Up/Down or Space to move, Esc to leave.',
	'report.print': 'Print or save as PDF',
	'report.copyLink': 'This report, with its filters, is at this page\'s address: copy it to share.',
	'report.generated': 'Prepared {date} with Ventanillas Atlas',

	'headline.title': 'Headline figures',
	'headline.people': 'People served',
	'headline.services': 'Services delivered',
	'headline.per1000': 'People served per 1,000 target residents',
	'headline.per1000Of': 'of {population} target residents ({target})',
	'headline.change': 'Change from the previous period',
	'headline.changeOf': '{from} to {to}: {people} people',
	'headline.noPrevious': 'No previous data',
	'headline.rank': 'Rank among the 53 offices',
	'headline.rankValue': '{rank} of {ranked}',
	'headline.rankNote': 'by people served per 1,000 target residents, same filters',
	'headline.noRank': 'Not ranked (no rate)',
	'headline.groupNote': 'People counted: {group}.',

	'map.title': 'The jurisdiction on the map',
	'map.label': 'Map of the counties served by {office}, with the office and its partners',
	'map.colourBy': 'Colour counties by',
	'map.byPopulation': 'Target population',
	'map.byServed': 'People served at sites in the county',
	'map.legend': 'Legend',
	'map.outside': 'Outside the jurisdiction',
	'map.office': 'The consulate',
	'map.partners': 'Partner sites ({n})',
	'map.printed': 'Map of the jurisdiction',

	'trend.title': 'People served by month',
	'trend.label': 'People served by month, {from} to {to}',
	'trend.note': 'The period chosen is drawn in colour; the rest of the office\'s history is drawn lightly behind it. October peaks are Binational Health Week.',

	'mix.title': 'Services delivered by type',
	'mix.label': 'Services delivered by type of service',
	'channels.title': 'People served by channel',
	'channels.label': 'People served by channel',
	'groups.title': 'Groups served',
	'groups.label': 'People served by group',
	'groups.note': 'Groups overlap (a pregnant woman is also counted among women) and not everyone is counted in a group.',

	'partners.title': 'Top 10 partners',
	'partners.name': 'Partner',
	'partners.type': 'Type',
	'partners.people': 'People served',
	'partners.services': 'Services',
	'partners.none': 'No partner records in this period.',
	'partners.active': '{n} partner sites active today.',

	'need.title': 'Most underserved areas of the jurisdiction',
	'need.lede': 'Counties of the jurisdiction ranked by the need index (0 = least need, 1 = most, among all US counties).',
	'need.county': 'County',
	'need.index': 'Need index',
	'need.population': 'Target residents',
	'need.nearest': 'Nearest desk or partner',
	'need.of': 'Showing {shown} of the {n} counties.',
	'need.more': 'See all counties ranked',

	'sources.title': 'Sources and notes',
	'sources.figure': 'Figure',
	'sources.kind': 'Kind',
	'sources.services': 'People served, services, months, types, channels, groups, partners',
	'sources.population': 'Target population ({target})',
	'sources.need': 'Need index and distance to the nearest service',
	'sources.jurisdiction': 'Counties of the jurisdiction',
	'sources.jurisdictionSource': 'Consular jurisdictions (SRE); counties not settled by a source go to the nearest office serving their state',
	'sources.boundaries': 'Boundaries',
	'sources.boundariesSource': 'U.S. Census Bureau cartographic boundaries; Natural Earth',
	'sources.records': '{n} records',
	'sources.approximate': '{n} of the counties are assigned approximately.',

	'present.slide': 'Slide {n} of {total}',
	'present.exit': 'Leave presentation (Esc)',
	'present.next': 'Next',
	'present.previous': 'Previous',

	'chart.month': 'Month',
	'chart.value': 'Value',
	'chart.category': 'Category',
	'chart.healthWeek': 'Binational Health Week',
	'chart.healthWeekShort': 'BHW',
	'chart.table': 'Values as a table',
	'chart.empty': 'No values to draw.'
};

const es: Record<keyof typeof en, string> = {
	'office.name': 'Consulado de México en {city}',
	'office.washington': 'Sección Consular de la Embajada, Washington',

	'index.title': 'Consulados: resultados por circunscripción',
	'index.lede':
		'Personas atendidas por la ventanilla de salud de cada uno de los 53 consulados y sus socios en los últimos 12 meses completos con registros ({from} a {to}), y por cada 1,000 residentes objetivo de los condados que cada consulado atiende hoy.',
	'index.table': 'Consulados, personas atendidas y tasa por cada 1,000 residentes objetivo',
	'index.office': 'Consulado',
	'index.city': 'Ciudad',
	'index.state': 'Estado',
	'index.people': 'Personas atendidas',
	'index.per1000': 'Por cada 1,000 residentes objetivo',
	'index.rank': 'Lugar',
	'index.sortBy': 'Ordenar por {column}',
	'index.target': 'Población objetivo',
	'index.openReport': 'Informe de {office}',
	'index.noRecords': 'Aún no hay registros de servicios.',

	'report.title': 'Informe de resultados',
	'report.skip': 'Ir a las cifras',
	'report.unknownOffice': 'No existe el consulado "{slug}". Consulte la lista de los 53 consulados.',
	'report.badTarget': 'target: valor desconocido "{value}"; se esperaba uno de {allowed}',
	'report.notFoundTitle': 'Consulado no encontrado',
	'report.errorTitle': 'No se pudo mostrar el informe',
	'report.backToIndex': 'Todos los consulados',
	'report.backToMap': 'Mapa nacional',
	'report.jurisdiction': 'Circunscripción: {counties} en {states}',
	'report.period': 'Periodo: {from} a {to}',
	'report.periodShort': '{from} – {to}',
	'report.noPeriod': 'Sin registros de servicios',
	'report.filters': 'Filtros',
	'report.from': 'Desde',
	'report.to': 'Hasta',
	'report.channel': 'Canal',
	'report.service': 'Tipo de servicio',
	'report.group': 'Grupo',
	'report.target': 'Población objetivo',
	'report.allChannels': 'Todos los canales',
	'report.allServices': 'Todos los servicios',
	'report.apply': 'Aplicar',
	'report.reset': 'Últimos 12 meses, sin filtros',
	'report.present': 'Presentar',
	'report.presentHint': 'Diapositivas a pantalla completa: flechas, Re Pág/Av Pág o Espacio para avanzar, Esc para salir.',
	'report.print': 'Imprimir o guardar como PDF',
	'report.copyLink': 'Este informe, con sus filtros, está en la dirección de esta página: cópiela para compartirlo.',
	'report.generated': 'Elaborado el {date} con Ventanillas Atlas',

	'headline.title': 'Cifras principales',
	'headline.people': 'Personas atendidas',
	'headline.services': 'Servicios brindados',
	'headline.per1000': 'Personas atendidas por cada 1,000 residentes objetivo',
	'headline.per1000Of': 'de {population} residentes objetivo ({target})',
	'headline.change': 'Cambio respecto al periodo anterior',
	'headline.changeOf': '{from} a {to}: {people} personas',
	'headline.noPrevious': 'Sin datos del periodo anterior',
	'headline.rank': 'Lugar entre los 53 consulados',
	'headline.rankValue': '{rank} de {ranked}',
	'headline.rankNote': 'por personas atendidas por cada 1,000 residentes objetivo, mismos filtros',
	'headline.noRank': 'Sin lugar (no hay tasa)',
	'headline.groupNote': 'Personas contadas: {group}.',

	'map.title': 'La circunscripción en el mapa',
	'map.label': 'Mapa de los condados que atiende {office}, con el consulado y sus socios',
	'map.colourBy': 'Colorear condados por',
	'map.byPopulation': 'Población objetivo',
	'map.byServed': 'Personas atendidas en sitios del condado',
	'map.legend': 'Leyenda',
	'map.outside': 'Fuera de la circunscripción',
	'map.office': 'El consulado',
	'map.partners': 'Sitios de socios ({n})',
	'map.printed': 'Mapa de la circunscripción',

	'trend.title': 'Personas atendidas por mes',
	'trend.label': 'Personas atendidas por mes, {from} a {to}',
	'trend.note': 'El periodo elegido se dibuja en color; el resto de la historia del consulado, en tono claro detrás. Los picos de octubre son la Semana Binacional de Salud.',

	'mix.title': 'Servicios brindados por tipo',
	'mix.label': 'Servicios brindados por tipo de servicio',
	'channels.title': 'Personas atendidas por canal',
	'channels.label': 'Personas atendidas por canal',
	'groups.title': 'Grupos atendidos',
	'groups.label': 'Personas atendidas por grupo',
	'groups.note': 'Los grupos se traslapan (una mujer embarazada también se cuenta entre las mujeres) y no todas las personas se cuentan en un grupo.',

	'partners.title': 'Los 10 socios principales',
	'partners.name': 'Socio',
	'partners.type': 'Tipo',
	'partners.people': 'Personas atendidas',
	'partners.services': 'Servicios',
	'partners.none': 'No hay registros de socios en este periodo.',
	'partners.active': '{n} sitios de socios activos hoy.',

	'need.title': 'Zonas menos atendidas de la circunscripción',
	'need.lede': 'Condados de la circunscripción ordenados por el índice de necesidad (0 = menor necesidad, 1 = mayor, entre todos los condados de EE. UU.).',
	'need.county': 'Condado',
	'need.index': 'Índice de necesidad',
	'need.population': 'Residentes objetivo',
	'need.nearest': 'Ventanilla o socio más cercano',
	'need.of': 'Se muestran {shown} de los {n} condados.',
	'need.more': 'Ver todos los condados ordenados',

	'sources.title': 'Fuentes y notas',
	'sources.figure': 'Cifra',
	'sources.kind': 'Tipo',
	'sources.services': 'Personas atendidas, servicios, meses, tipos, canales, grupos, socios',
	'sources.population': 'Población objetivo ({target})',
	'sources.need': 'Índice de necesidad y distancia al servicio más cercano',
	'sources.jurisdiction': 'Condados de la circunscripción',
	'sources.jurisdictionSource': 'Circunscripciones consulares (SRE); los condados que ninguna fuente define se asignan al consulado más cercano que atiende su estado',
	'sources.boundaries': 'Límites',
	'sources.boundariesSource': 'Límites cartográficos de la Oficina del Censo de EE. UU.; Natural Earth',
	'sources.records': '{n} registros',
	'sources.approximate': '{n} de los condados están asignados de forma aproximada.',

	'present.slide': 'Diapositiva {n} de {total}',
	'present.exit': 'Salir de la presentación (Esc)',
	'present.next': 'Siguiente',
	'present.previous': 'Anterior',

	'chart.month': 'Mes',
	'chart.value': 'Valor',
	'chart.category': 'Categoría',
	'chart.healthWeek': 'Semana Binacional de Salud',
	'chart.healthWeekShort': 'SBS',
	'chart.table': 'Valores en tabla',
	'chart.empty': 'No hay valores que dibujar.'
};

export const report: Bilingual<typeof en> = { en, es };

const merged: Bilingual<typeof common.en & typeof en> = {
	en: { ...common.en, ...en },
	es: { ...common.es, ...es }
};

/** One translator over the shared labels and the report's own messages. */
export function reportTranslator(lang: Lang) {
	return translator(lang, merged);
}

/**
 * An office's name in the language: the reference names ("Consulate of Mexico in {city}", the
 * Washington embassy's section) are translated; any other name (an imported one) is kept as written.
 */
export function officeName(lang: Lang, office: { id: string; name: string; city: string }): string {
	const t = reportTranslator(lang);
	if (office.name === `Consulate of Mexico in ${office.city}`) return t('office.name', { city: office.city });
	if (office.id === 'washington-dc' && office.name === 'Consular Section of the Embassy, Washington') return t('office.washington');
	return office.name;
}
