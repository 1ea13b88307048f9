/** Office names and search labels in both languages: the stored office names are English ("Consulate of Mexico in {city}"). */
import { translator, type Bilingual, type Lang } from './index';

const en = {
	'search.office': 'Consulate',
	'search.officeName': 'Consulate of Mexico in {city}',
	'search.embassy': 'Consular Section of the Embassy, Washington',
	'search.county': 'County',
	'search.place': 'City or town',
	'search.people': '{n} people',
	'search.zcta': 'ZIP code area'
};
export const searchMessages: Bilingual<typeof en> = {
	en,
	es: {
		'search.office': 'Consulado',
		'search.officeName': 'Consulado de México en {city}',
		'search.embassy': 'Sección Consular de la Embajada de México, Washington',
		'search.county': 'Condado',
		'search.place': 'Ciudad o localidad',
		'search.people': '{n} habitantes',
		'search.zcta': 'Código postal'
	}
};

const STORED_PREFIX = 'Consulate of Mexico in ';

/** An office's name in the language: the stored names are English ("Consulate of Mexico in {city}"). */
export function officeName(lang: Lang, office: { id: string; name: string }): string {
	const t = translator(lang, searchMessages);
	if (office.id === 'washington-dc') return t('search.embassy');
	if (office.name.startsWith(STORED_PREFIX)) return t('search.officeName', { city: office.name.slice(STORED_PREFIX.length) });
	return office.name;
}

