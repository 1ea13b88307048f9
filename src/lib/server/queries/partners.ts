/** Partner sites as GeoJSON. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { FeatureCollection, Point } from 'geojson';
import { textArray, type Db } from '../db/client';
import { partners, partnerType } from '../db/schema';

export type PartnerType = (typeof partnerType.enumValues)[number];
export const PARTNER_TYPES = partnerType.enumValues;

export interface PartnerProperties {
	id: number;
	name: string;
	type: PartnerType;
	consulateId: string;
	city: string | null;
	state: string | null;
	services: string[];
	capacity: number | null;
	activeFrom: string | null;
	activeTo: string | null;
	locationApproximate: boolean;
	kind: 'measured' | 'modelled' | 'demo';
	source: string;
}

/** Partners, optionally of one office or type, active today unless `includeInactive`. */
export async function partnersGeoJson(
	db: Db,
	options: { consulateId?: string; type?: PartnerType; includeInactive?: boolean } = {}
): Promise<FeatureCollection<Point, PartnerProperties>> {
	const where: SQL[] = [];
	if (options.consulateId) where.push(eq(partners.consulateId, options.consulateId));
	if (options.type) where.push(eq(partners.type, options.type));
	if (!options.includeInactive) {
		where.push(sql`(${partners.activeFrom} IS NULL OR ${partners.activeFrom} <= current_date)`);
		where.push(sql`(${partners.activeTo} IS NULL OR ${partners.activeTo} >= current_date)`);
	}
	const rows = await db
		.select({
			id: partners.id,
			name: partners.name,
			type: partners.type,
			consulateId: partners.consulateId,
			city: partners.city,
			state: partners.state,
			services: partners.services,
			capacity: partners.capacity,
			activeFrom: partners.activeFrom,
			activeTo: partners.activeTo,
			locationApproximate: partners.locationApproximate,
			kind: partners.kind,
			source: partners.source,
			geom: partners.geom
		})
		.from(partners)
		.where(and(...where))
		.orderBy(partners.id);
	return {
		type: 'FeatureCollection',
		features: rows.map(({ geom, ...p }) => ({
			type: 'Feature',
			id: p.id,
			geometry: { type: 'Point', coordinates: [geom.lng, geom.lat] },
			properties: { ...p, services: textArray(p.services) }
		}))
	};
}

