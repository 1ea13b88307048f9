/**
 * From raw answers to database rows: `prepareAcs` is pure (parse, resolve the Mexico-born line,
 * merge the calls, derive the estimates); `writeAcs` upserts them in one import batch.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { areas, populationEstimates } from '../db/schema';
import { chunks, withBatch } from '../load/batch';
import type { AcsResponses } from './census-api';
import { ACS_LICENSE, ACS_SOURCE, acsDataset, acsTitle, acsVintage, type AcsRequest } from './dataset';
import { areaEstimates, tractArea, type EstimateRow, type TractArea } from './estimates';
import { columnsOf, mergeAcsTables, parseAcsTable } from './parse';
import { ACS_INDICATORS, requestVariables, resolveMexicoBornVariable, type AcsIndicator } from './variables';

export interface PreparedAcs {
	/** The B05006 line resolved by its label, e.g. 'B05006_160E'. */
	mexicoBornVariable: string;
	/** Areas in the answers (each may lack some indicators). */
	areaCount: number;
	estimates: EstimateRow[];
	/** Tract runs only: the tracts, to add to `areas` where missing. */
	areas: TractArea[];
}

function parseJson(text: string, where: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`${where}: not JSON`);
	}
}

/**
 * Turns one run's raw answers into estimate rows (and tract areas). Throws naming the answer at
 * fault when one is malformed, lacks a requested variable, or covers another state than asked.
 */
export function prepareAcs(request: AcsRequest, responses: AcsResponses): PreparedAcs {
	const { groups } = responses;
	let mexicoBornVariable: string;
	try {
		mexicoBornVariable = resolveMexicoBornVariable(parseJson(groups.text, groups.where));
	} catch (e) {
		throw new Error(`${groups.where}: ${(e as Error).message}`);
	}
	const tables = responses.parts.map(({ text, where }) => ({ table: parseAcsTable(parseJson(text, where), where), where }));
	const present = columnsOf(tables.map((t) => t.table));
	const missing = ['NAME', ...requestVariables(mexicoBornVariable)].filter((v) => !present.has(v));
	if (missing.length > 0) {
		throw new Error(`the answers from ${responses.origin} lack ${missing.join(', ')}`);
	}
	const rows = mergeAcsTables(tables, request.geo);
	if (request.state) {
		const other = rows.find((r) => r.geo.state !== request.state!.fips);
		if (other) throw new Error(`${request.geo} ${other.code} is not in ${request.state.name} (state ${request.state.fips})`);
	}
	return {
		mexicoBornVariable,
		areaCount: rows.length,
		estimates: rows.flatMap((row) => areaEstimates(row, request.geo, mexicoBornVariable)),
		areas: request.geo === 'tract' ? rows.map(tractArea) : []
	};
}

export interface AcsLoadResult {
	batchId: number;
	/** Rows written per table, as stored on the import batch. */
	rowCounts: Record<string, number>;
	/** Estimate rows inserted or updated, per indicator. */
	byIndicator: Record<AcsIndicator, number>;
	/** Tracts added to `areas` (existing ones are left as they are). */
	areasAdded: number;
	areaCount: number;
	mexicoBornVariable: string;
}

export interface WriteOptions {
	/** Rows per INSERT statement. */
	insertChunkSize?: number;
}

/**
 * Upserts the prepared rows as kind 'measured' in one import batch: estimates on the
 * (level, code, indicator, kind, vintage) key, so a re-run updates instead of duplicating; tract
 * areas only where missing. Any failure rolls back the whole run. Returns what was written.
 */
export async function writeAcs(
	db: Db,
	request: AcsRequest,
	prepared: PreparedAcs,
	origin: string,
	options: WriteOptions = {}
): Promise<AcsLoadResult> {
	const size = options.insertChunkSize ?? 1000;
	const vintage = acsVintage(request.year);
	let areasAdded = 0;
	const { batchId, rowCounts } = await withBatch(
		db,
		{
			dataset: acsDataset(request),
			title: acsTitle(request),
			origin,
			source: ACS_SOURCE,
			license: ACS_LICENSE,
			vintage,
			kind: 'measured'
		},
		async (tx, batchId) => {
			for (const part of chunks(prepared.areas, size)) {
				const added = await tx
					.insert(areas)
					.values(part.map((a) => ({ ...a, batchId })))
					.onConflictDoNothing()
					.returning({ code: areas.code });
				areasAdded += added.length;
			}
			for (const part of chunks(prepared.estimates, size)) {
				await tx
					.insert(populationEstimates)
					.values(part.map((e) => ({ ...e, vintage, source: ACS_SOURCE, kind: 'measured' as const, method: null, batchId })))
					.onConflictDoUpdate({
						target: [
							populationEstimates.level,
							populationEstimates.code,
							populationEstimates.indicator,
							populationEstimates.kind,
							populationEstimates.vintage
						],
						set: {
							value: sql`excluded.value`,
							moe: sql`excluded.moe`,
							source: sql`excluded.source`,
							method: sql`excluded.method`,
							batchId: sql`excluded.batch_id`
						}
					});
			}
			return { population_estimates: prepared.estimates.length, areas: areasAdded };
		}
	);
	const byIndicator = Object.fromEntries(ACS_INDICATORS.map((i) => [i, 0])) as Record<AcsIndicator, number>;
	for (const e of prepared.estimates) byIndicator[e.indicator] += 1;
	return {
		batchId,
		rowCounts,
		byIndicator,
		areasAdded,
		areaCount: prepared.areaCount,
		mexicoBornVariable: prepared.mexicoBornVariable
	};
}

/** prepareAcs then writeAcs, with the answers' origin on the batch. */
export async function loadAcs(
	db: Db,
	request: AcsRequest,
	responses: AcsResponses,
	options: WriteOptions = {}
): Promise<AcsLoadResult> {
	return writeAcs(db, request, prepareAcs(request, responses), responses.origin, options);
}
