/**
 * The imports a user may see, newest first: every import for administrators and program staff,
 * their office's for consulate staff, their organisation's for partner accounts.
 */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { ImportScope } from '../auth/roles';
import type { Db } from '../db/client';
import { importBatches, importUploads, partners } from '../db/schema';

export interface ImportListing {
	batchId: number;
	dataset: string;
	fileName: string;
	fileSha256: string | null;
	createdBy: string;
	startedAt: Date;
	consulateId: string | null;
	partnerId: number | null;
	partnerName: string | null;
	rows: number;
	added: number;
	updated: number;
	unchanged: number;
	rejected: number;
	undoneBy: string | null;
	undoneAt: Date | null;
}

/** At most `limit` imports (default 200) within `scope` (null fields: any). */
export async function importHistory(db: Db, scope: ImportScope, limit = 200): Promise<ImportListing[]> {
	const where: SQL[] = [];
	if (scope.partnerId !== null) where.push(eq(importUploads.partnerId, scope.partnerId));
	else if (scope.consulateId !== null) where.push(eq(importUploads.consulateId, scope.consulateId));
	return db
		.select({
			batchId: importUploads.batchId,
			dataset: importUploads.dataset,
			fileName: importUploads.fileName,
			fileSha256: importBatches.fileSha256,
			createdBy: importBatches.createdBy,
			startedAt: importBatches.startedAt,
			consulateId: importUploads.consulateId,
			partnerId: importUploads.partnerId,
			partnerName: partners.name,
			rows: importUploads.rows,
			added: importUploads.added,
			updated: importUploads.updated,
			unchanged: importUploads.unchanged,
			rejected: importUploads.rejected,
			undoneBy: importUploads.undoneBy,
			undoneAt: importUploads.undoneAt
		})
		.from(importUploads)
		.innerJoin(importBatches, eq(importBatches.id, importUploads.batchId))
		.leftJoin(partners, eq(partners.id, importUploads.partnerId))
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(importUploads.batchId))
		.limit(limit);
}
