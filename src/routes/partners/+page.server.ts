import { getDb } from '$lib/server/db';
import { officesGeoJson } from '$lib/server/queries/consulates';
import { partnersGeoJson } from '$lib/server/queries/partners';
import type { PageServerLoad } from './$types';

/** Every partner (inactive ones too, marked) with its office's city, for the searchable list. */
export const load: PageServerLoad = async () => {
	const db = await getDb();
	const [partners, offices] = await Promise.all([partnersGeoJson(db, { includeInactive: true }), officesGeoJson(db)]);
	const officeCity = new Map(offices.features.map((f) => [f.properties.id, f.properties.city]));
	const today = new Date().toISOString().slice(0, 10);
	return {
		partners: partners.features.map(({ properties: p }) => ({
			id: p.id,
			name: p.name,
			type: p.type,
			consulateId: p.consulateId,
			officeCity: officeCity.get(p.consulateId) ?? p.consulateId,
			city: p.city,
			state: p.state,
			kind: p.kind,
			active: (p.activeFrom === null || p.activeFrom <= today) && (p.activeTo === null || p.activeTo >= today)
		}))
	};
};
