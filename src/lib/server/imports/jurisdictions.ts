/**
 * Jurisdiction corrections: which office serves a county from a date on, as many rows as the file
 * has. Each row is what `npm run data:assign` does for one county (load/assignments.ts, checked the
 * same way: a 5-digit county of the served states, an existing office, a real date), written as
 * basis 'admin', not approximate, replacing any row of the same county and date.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { countyAssignments } from '../db/schema';
import { column } from './columns';
import { normaliseCountyFips, normaliseDate, normaliseGeoId, normaliseText, type Normalised } from './normalise';
import { loadOffices, officeCell, type Offices } from './offices';
import { RowReader } from './row';
import type { CellError, Checked, DatasetHandler } from './types';

export const JURISDICTION_COLUMNS = [
	column('county', 'condado', ['county fips', 'fips', 'código de condado', 'fips del condado', 'geo_id', 'geoid'], true),
	column('office', 'consulado', ['consulate', 'oficina', 'oficina consular'], true),
	column('from', 'desde', ['valid from', 'vigente desde', 'fecha', 'date', 'from date', 'fecha de inicio', 'a partir de'], true),
	column('note', 'nota', ['note', 'notes', 'notas', 'comment', 'comentario', 'motivo', 'reason'])
];

export interface JurisdictionRow {
	countyFips: string;
	consulateId: string;
	/** 'YYYY-MM-DD' */
	validFrom: string;
	/** null: keep the stored note (or the default one for a new row). */
	note: string | null;
}

interface Stored {
	countyFips: string;
	validFrom: string;
	consulateId: string;
	note: string | null;
	basis: string;
	approximate: boolean;
}

/** A county as FIPS (6073, 06073) or a Census GEO_ID (0500000US06073). */
function county(raw: string): Normalised<string> {
	if (/US/i.test(raw)) {
		const g = normaliseGeoId(raw, 'county');
		return g.ok ? { ok: true, value: g.value.code } : normaliseCountyFips('x');
	}
	return normaliseCountyFips(raw);
}

export const DEFAULT_NOTE = 'corrected by an administrator';

export const jurisdictionsDataset: DatasetHandler<JurisdictionRow, Stored, { offices: Offices }> = {
	id: 'jurisdictions',
	table: 'county_assignments',
	columns: JURISDICTION_COLUMNS,
	what: 'what.jurisdictions',
	load: async (db) => ({ offices: await loadOffices(db) }),

	parse(get, has, ctx, scope) {
		const r = new RowReader(get, has);
		const countyFips = r.required('county', county);
		const office = officeCell(get('office'), ctx.offices, scope);
		if (office.error) r.errors.push(office.error);
		else if (!office.id) r.error('office', 'expected.required');
		const validFrom = r.required('from', normaliseDate);
		const note = r.optional('note', (s) => normaliseText(s, 300));
		return r.result(() => ({ countyFips: countyFips!, consulateId: office.id!, validFrom: validFrom!, note: note || null }));
	},

	key: (r) => `${r.countyFips}|${r.validFrom}`,

	async check(db, rows, _ctx, scope) {
		const input = rows.map((r, i) => ({ i, county: r.countyFips, day: r.validFrom }));
		const found = await queryRows<{ i: number; known: boolean; current: string | null } & Partial<Record<string, unknown>>>(
			db,
			sql`WITH v AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS v(i int, county text, day date))
			SELECT v.i,
				EXISTS (SELECT 1 FROM areas a WHERE a.level = 'county' AND a.code = v.county) AS known,
				(SELECT c.consulate_id FROM county_assignments c WHERE c.county_fips = v.county AND c.valid_from <= v.day
					ORDER BY c.valid_from DESC LIMIT 1) AS current,
				e.consulate_id, e.note, e.basis::text AS basis, e.approximate
			FROM v LEFT JOIN county_assignments e ON e.county_fips = v.county AND e.valid_from = v.day
			ORDER BY v.i`
		);
		return rows.map((value, i): Checked<JurisdictionRow, Stored> => {
			const f = found[i];
			const errors: CellError[] = [];
			if (!f.known) errors.push({ column: 'county', value: value.countyFips, key: 'expected.countyOnFile' });
			// Staff of one office may re-date their own counties, not take another office's.
			else if (scope.consulateId && f.current && f.current !== scope.consulateId) {
				errors.push({ column: 'county', value: value.countyFips, key: 'expected.scope', vars: { office: scope.consulateId } });
			}
			const existing: Stored | null =
				f.consulate_id == null
					? null
					: {
							countyFips: value.countyFips,
							validFrom: value.validFrom,
							consulateId: String(f.consulate_id),
							note: (f.note as string | null) ?? null,
							basis: String(f.basis),
							approximate: Boolean(f.approximate)
						};
			return { value, errors, existing };
		});
	},

	same: (v, e) => v.consulateId === e.consulateId && e.basis === 'admin' && !e.approximate && (v.note === null || v.note === e.note),

	async write(tx, adds, updates, meta) {
		if (adds.length > 0) {
			await tx.insert(countyAssignments).values(
				adds.map((r) => ({
					countyFips: r.countyFips,
					validFrom: r.validFrom,
					consulateId: r.consulateId,
					basis: 'admin' as const,
					approximate: false,
					note: r.note ?? DEFAULT_NOTE,
					batchId: meta.batchId
				}))
			);
		}
		for (const { value, existing } of updates) {
			await tx.execute(
				sql`UPDATE county_assignments SET consulate_id = ${value.consulateId}, basis = 'admin', approximate = false,
					note = ${value.note ?? existing.note ?? DEFAULT_NOTE}, batch_id = ${meta.batchId}
					WHERE county_fips = ${existing.countyFips} AND valid_from = ${existing.validFrom}`
			);
		}
	},

	existingId: (e) => ({ countyFips: e.countyFips, validFrom: e.validFrom })
};
