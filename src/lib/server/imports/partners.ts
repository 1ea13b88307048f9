/**
 * Partner organisations: name, type, office, address, ZIP code, coordinates, services, capacity
 * and active dates. A row without coordinates is placed at its ZIP code's ZCTA point and marked
 * approximate; a point outside the United States and its territories is refused, and one whose
 * latitude and longitude are the wrong way round is named as such. Stored as kind 'measured'
 * under a stable source key: the file's key column, else a hash of the name and ZIP code.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PartnerType, ServiceType } from '../../filters';
import { queryRows, textArray } from '../db/client';
import { partners } from '../db/schema';
import { assignmentsOnSql } from '../queries/jurisdictions';
import { column } from './columns';
import { ImportError } from './messages';
import {
	PARTNER_TYPE_SPEC,
	SERVICE_SPEC,
	foldKey,
	normaliseBoolean,
	normaliseCount,
	normaliseDate,
	normaliseEnum,
	normaliseEnumList,
	normaliseNumber,
	normaliseText,
	normaliseZip
} from './normalise';
import { loadOffices, officeCell, scopeError, type Offices } from './offices';
import { RowReader } from './row';
import type { CellError, Checked, DatasetHandler } from './types';

export const PARTNER_COLUMNS = [
	column('key', 'clave', ['id', 'source key', 'clave socio', 'clave del socio', 'partner key', 'partner id', 'id socio']),
	column('name', 'nombre', ['nombre del socio', 'socio', 'partner', 'partner name', 'organización', 'organization', 'organisation'], true),
	column('type', 'tipo', ['partner type', 'tipo de socio', 'tipo de organización', 'organization type'], true),
	column('office', 'consulado', ['consulate', 'oficina', 'oficina consular']),
	column('address', 'dirección', ['domicilio', 'calle', 'street', 'street address']),
	column('city', 'ciudad', ['localidad', 'town']),
	column('state', 'estado', ['st', 'state code']),
	column('zip', 'código postal', ['cp', 'c.p.', 'zip code', 'zipcode', 'postal code', 'zcta']),
	column('lat', 'latitud', ['latitude', 'y']),
	column('lon', 'longitud', ['lng', 'long', 'longitude', 'x']),
	column('services', 'servicios', ['servicios que ofrece', 'services offered']),
	column('capacity', 'capacidad', ['capacidad mensual', 'monthly capacity', 'personas por mes', 'people per month']),
	column('active_from', 'activo desde', ['desde', 'from', 'inicio', 'start', 'fecha de inicio', 'start date']),
	column('active_to', 'activo hasta', ['hasta', 'to', 'fin', 'end', 'fecha de fin', 'end date']),
	column('approximate', 'ubicación aproximada', ['aproximada', 'location approximate', 'approx'])
];

/** undefined: the file has no such column, so the stored value is kept. */
type Keep<T> = T | undefined;

export interface PartnerRow {
	sourceKey: string;
	name: string;
	type: PartnerType;
	/** The office the row names (checked against the scope); null: from the point's county. */
	consulateId: string | null;
	address: Keep<string | null>;
	city: Keep<string | null>;
	state: Keep<string | null>;
	zip: string | null;
	/** Degrees; null until placed at the ZIP code's point. */
	lat: number | null;
	lon: number | null;
	locationApproximate: boolean;
	services: Keep<ServiceType[]>;
	capacity: Keep<number | null>;
	activeFrom: Keep<string | null>;
	activeTo: Keep<string | null>;
}

interface Stored {
	id: number;
	name: string;
	type: PartnerType;
	consulateId: string;
	address: string | null;
	city: string | null;
	state: string | null;
	zip: string | null;
	lat: number;
	lon: number;
	locationApproximate: boolean;
	services: ServiceType[];
	capacity: number | null;
	activeFrom: string | null;
	activeTo: string | null;
}

/** The key of a partner without a key column: a hash of its folded name and ZIP code (or point). */
export function partnerHashKey(name: string, zip: string | null, lat: number | null, lon: number | null): string {
	const where = zip ?? `${lat?.toFixed(4)},${lon?.toFixed(4)}`;
	return `h-${createHash('sha256').update(`${foldKey(name)}|${where}`).digest('hex').slice(0, 16)}`;
}

function text(max: number) {
	return (s: string) => normaliseText(s, max);
}

function stateCode(s: string) {
	const t = normaliseText(s, 40);
	return t.ok && /^[a-z]{2}$/i.test(t.value) ? { ...t, value: t.value.toUpperCase() } : t;
}

/** For a column the file may leave out: undefined when absent, else the cell's value or null. */
function keep<T>(r: RowReader, key: string, normalise: Parameters<RowReader['optional']>[1]): Keep<T | null> {
	return r.has(key) ? (r.optional(key, normalise) as T | null) : undefined;
}

interface PartnerContext {
	offices: Offices;
}

export const partnersDataset: DatasetHandler<PartnerRow, Stored, PartnerContext> = {
	id: 'partners',
	table: 'partners',
	columns: PARTNER_COLUMNS,
	what: 'what.partners',
	ownerOf: (_value, existing) => existing?.id ?? null,

	checkColumns(present) {
		if (!(present.has('lat') && present.has('lon')) && !present.has('zip')) {
			throw new ImportError('file.missingLocation', { lat: 'latitud / lat', lon: 'longitud / lon', zip: 'código postal / zip' });
		}
	},

	async load(db) {
		const [states] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM areas WHERE level = 'state' AND geom IS NOT NULL`);
		if (Number(states.n) === 0) throw new ImportError('file.statesMissing');
		return { offices: await loadOffices(db) };
	},

	parse(get, has, ctx, scope) {
		const r = new RowReader(get, has);
		const name = r.required('name', text(200));
		const type = r.required('type', (s) => normaliseEnum(s, PARTNER_TYPE_SPEC));
		const key = r.optional('key', text(100));
		const office = officeCell(get('office'), ctx.offices, scope);
		if (office.error) r.errors.push(office.error);
		const zip = r.optional('zip', normaliseZip);
		const lat = r.optional('lat', normaliseNumber);
		const lon = r.optional('lon', normaliseNumber);
		if ((lat === null) !== (lon === null) && r.errors.every((e) => e.column !== 'lat' && e.column !== 'lon')) {
			r.error(lat === null ? 'lat' : 'lon', 'expected.bothCoordinates');
		}
		if (lat === null && lon === null && zip === null && r.errors.every((e) => !['lat', 'lon', 'zip'].includes(e.column))) {
			r.error(has('zip') ? 'zip' : 'lat', 'expected.location');
		}
		const approximate = r.optional('approximate', normaliseBoolean);
		const services = keep<ServiceType[]>(r, 'services', (s) => normaliseEnumList(s, SERVICE_SPEC));
		const activeFrom = keep<string>(r, 'active_from', normaliseDate);
		const activeTo = keep<string>(r, 'active_to', normaliseDate);
		if (activeFrom && activeTo && activeTo < activeFrom) r.error('active_to', 'expected.activeRange', { from: activeFrom });
		const row = {
			address: keep<string>(r, 'address', text(300)),
			city: keep<string>(r, 'city', text(100)),
			state: keep<string>(r, 'state', stateCode),
			capacity: keep<number>(r, 'capacity', normaliseCount)
		};
		return r.result(() => ({
			sourceKey: key ?? partnerHashKey(name!, zip, lat, lon),
			name: name!,
			type: type!,
			consulateId: office.id,
			zip,
			lat,
			lon,
			locationApproximate: approximate ?? false,
			services: services ?? (has('services') ? [] : undefined),
			activeFrom,
			activeTo,
			...row
		}));
	},

	key: (r) => r.sourceKey,

	async check(db, rows, ctx, scope) {
		const input = rows.map((r, i) => ({ i, lat: r.lat, lon: r.lon, zip: r.zip }));
		const placed = await queryRows<{ i: number; given: boolean; lat: number | null; lon: number | null; inside: boolean; swapped: boolean; office: string | null }>(
			db,
			sql`WITH v AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS v(i int, lat float8, lon float8, zip text)),
			p AS (
				SELECT v.i, v.lat IS NOT NULL AS given,
					CASE WHEN v.lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326) ELSE z.point END AS pt,
					CASE WHEN v.lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(v.lat, v.lon), 4326) END AS flipped
				FROM v LEFT JOIN areas z ON z.level = 'zcta' AND z.code = v.zip
			)
			SELECT p.i, p.given, ST_Y(p.pt) AS lat, ST_X(p.pt) AS lon,
				(${inUs(sql`p.pt`)}) AS inside,
				(p.flipped IS NOT NULL AND ${inUs(sql`p.flipped`)}) AS swapped,
				(SELECT a.consulate_id FROM areas c JOIN ${assignmentsOnSql()} a ON a.county_fips = c.code
					WHERE c.level = 'county' AND ST_Intersects(c.geom, p.pt) ORDER BY c.code LIMIT 1) AS office
			FROM p ORDER BY p.i`
		);
		const keys = rows.map((r) => r.sourceKey);
		const stored = await db
			.select({
				id: partners.id,
				sourceKey: partners.sourceKey,
				name: partners.name,
				type: partners.type,
				consulateId: partners.consulateId,
				address: partners.address,
				city: partners.city,
				state: partners.state,
				zip: partners.zip,
				geom: partners.geom,
				locationApproximate: partners.locationApproximate,
				services: partners.services,
				capacity: partners.capacity,
				activeFrom: partners.activeFrom,
				activeTo: partners.activeTo
			})
			.from(partners)
			.where(and(eq(partners.kind, 'measured'), inArray(partners.sourceKey, keys)));
		const byKey = new Map(stored.map(({ geom, sourceKey, ...s }) => [sourceKey, { ...s, lat: geom.lat, lon: geom.lng, services: textArray(s.services) as ServiceType[] }]));

		return rows.map((row, i): Checked<PartnerRow, Stored> => {
			const p = placed[i];
			const errors: CellError[] = [];
			const value = { ...row };
			const where = `${row.lat}, ${row.lon}`;
			if (p.given && !p.inside) {
				if (p.swapped) errors.push({ column: 'lat', value: where, key: 'expected.swapped', vars: { lat: row.lon!, lon: row.lat! } });
				else if (Math.abs(row.lat!) > 90) errors.push({ column: 'lat', value: String(row.lat), key: 'expected.latitude' });
				else if (Math.abs(row.lon!) > 180) errors.push({ column: 'lon', value: String(row.lon), key: 'expected.longitude' });
				else errors.push({ column: 'lat', value: where, key: 'expected.outsideUs' });
			} else if (!p.given) {
				if (p.lat === null) errors.push({ column: 'zip', value: row.zip ?? '', key: 'expected.zipUnknown' });
				else {
					value.lat = Number(p.lat);
					value.lon = Number(p.lon);
					value.locationApproximate = true;
				}
			}
			const warnings: Checked<PartnerRow, Stored>['warnings'] = [];
			if (errors.length === 0) {
				if (!row.consulateId) {
					if (!p.office) errors.push({ column: 'office', value: '', key: 'expected.noOffice' });
					else {
						const scoped = scopeError(p.office, scope, 'office', p.office);
						if (scoped) errors.push(scoped);
						else value.consulateId = p.office;
					}
				} else if (p.office && p.office !== row.consulateId) {
					warnings.push({ key: 'warning.officeMismatch', vars: { derived: p.office, given: row.consulateId } });
				}
			}
			return { value, errors, existing: byKey.get(row.sourceKey) ?? null, warnings };
		});
	},

	same(v, e) {
		const kept = <T>(a: T | undefined, b: T) => a === undefined || JSON.stringify(a) === JSON.stringify(b);
		return (
			v.name === e.name &&
			v.type === e.type &&
			v.consulateId === e.consulateId &&
			v.zip === e.zip &&
			v.lat === e.lat &&
			v.lon === e.lon &&
			v.locationApproximate === e.locationApproximate &&
			kept(v.address, e.address) &&
			kept(v.city, e.city) &&
			kept(v.state, e.state) &&
			kept(v.services, e.services) &&
			kept(v.capacity, e.capacity) &&
			kept(v.activeFrom, e.activeFrom) &&
			kept(v.activeTo, e.activeTo)
		);
	},

	async write(tx, adds, updates, meta) {
		const values = (v: PartnerRow) => ({
			name: v.name,
			type: v.type,
			consulateId: v.consulateId!,
			zip: v.zip,
			geom: { lng: v.lon!, lat: v.lat! },
			locationApproximate: v.locationApproximate,
			address: v.address,
			city: v.city,
			state: v.state,
			services: v.services,
			capacity: v.capacity,
			activeFrom: v.activeFrom,
			activeTo: v.activeTo,
			source: meta.source,
			batchId: meta.batchId
		});
		if (adds.length > 0) {
			await tx.insert(partners).values(adds.map((v) => ({ ...values(v), services: v.services ?? [], sourceKey: v.sourceKey, kind: 'measured' as const })));
		}
		// Drizzle leaves out undefined fields from SET, so columns the file lacks keep their values.
		for (const { value, existing } of updates) await tx.update(partners).set(values(value)).where(eq(partners.id, existing.id));
	},

	existingId: (e) => e.id
};

/**
 * SQL: true when the point is in one of the states' polygons (50 states, DC, PR, VI), or within
 * 0.01 degree (about 1 km) of one and not inside Mexico's outline: the 1:10m coastlines cut off
 * some shore-side addresses, and the tolerance must not let Tijuana in.
 */
function inUs(pt: ReturnType<typeof sql>) {
	return sql`EXISTS (SELECT 1 FROM areas s WHERE s.level = 'state' AND ST_Intersects(s.geom, ${pt}))
		OR (EXISTS (SELECT 1 FROM areas s WHERE s.level = 'state' AND ST_DWithin(s.geom, ${pt}, 0.01))
			AND NOT EXISTS (SELECT 1 FROM context_shapes m WHERE m.id = 'mexico' AND ST_Intersects(m.geom, ${pt})))`;
}
