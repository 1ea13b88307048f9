/** The data-sources listing: every data set loaded, its source, vintage, kind and row counts. */
import { asc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { importBatches } from '../db/schema';

export interface DataSource {
	id: number;
	dataset: string;
	title: string;
	origin: string;
	source: string;
	license: string | null;
	vintage: string;
	kind: 'measured' | 'modelled' | 'demo';
	rowCounts: Record<string, number>;
	loadedAt: string | null;
	removedAt: string | null;
}

export async function dataSources(db: Db): Promise<DataSource[]> {
	const rows = await db.select().from(importBatches).orderBy(asc(importBatches.id));
	return rows.map((b) => ({
		id: b.id,
		dataset: b.dataset,
		title: b.title,
		origin: b.origin,
		source: b.source,
		license: b.license,
		vintage: b.vintage,
		kind: b.kind,
		rowCounts: b.rowCounts,
		loadedAt: b.finishedAt?.toISOString() ?? null,
		removedAt: b.removedAt?.toISOString() ?? null
	}));
}
