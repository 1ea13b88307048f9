/**
 * Service records row by row, with exact counts, for signed-in users: one partner's for a partner
 * account (the caller passes the scope from auth/roles.ts recordScope), any for staff. The public
 * never reaches this: it sees summed figures with small cells withheld (queries/services.ts).
 */
import { and, asc, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { partners, serviceRecords } from '../db/schema';

export interface RecordQuery {
	/** Only this partner's records (a partner account's own); null: any. */
	partnerId: number | null;
	/** Only this office's; null: any. */
	consulateId: string | null;
	/** Only imported ('measured') or only generated ('demo') records; null: both. */
	kind?: 'measured' | 'demo' | null;
	/** 'YYYY-MM' bounds, inclusive. */
	from?: string | null;
	to?: string | null;
	/** 0-based page of `pageSize` rows (default 100). */
	page?: number;
	pageSize?: number;
}

export interface RecordRow {
	id: number;
	month: string;
	consulateId: string;
	partnerId: number | null;
	partnerName: string | null;
	channel: string;
	serviceType: string;
	peopleServed: number;
	servicesDelivered: number;
	women: number | null;
	men: number | null;
	pregnantWomen: number | null;
	children: number | null;
	lgbtq: number | null;
	kind: string;
	batchId: number | null;
}

/** One page of records, newest month first, and how many match in all. */
export async function serviceRecordPage(db: Db, q: RecordQuery): Promise<{ total: number; rows: RecordRow[] }> {
	const where: SQL[] = [];
	if (q.partnerId !== null) where.push(eq(serviceRecords.partnerId, q.partnerId));
	if (q.consulateId) where.push(eq(serviceRecords.consulateId, q.consulateId));
	if (q.kind) where.push(eq(serviceRecords.kind, q.kind));
	if (q.from) where.push(gte(serviceRecords.month, `${q.from}-01`));
	if (q.to) where.push(lte(serviceRecords.month, `${q.to}-01`));
	const filter = where.length ? and(...where) : undefined;
	const size = q.pageSize ?? 100;
	const [{ n }] = await db.select({ n: count() }).from(serviceRecords).where(filter);
	const rows = await db
		.select({
			id: serviceRecords.id,
			month: serviceRecords.month,
			consulateId: serviceRecords.consulateId,
			partnerId: serviceRecords.partnerId,
			partnerName: partners.name,
			channel: serviceRecords.channel,
			serviceType: serviceRecords.serviceType,
			peopleServed: serviceRecords.peopleServed,
			servicesDelivered: serviceRecords.servicesDelivered,
			women: serviceRecords.women,
			men: serviceRecords.men,
			pregnantWomen: serviceRecords.pregnantWomen,
			children: serviceRecords.children,
			lgbtq: serviceRecords.lgbtq,
			kind: serviceRecords.kind,
			batchId: serviceRecords.batchId
		})
		.from(serviceRecords)
		.leftJoin(partners, eq(partners.id, serviceRecords.partnerId))
		.where(filter)
		.orderBy(desc(serviceRecords.month), asc(serviceRecords.consulateId), asc(serviceRecords.id))
		.limit(size)
		.offset((q.page ?? 0) * size);
	return { total: Number(n), rows: rows.map((r) => ({ ...r, month: String(r.month).slice(0, 7) })) };
}
