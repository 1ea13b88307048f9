import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { PARTNER_TYPES, partnersGeoJson, type PartnerType } from '$lib/server/queries/partners';
import type { RequestHandler } from './$types';

/** Partner sites as GeoJSON; ?consulate=<id>&type=<type>&inactive=1 narrow or widen the set. */
export const GET: RequestHandler = async ({ url }) => {
	const type = url.searchParams.get('type');
	if (type && !(PARTNER_TYPES as readonly string[]).includes(type)) {
		error(400, `Unknown partner type "${type}". Use one of: ${PARTNER_TYPES.join(', ')}`);
	}
	return json(
		await partnersGeoJson(await getDb(), {
			consulateId: url.searchParams.get('consulate') ?? undefined,
			type: (type as PartnerType) ?? undefined,
			includeInactive: url.searchParams.get('inactive') === '1'
		})
	);
};
