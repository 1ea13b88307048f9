/**
 * Every load runs inside one transaction with an import_batches row, so a failed load leaves
 * nothing half-written and a finished one says what it loaded, from where, and how many rows.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { dataChanged } from '../cache';
import { importBatches } from '../db/schema';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface BatchMeta {
	dataset: string;
	title: string;
	origin: string;
	source: string;
	license?: string | null;
	vintage: string;
	kind: 'measured' | 'modelled' | 'demo';
	fileSha256?: string | null;
	createdBy?: string;
}

/**
 * Runs `load` in a transaction after inserting the batch row; `load` returns row counts per table,
 * which are stored on the batch. Returns the batch id and the counts. Any throw rolls back all.
 */
export async function withBatch(
	db: Db,
	meta: BatchMeta,
	load: (tx: Tx, batchId: number) => Promise<Record<string, number>>
): Promise<{ batchId: number; rowCounts: Record<string, number> }> {
	const result = await db.transaction(async (tx) => {
		const [batch] = await tx.insert(importBatches).values(meta).returning({ id: importBatches.id });
		const rowCounts = await load(tx, batch.id);
		await tx
			.update(importBatches)
			.set({ rowCounts, finishedAt: sql`now()` })
			.where(eq(importBatches.id, batch.id));
		return { batchId: batch.id, rowCounts };
	});
	dataChanged(db);
	return result;
}

/** Splits `rows` into chunks of `size` (multi-row INSERTs stay under the bind-parameter limit). */
export function chunks<T>(rows: T[], size: number): T[][] {
	if (size < 1) throw new Error(`chunk size must be at least 1, got ${size}`);
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
	return out;
}
