/**
 * Preview, commit and undo of an imported file. A preview reads the whole file in chunks, checks
 * every row and compares it with what is stored, writing nothing. A commit runs the same pass
 * inside one transaction and writes as it goes: an import_batches row (who, when, file, hash,
 * counts), the new rows, the changed rows with their old values saved in import_changes. Any
 * failure, or data that changed since the preview, rolls all of it back. Undo restores what one
 * batch changed and removes what it added, in one transaction.
 */
import { dataChanged } from '../cache';
import { createHash } from 'node:crypto';
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../../i18n/index';
import type { Db } from '../db/client';
import { isRowId, queryRows } from '../db/client';
import { consulates, countyAssignments, importBatches, importUploads, partners, populationEstimates, serviceRecords } from '../db/schema';
import type { Tx } from '../load/batch';
import { matchHeader } from './columns';
import type { Encoding } from './decode';
import { jurisdictionsDataset } from './jurisdictions';
import { clip, ImportError, message, type MessageKey, type MessageVars } from './messages';
import { partnersDataset } from './partners';
import { populationDataset } from './population';
import { servicesDataset } from './services';
import { openSource } from './source';
import { DATASETS, type CellError, type Checked, type Conn, type DatasetHandler, type DatasetId, type RunScope } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHandler = DatasetHandler<any, any, any>;

const HANDLERS: Record<DatasetId, AnyHandler> = {
	partners: partnersDataset,
	services: servicesDataset,
	population: populationDataset,
	jurisdictions: jurisdictionsDataset
};

const TITLES: Record<DatasetId, string> = {
	partners: 'Partners',
	services: 'Service records',
	population: 'Population estimates',
	jurisdictions: 'Jurisdiction corrections'
};

/** Waits for a write and tells the result caches that the data changed. */
async function afterWrite<T>(db: Db, write: Promise<T>): Promise<T> {
	const result = await write;
	dataChanged(db);
	return result;
}

/** One key for every import's transaction lock: two imports at once run one after the other. */
const IMPORT_LOCK = 7_245_001;

export type Progress = (rowsDone: number, rowsTotal?: number) => void | Promise<void>;

export interface ImportRequest {
	dataset: DatasetId | string;
	fileName: string;
	bytes: Uint8Array;
	/** Who imports: stored as the batch's created_by. */
	actor: string;
	/** Accept only rows of this office (consulate staff); null or absent = any office. */
	consulateId?: string | null;
	/** Accept only this partner's own rows (a partner's user; the office is the partner's); null or absent = any. */
	partnerId?: number | null;
	/** Language of `expected` and the warnings (default English). */
	lang?: Lang;
	/** How many row errors to list (default 1,000; all are counted). */
	maxErrors?: number;
	/** Rows per chunk (default 2,000). */
	chunkSize?: number;
	onProgress?: Progress;
}

export interface RowError {
	/** Row number as a spreadsheet shows it (header = 1); for GeoJSON, the feature's number (first = 1). */
	row: number;
	/** The column as the file names it. */
	column: string;
	value: string;
	/** What was expected, in the preview's language. */
	expected: string;
	key: MessageKey;
	vars: MessageVars;
}

export interface ImportCounts {
	/** Data rows read (blank rows not counted). */
	rows: number;
	add: number;
	update: number;
	unchanged: number;
	reject: number;
}

/** What commitImport needs: the request as previewed and the counts it must find again. */
export interface ImportPlan {
	token: string;
	dataset: DatasetId;
	fileName: string;
	fileSha256: string;
	actor: string;
	consulateId: string | null;
	partnerId: number | null;
	lang: Lang;
	bytes: Uint8Array;
	counts: ImportCounts;
	chunkSize: number;
}

export interface ImportPreview extends ImportCounts {
	dataset: DatasetId;
	fileName: string;
	fileSha256: string;
	encoding: Encoding;
	format: 'csv' | 'geojson';
	/** The first maxErrors row errors, in file order. */
	errors: RowError[];
	/** Every row error, listed or not. */
	errorCount: number;
	warnings: string[];
	/** Identifies the plan: same file, data set, office and user give the same token. */
	token: string;
	plan: ImportPlan;
}

export interface CommitResult extends ImportCounts {
	batchId: number;
}

/**
 * Control characters (C0, DEL, C1) and the bidirectional controls that can make "gpj.exe" read as
 * "exe.jpg" in a listing; a file name keeps neither.
 */
const NAME_CONTROLS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The name a file is recorded under: its last path part, control characters out, at most 200 characters (whole characters, never half an emoji). */
export function safeFileName(name: string): string {
	const base = name.split(/[\\/]/).pop()!.replace(NAME_CONTROLS, '').trim();
	return [...(base === '' || base === '.' || base === '..' ? 'upload' : base).slice(0, 400)].slice(0, 200).join('');
}

function checkActor(actor: string): string {
	const a = typeof actor === 'string' ? actor.trim() : '';
	if (a.length < 1 || a.length > 100) throw new ImportError('refuse.actor');
	return a;
}

function handlerOf(dataset: string): AnyHandler {
	if (!(DATASETS as readonly string[]).includes(dataset)) throw new ImportError('file.unknownDataset', { dataset });
	return HANDLERS[dataset as DatasetId];
}

/**
 * The run's scope, checked: the office must exist; a partner must exist, limits the run to its own
 * office, and may import only service records and its own partner row.
 */
async function checkScope(db: Conn, dataset: DatasetId, consulateId: string | null | undefined, partnerId: number | null | undefined): Promise<RunScope> {
	if (partnerId !== null && partnerId !== undefined) {
		if (dataset !== 'services' && dataset !== 'partners') throw new ImportError('refuse.partnerDataset', { dataset });
		const [partner] = Number.isInteger(partnerId)
			? await db.select({ office: partners.consulateId, name: partners.name }).from(partners).where(eq(partners.id, partnerId))
			: [];
		if (!partner) throw new ImportError('refuse.partner', { partner: String(partnerId) });
		return { consulateId: partner.office, partnerId, partnerName: partner.name };
	}
	if (!consulateId) return { consulateId: null, partnerId: null };
	const [office] = await db.select({ id: consulates.id }).from(consulates).where(eq(consulates.id, consulateId));
	if (!office) throw new ImportError('refuse.office', { office: consulateId });
	return { consulateId, partnerId: null };
}

interface PassOptions {
	handler: AnyHandler;
	bytes: Uint8Array;
	scope: RunScope;
	lang: Lang;
	maxErrors: number;
	chunkSize: number;
	onProgress?: Progress;
	/** Commit: write each chunk's changes under this batch. */
	write?: { tx: Tx; batchId: number; source: string };
}

interface PassResult extends ImportCounts {
	encoding: Encoding;
	format: 'csv' | 'geojson';
	errors: RowError[];
	errorCount: number;
	warnings: string[];
}

/** One read of the file: parse, check and classify every row; write the changes when asked. */
async function pass(db: Conn, o: PassOptions): Promise<PassResult> {
	const { handler, scope, lang } = o;
	const source = openSource(o.bytes, { geojson: handler.id === 'partners', chunkSize: o.chunkSize });
	const counts: ImportCounts = { rows: 0, add: 0, update: 0, unchanged: 0, reject: 0 };
	const errors: RowError[] = [];
	let errorCount = 0;
	const warnings: string[] = [];
	if (source.encoding === 'windows-1252') warnings.push(message('warning.windows1252', {}, lang));
	if (source.encoding.startsWith('utf-16')) warnings.push(message('warning.utf16', {}, lang));
	const rowWarnings: string[] = [];
	let approximate = 0;
	const seen = new Map<string, number>();
	let context: unknown = null;
	let match: ReturnType<typeof matchHeader> | null = null;

	// A chunk's errors are gathered and sorted by row (parse errors come before database ones).
	let chunkErrors: RowError[] = [];
	const flushErrors = () => {
		chunkErrors.sort((a, b) => a.row - b.row);
		errors.push(...chunkErrors.slice(0, Math.max(0, o.maxErrors - errors.length)));
		chunkErrors = [];
	};
	const addErrors = (row: number, cellErrors: CellError[]) => {
		counts.reject++;
		for (const e of cellErrors) {
			errorCount++;
			if (errors.length + chunkErrors.length < o.maxErrors) {
				chunkErrors.push({
					row,
					column: clip(match!.names.get(e.column) ?? e.column, 100),
					value: clip(e.value),
					expected: message(e.key, e.vars ?? {}, lang),
					key: e.key,
					vars: e.vars ?? {}
				});
			}
		}
	};

	for await (const chunk of source.chunks) {
		if ('header' in chunk) {
			match = matchHeader(chunk.header, handler.columns);
			handler.checkColumns?.(new Set(match.index.keys()));
			// Each unknown name once and at most 100 of them: a 10,000-column row gives 100 warnings, not 10,000.
			for (const column of [...new Set(match.unknown)].slice(0, 100)) warnings.push(message('warning.unknownColumn', { column: clip(column, 100) }, lang));
			context = await handler.load(db, scope);
			continue;
		}
		const m = match!;
		const parsed: { row: number; value: unknown; get: (key: string) => string }[] = [];
		for (const record of chunk.records) {
			counts.rows++;
			const get = (key: string) => {
				const i = m.index.get(key);
				return i === undefined ? '' : (record.cells[i] ?? '');
			};
			const result = handler.parse(get, (key) => m.index.has(key), context, scope);
			if (!result.ok) {
				addErrors(record.row, result.errors);
				continue;
			}
			const key = handler.key(result.value);
			const first = seen.get(key);
			if (first !== undefined) {
				const column = handler.columns.find((c) => c.required && m.index.has(c.key))!.key;
				addErrors(record.row, [{ column, value: get(column), key: 'expected.duplicate', vars: { what: message(handler.what, {}, lang), first } }]);
				continue;
			}
			seen.set(key, record.row);
			parsed.push({ row: record.row, value: result.value, get });
		}
		const checked: Checked<unknown, unknown>[] = parsed.length > 0 ? await handler.check(db, parsed.map((p) => p.value), context, scope) : [];
		const adds: unknown[] = [];
		const updates: { value: unknown; existing: unknown }[] = [];
		checked.forEach((c, i) => {
			const row = parsed[i].row;
			for (const w of c.warnings ?? []) if (rowWarnings.length < 100) rowWarnings.push(message(w.key, { ...w.vars, row }, lang));
			if (c.errors.length === 0 && scope.partnerId !== null && handler.ownerOf && handler.ownerOf(c.value, c.existing) !== scope.partnerId) {
				c.errors.push(ownerError(handler, scope.partnerName ?? String(scope.partnerId), parsed[i].get, m.index.has('key')));
			}
			if (c.errors.length > 0) return addErrors(row, c.errors);
			if (handler.id === 'partners' && (c.value as { locationApproximate: boolean }).locationApproximate && !(parsed[i].value as { lat: number | null }).lat) approximate++;
			if (c.existing === null) {
				counts.add++;
				adds.push(c.value);
			} else if (handler.same(c.value, c.existing)) counts.unchanged++;
			else {
				counts.update++;
				updates.push({ value: c.value, existing: c.existing });
			}
		});
		flushErrors();
		if (o.write && (adds.length > 0 || updates.length > 0)) {
			await saveOldValues(o.write.tx, handler, o.write.batchId, updates.map((u) => handler.existingId(u.existing)));
			await handler.write(o.write.tx, adds, updates, { batchId: o.write.batchId, source: o.write.source });
		}
		await o.onProgress?.(counts.rows, source.rowsTotal);
	}
	if (!match) throw new ImportError('file.noHeader');
	if (counts.rows === 0) throw new ImportError('file.noRows');
	if (approximate > 0) warnings.push(message('warning.approximate', { count: approximate }, lang));
	return { ...counts, encoding: source.encoding, format: source.format, errors, errorCount, warnings: [...warnings, ...rowWarnings] };
}

/**
 * The error of a row a partner's user may not touch (another partner's, an office's own, or a new
 * partner), on the cell that names the partner as the file wrote it.
 */
function ownerError(handler: AnyHandler, partner: string, get: (key: string) => string, hasKey: boolean): CellError {
	if (handler.id === 'partners') {
		const column = hasKey ? 'key' : 'name';
		return { column, value: get(column), key: 'expected.partnerOwnRow', vars: { partner } };
	}
	return { column: 'partner', value: get('partner'), key: 'expected.partnerScope', vars: { partner } };
}

/** Keeps the whole stored row (geometry as hex EWKB) of every row the batch is about to change. */
async function saveOldValues(tx: Tx, handler: AnyHandler, batchId: number, ids: (number | { countyFips: string; validFrom: string })[]): Promise<void> {
	if (ids.length === 0) return;
	const json = JSON.stringify(ids);
	const table = handler.table;
	let query: SQL;
	if (table === 'county_assignments') {
		query = sql`INSERT INTO import_changes (batch_id, table_name, previous)
			SELECT ${batchId}, 'county_assignments', to_jsonb(t) FROM county_assignments t
			JOIN jsonb_to_recordset(${json}::jsonb) AS k("countyFips" text, "validFrom" date) ON t.county_fips = k."countyFips" AND t.valid_from = k."validFrom"`;
	} else {
		const row = table === 'partners' ? sql`to_jsonb(t) - 'geom' || jsonb_build_object('geom', encode(ST_AsEWKB(t.geom), 'hex'))` : sql`to_jsonb(t)`;
		query = sql`INSERT INTO import_changes (batch_id, table_name, previous)
			SELECT ${batchId}, ${table}, ${row} FROM ${sql.identifier(table)} t
			WHERE t.id IN (SELECT jsonb_array_elements_text(${json}::jsonb)::int)`;
	}
	await tx.execute(query);
}

function tokenOf(dataset: string, fileSha256: string, scope: RunScope, actor: string): string {
	return createHash('sha256').update(JSON.stringify([dataset, fileSha256, scope.consulateId, scope.partnerId, actor])).digest('hex').slice(0, 32);
}

/**
 * Reads and checks a whole file without writing anything: counts of rows to add, update, leave
 * unchanged and reject, each rejected cell's row, column, value and what was expected, warnings,
 * and the plan that commitImport takes. Throws ImportError when the file as a whole cannot be
 * read (wrong type, missing columns, unterminated quote, no rows).
 */
export async function previewImport(db: Db, request: ImportRequest): Promise<ImportPreview> {
	const handler = handlerOf(request.dataset);
	const actor = checkActor(request.actor);
	const scope = await checkScope(db, handler.id, request.consulateId, request.partnerId);
	const fileName = safeFileName(request.fileName);
	const lang = request.lang ?? 'en';
	const chunkSize = request.chunkSize ?? 2000;
	const fileSha256 = createHash('sha256').update(request.bytes).digest('hex');
	const result = await pass(db, { handler, bytes: request.bytes, scope, lang, maxErrors: request.maxErrors ?? 1000, chunkSize, onProgress: request.onProgress });
	const { rows, add, update, unchanged, reject } = result;
	const token = tokenOf(handler.id, fileSha256, scope, actor);
	return {
		dataset: handler.id,
		fileName,
		fileSha256,
		...result,
		token,
		plan: {
			token,
			dataset: handler.id,
			fileName,
			fileSha256,
			actor,
			consulateId: scope.consulateId,
			partnerId: scope.partnerId,
			lang,
			bytes: request.bytes,
			counts: { rows, add, update, unchanged, reject },
			chunkSize
		}
	};
}

function describeCounts(c: ImportCounts): string {
	return `${c.add} to add, ${c.update} to update, ${c.unchanged} unchanged, ${c.reject} rejected`;
}

/**
 * Writes a previewed file in one transaction: all of it or, on any error, nothing. Checks the file
 * again inside the transaction and refuses when the counts differ from the preview's (someone
 * imported in between), and when rows were rejected unless `skipRejected` (the others are then
 * written and the rejected ones counted on the batch). Returns the batch id and the counts.
 */
export async function commitImport(db: Db, plan: ImportPlan, options: { skipRejected?: boolean; onProgress?: Progress } = {}): Promise<CommitResult> {
	const handler = handlerOf(plan.dataset);
	const actor = checkActor(plan.actor);
	const fileSha256 = createHash('sha256').update(plan.bytes).digest('hex');
	if (fileSha256 !== plan.fileSha256 || plan.token !== tokenOf(plan.dataset, fileSha256, { consulateId: plan.consulateId, partnerId: plan.partnerId }, actor)) {
		throw new ImportError('refuse.changed', { was: 'the previewed file', now: 'another file' });
	}
	if (plan.counts.reject > 0 && !options.skipRejected) throw new ImportError('refuse.rejected', { count: plan.counts.reject });
	const day = new Date().toISOString().slice(0, 10);
	return afterWrite(db, db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
		const scope = await checkScope(tx, handler.id, plan.partnerId === null ? plan.consulateId : null, plan.partnerId);
		const [batch] = await tx
			.insert(importBatches)
			.values({
				dataset: `import-${handler.id}`,
				title: `${TITLES[handler.id]} imported from ${plan.fileName}`,
				origin: plan.fileName,
				fileSha256,
				source: `Program records imported by ${actor}${scope.consulateId ? ` for ${scope.consulateId}` : ''}`,
				vintage: `imported ${day}`,
				kind: 'measured',
				createdBy: actor
			})
			.returning({ id: importBatches.id });
		const result = await pass(tx, {
			handler,
			bytes: plan.bytes,
			scope,
			lang: plan.lang,
			maxErrors: 0,
			chunkSize: plan.chunkSize,
			onProgress: options.onProgress,
			write: { tx, batchId: batch.id, source: `Program records: ${plan.fileName} (import ${batch.id})` }
		});
		const counts: ImportCounts = { rows: result.rows, add: result.add, update: result.update, unchanged: result.unchanged, reject: result.reject };
		if (JSON.stringify(counts) !== JSON.stringify(plan.counts)) {
			throw new ImportError('refuse.changed', { was: describeCounts(plan.counts), now: describeCounts(counts) });
		}
		await tx
			.update(importBatches)
			.set({
				rowCounts: { [handler.table]: counts.add + counts.update, added: counts.add, updated: counts.update, unchanged: counts.unchanged, rejected: counts.reject },
				finishedAt: sql`now()`
			})
			.where(eq(importBatches.id, batch.id));
		await tx.insert(importUploads).values({
			batchId: batch.id,
			dataset: handler.id,
			fileName: plan.fileName,
			consulateId: scope.consulateId,
			partnerId: scope.partnerId,
			rows: counts.rows,
			added: counts.add,
			updated: counts.update,
			unchanged: counts.unchanged,
			rejected: counts.reject
		});
		return { batchId: batch.id, ...counts };
	}));
}

const TABLES = {
	partners: { table: partners, key: ['id'] },
	service_records: { table: serviceRecords, key: ['id'] },
	population_estimates: { table: populationEstimates, key: ['id'] },
	county_assignments: { table: countyAssignments, key: ['county_fips', 'valid_from'] }
} as const;

export interface UndoResult {
	batchId: number;
	/** Rows the batch had added, now deleted. */
	removed: number;
	/** Rows the batch had changed, now as they were before it. */
	restored: number;
}

/**
 * Undoes one imported file as a whole, in one transaction: the rows it changed get their old
 * values back, the rows it added are deleted, and the batch is marked removed (who and when on
 * import_uploads). Refused when a later import changed the same rows (undo that one first), when
 * service records of another import, or user accounts, use partners this one added, or, with
 * `consulateId` (consulate staff) or `partnerId` (a partner's user), when the
 * import was not made for that office.
 */
export async function undoImport(db: Db, batchId: number, actor: string, options: { consulateId?: string | null; partnerId?: number | null } = {}): Promise<UndoResult> {
	const who = checkActor(actor);
	if (!isRowId(batchId)) throw new ImportError('refuse.notFound', { batch: batchId });
	return afterWrite(db, db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
		const [found] = await tx
			.select({ removedAt: importBatches.removedAt, dataset: importUploads.dataset, consulateId: importUploads.consulateId, partnerId: importUploads.partnerId })
			.from(importBatches)
			.leftJoin(importUploads, eq(importUploads.batchId, importBatches.id))
			.where(eq(importBatches.id, batchId));
		if (!found) throw new ImportError('refuse.notFound', { batch: batchId });
		if (!found.dataset) throw new ImportError('refuse.notImport', { batch: batchId });
		if (found.removedAt) throw new ImportError('refuse.undone', { batch: batchId, when: found.removedAt.toISOString() });
		if (options.consulateId && found.consulateId !== options.consulateId) {
			throw new ImportError('refuse.scope', { batch: batchId, office: found.consulateId ?? 'all offices' });
		}
		if (options.partnerId != null && found.partnerId !== options.partnerId) throw new ImportError('refuse.partnerScope', { batch: batchId });
		const later = await queryRows<{ batch_id: number }>(
			tx,
			sql`SELECT DISTINCT c.batch_id FROM import_changes c JOIN import_batches b ON b.id = c.batch_id
				WHERE b.removed_at IS NULL AND c.batch_id <> ${batchId} AND (c.previous->>'batch_id')::int = ${batchId} ORDER BY 1`
		);
		if (later.length > 0) throw new ImportError('refuse.later', { batches: later.map((l) => l.batch_id).join(', ') });
		const handler = handlerOf(found.dataset);
		if (handler.table === 'partners') {
			const users = await queryRows<{ batch_id: number | null }>(
				tx,
				sql`SELECT DISTINCT s.batch_id FROM service_records s JOIN partners p ON p.id = s.partner_id
					WHERE p.batch_id = ${batchId} AND s.batch_id IS DISTINCT FROM ${batchId} ORDER BY 1`
			);
			if (users.length > 0) throw new ImportError('refuse.partnersUsed', { batches: users.map((u) => u.batch_id ?? 'none').join(', ') });
			const accounts = await queryRows<{ username: string }>(
				tx,
				sql`SELECT u.username FROM users u JOIN partners p ON p.id = u.partner_id WHERE p.batch_id = ${batchId} ORDER BY 1`
			);
			if (accounts.length > 0) throw new ImportError('refuse.partnersAccounts', { users: accounts.map((a) => a.username).join(', ') });
		}
		const { table, key } = TABLES[handler.table];
		const name = sql.identifier(handler.table);
		const columns = Object.values(getTableColumns(table)).map((c) => c.name);
		const set = sql.join(
			columns.filter((c) => !key.includes(c as never)).map((c) => sql`${sql.identifier(c)} = r.${sql.identifier(c)}`),
			sql`, `
		);
		const on = sql.join(
			key.map((k) => sql`t.${sql.identifier(k)} = r.${sql.identifier(k)}`),
			sql` AND `
		);
		const restored = await queryRows<{ n: number }>(
			tx,
			sql`WITH u AS (UPDATE ${name} t SET ${set}
				FROM (SELECT (jsonb_populate_record(NULL::${name}, c.previous)).* FROM import_changes c
					WHERE c.batch_id = ${batchId} AND c.table_name = ${handler.table}) r
				WHERE ${on} RETURNING 1) SELECT count(*)::int AS n FROM u`
		);
		const removed = await queryRows<{ n: number }>(
			tx,
			sql`WITH d AS (DELETE FROM ${name} WHERE batch_id = ${batchId} RETURNING 1) SELECT count(*)::int AS n FROM d`
		);
		await tx.update(importBatches).set({ removedAt: sql`now()` }).where(eq(importBatches.id, batchId));
		await tx.update(importUploads).set({ undoneBy: who, undoneAt: sql`now()` }).where(eq(importUploads.batchId, batchId));
		return { batchId, removed: Number(removed[0].n), restored: Number(restored[0].n) };
	}));
}
