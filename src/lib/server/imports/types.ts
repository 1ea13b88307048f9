/** Shapes shared by the import pipeline and its four data sets. */
import type { Db } from '../db/client';
import type { Tx } from '../load/batch';
import type { ColumnSpec } from './columns';
import type { MessageKey, MessageVars } from './messages';

export const DATASETS = ['partners', 'services', 'population', 'jurisdictions'] as const;
export type DatasetId = (typeof DATASETS)[number];

export type Conn = Db | Tx;

/** One cell's problem, before it is placed on its row. `column` is the column key. */
export interface CellError {
	column: string;
	value: string;
	key: MessageKey;
	vars?: MessageVars;
}

export type Parsed<R> = { ok: true; value: R } | { ok: false; errors: CellError[] };

/** A row after the database checks: its (possibly completed) value, its problems, the stored row it matches. */
export interface Checked<R, E> {
	value: R;
	errors: CellError[];
	existing: E | null;
	/** Warnings about this row (in English; the key and variables travel with them). */
	warnings?: { key: MessageKey; vars: MessageVars }[];
}

/** Read-only facts a data set loads once per run (offices, partners...). */
export interface RunScope {
	/** Only rows of this office are accepted; null = any office. */
	consulateId: string | null;
	/** Only this partner's own rows are accepted (a partner's user); null = any partner. */
	partnerId: number | null;
	/** That partner's name, for messages. */
	partnerName?: string | null;
}

export interface WriteMeta {
	batchId: number;
	/** The rows' `source` text. */
	source: string;
}

/**
 * One data set: its columns, how a row is read (pure), checked against the database (per chunk),
 * compared with what is stored, and written. R is the row's value, E the stored row it matches,
 * C what the run loads once.
 */
export interface DatasetHandler<R, E, C> {
	id: DatasetId;
	/** Table the rows go to. */
	table: 'partners' | 'service_records' | 'population_estimates' | 'county_assignments';
	columns: ColumnSpec[];
	/** What makes two rows the same, for the duplicate message. */
	what: MessageKey;
	/**
	 * The partner a checked row belongs to (null: none, such as an office's own desk or a new
	 * partner), for imports by a partner's user, which may only touch that partner's rows.
	 */
	ownerOf?(value: R, existing: E | null): number | null;
	/** Whole-file rules beyond required columns; throws ImportError. */
	checkColumns?(present: Set<string>): void;
	load(db: Conn, scope: RunScope): Promise<C>;
	/** Reads one row; `get(key)` is the cell of that column ('' when absent), `has(key)` whether the file has it. */
	parse(get: (key: string) => string, has: (key: string) => boolean, context: C, scope: RunScope): Parsed<R>;
	/** The row's identity (duplicates in a file, and the stored row it updates). */
	key(value: R): string;
	/** Database checks of a chunk of parsed rows, and the stored rows they match, in order. */
	check(db: Conn, rows: R[], context: C, scope: RunScope): Promise<Checked<R, E>[]>;
	/** True when writing `value` would not change `existing`. */
	same(value: R, existing: E): boolean;
	/** Writes a chunk's new and changed rows (the changed rows' old values are saved by the caller). */
	write(tx: Tx, adds: R[], updates: { value: R; existing: E }[], meta: WriteMeta): Promise<void>;
	/** Stored row id (or key) of a match, for saving its old values. */
	existingId(existing: E): number | { countyFips: string; validFrom: string };
}
