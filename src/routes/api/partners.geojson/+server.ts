import { error, json } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { consulates } from '$lib/server/db/schema';
import { PARTNER_TYPES, partnersGeoJson, type PartnerType } from '$lib/server/queries/partners';
import type { RequestHandler } from './$types';

/**
 * Partner sites as GeoJSON; ?consulate=<id>&type=<type>&inactive=1 narrow or widen the set. A
 * malformed value is a 400 and an unknown office a 404, not an empty collection that looks like
 * an office without partners.
 */
export const GET: RequestHandler = async ({ url }) => {
	const type = url.searchParams.get('type');
	if (type && !(PARTNER_TYPES as readonly string[]).includes(type)) {
		error(400, `Unknown partner type "${type}". Use one of: ${PARTNER_TYPES.join(', ')}`);
	}
	const inactive = url.searchParams.get('inactive');
	if (inactive !== null && inactive !== '0' && inactive !== '1') error(400, `inactive must be 1 (include closed partners) or 0, got "${inactive.slice(0, 40)}"`);
	const consulateId = url.searchParams.get('consulate') || undefined;
	const db = await getDb();
	if (consulateId !== undefined) {
		if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(consulateId)) error(400, `consulate: "${consulateId.slice(0, 40)}" is not an office id such as san-diego`);
		const [office] = await db.select({ id: consulates.id }).from(consulates).where(eq(consulates.id, consulateId));
		if (!office) error(404, `No office "${consulateId}"; the offices are listed at /api/consulates.geojson`);
	}
	return json(await partnersGeoJson(db, { consulateId, type: (type as PartnerType) ?? undefined, includeInactive: inactive === '1' }));
};
