/**
 * Population estimates in a long ACS-style form: one row per area and indicator, with the Census
 * GEO_ID (0500000US06073 = county 06073, 860Z200US92101 = ZCTA 92101, 0400000US06 = California,
 * 1400000US06073000100 = a tract) or a plain code with a level column, the indicator, the
 * estimate, its 90 % margin of error and the vintage. Stored as kind 'measured' under
 * population_estimates' key (level, code, indicator, kind, vintage).
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { indicator, populationEstimates } from '../db/schema';
import { assignmentsOnSql } from '../queries/jurisdictions';
import { column } from './columns';
import { fail, normaliseEnum, normaliseGeoId, normaliseLevel, normaliseNumber, normaliseText, ok, type EnumSpec, type GeoLevel } from './normalise';
import { RowReader } from './row';
import type { CellError, Checked, DatasetHandler } from './types';

export type Indicator = (typeof indicator.enumValues)[number];

export const POPULATION_COLUMNS = [
	column('geo_id', 'geo_id', ['geoid', 'geography', 'geografía', 'área', 'area', 'code', 'código', 'codigo de area', 'fips'], true),
	column('level', 'nivel', ['geo level', 'summary level', 'tipo de área']),
	column('name', 'nombre', ['geographic area name', 'nombre del área']),
	column('indicator', 'indicador', ['variable'], true),
	column('value', 'valor', ['estimate', 'estimación', 'estimado'], true),
	column('moe', 'margen de error', ['margin of error', 'moe']),
	column('vintage', 'periodo', ['vintage', 'edición', 'encuesta', 'survey'], true)
];

/**
 * Indicator codes, their labels in both languages, and the ACS variables that are one indicator
 * each (estimate column names as data.census.gov writes them, with the E).
 */
export const INDICATOR_SPEC: EnumSpec<Indicator> = {
	codes: indicator.enumValues,
	labelPrefix: 'indicator.',
	extra: {
		B01003_001E: 'total_population',
		B03001_004E: 'mexican_origin',
		B27010_001E: 'uninsured_universe',
		C16001_005E: 'lep_spanish',
		C16001_001E: 'lep_universe',
		B17001_002E: 'poverty',
		B17001_001E: 'poverty_universe',
		poblacion: 'total_population',
		'poblacion total': 'total_population',
		population: 'total_population',
		'origen mexicano': 'mexican_origin',
		'mexican origin': 'mexican_origin',
		'nacidos en mexico': 'mexico_born',
		'mexico born': 'mexico_born',
		'sin seguro': 'uninsured',
		uninsured: 'uninsured'
	}
};

export interface PopulationRow {
	level: GeoLevel;
	code: string;
	indicator: Indicator;
	value: number;
	moe: number | null;
	vintage: string;
}

type Stored = PopulationRow & { id: number };

function nonNegative(s: string) {
	const n = normaliseNumber(s);
	return n.ok && n.value < 0 ? fail<number>('expected.nonNegative') : n;
}

export const populationDataset: DatasetHandler<PopulationRow, Stored, null> = {
	id: 'population',
	table: 'population_estimates',
	columns: POPULATION_COLUMNS,
	what: 'what.population',
	load: async () => null,

	parse(get, has) {
		const r = new RowReader(get, has);
		const level = r.optional('level', normaliseLevel);
		const area = r.required('geo_id', (s) => normaliseGeoId(s, level));
		const ind = r.required('indicator', (s) => normaliseEnum(s, INDICATOR_SPEC));
		const value = r.required('value', nonNegative);
		const moe = r.optional('moe', nonNegative);
		const vintage = r.required('vintage', (s) => {
			const t = normaliseText(s, 80);
			return t.ok && t.value === '' ? fail<string>('expected.required') : t.ok ? ok(t.value) : t;
		});
		return r.result(() => ({ level: area!.level, code: area!.code, indicator: ind!, value: value!, moe, vintage: vintage! }));
	},

	key: (r) => `${r.level}|${r.code}|${r.indicator}|${r.vintage}`,

	async check(db, rows, _ctx, scope) {
		const input = rows.map((r, i) => ({ i, level: r.level, code: r.code, indicator: r.indicator, vintage: r.vintage }));
		const found = await queryRows<{ i: number; known: boolean; office: string | null; id: number | null; value: number | null; moe: number | null }>(
			db,
			sql`WITH v AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS v(i int, level text, code text, indicator text, vintage text)),
			c AS (SELECT v.*, CASE v.level
					WHEN 'county' THEN v.code
					WHEN 'tract' THEN left(v.code, 5)
					WHEN 'zcta' THEN (SELECT zc.county_fips FROM zcta_counties zc WHERE zc.zcta = v.code ORDER BY zc.weight_pct DESC, zc.county_fips LIMIT 1)
				END AS county FROM v)
			SELECT c.i,
				EXISTS (SELECT 1 FROM areas a WHERE a.level::text = c.level AND a.code = c.code) AS known,
				(SELECT j.consulate_id FROM ${assignmentsOnSql()} j WHERE j.county_fips = c.county) AS office,
				e.id, e.value, e.moe
			FROM c LEFT JOIN population_estimates e ON e.level::text = c.level AND e.code = c.code
				AND e.indicator::text = c.indicator AND e.kind = 'measured' AND e.vintage = c.vintage
			ORDER BY c.i`
		);
		return rows.map((value, i): Checked<PopulationRow, Stored> => {
			const f = found[i];
			const errors: CellError[] = [];
			const at = `${value.level} ${value.code}`;
			if (!f.known) errors.push({ column: 'geo_id', value: at, key: 'expected.area', vars: { level: value.level } });
			else if (scope.consulateId && value.level === 'state') {
				errors.push({ column: 'geo_id', value: at, key: 'expected.scopeState', vars: { office: scope.consulateId } });
			} else if (scope.consulateId && f.office !== scope.consulateId) {
				errors.push({ column: 'geo_id', value: at, key: 'expected.scope', vars: { office: scope.consulateId } });
			}
			const existing = f.id === null ? null : { ...value, id: Number(f.id), value: Number(f.value), moe: f.moe === null ? null : Number(f.moe) };
			return { value, errors, existing };
		});
	},

	same: (v, e) => v.value === e.value && v.moe === e.moe,

	async write(tx, adds, updates, meta) {
		if (adds.length > 0) {
			await tx
				.insert(populationEstimates)
				.values(adds.map((r) => ({ ...r, kind: 'measured' as const, source: meta.source, batchId: meta.batchId })));
		}
		for (const { value, existing } of updates) {
			await tx.execute(
				sql`UPDATE population_estimates SET value = ${value.value}, moe = ${value.moe}, source = ${meta.source}, batch_id = ${meta.batchId} WHERE id = ${existing.id}`
			);
		}
	},

	existingId: (e) => e.id
};
