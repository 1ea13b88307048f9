import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '../../src/lib/server/db/client';
import { importBatches, importUploads, partners, populationEstimates, serviceRecords } from '../../src/lib/server/db/schema';
import { commitImport, previewImport, undoImport, type ImportPreview } from '../../src/lib/server/imports';
import { fixture, loadWorld, ZCTAS } from '../fixtures/imports/world';
import { drivers, freshDb } from '../support/db';

/** Row count and checksum of every table an import can touch, plus the counts of the others. */
async function snapshot(handle: DbHandle): Promise<Record<string, string>> {
	const rows = await queryRows<{ t: string; v: string }>(
		handle.db,
		sql`SELECT 'partners' AS t, count(*) || ':' || md5(coalesce(string_agg(p::text, ',' ORDER BY id), '')) AS v FROM partners p
		UNION ALL SELECT 'service_records', count(*) || ':' || md5(coalesce(string_agg(s::text, ',' ORDER BY id), '')) FROM service_records s
		UNION ALL SELECT 'population_estimates', count(*) || ':' || md5(coalesce(string_agg(e::text, ',' ORDER BY id), '')) FROM population_estimates e
		UNION ALL SELECT 'county_assignments', count(*) || ':' || md5(coalesce(string_agg(c::text, ',' ORDER BY county_fips, valid_from), '')) FROM county_assignments c
		UNION ALL SELECT 'areas', count(*)::text FROM areas
		UNION ALL SELECT 'consulates', count(*)::text FROM consulates
		UNION ALL SELECT 'zcta_counties', count(*)::text FROM zcta_counties`
	);
	return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

async function batchCount(handle: DbHandle): Promise<number> {
	const [r] = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM import_batches`);
	return Number(r.n);
}

/** [row, column, value, expected] of each error, as a user reads them. */
const errorTable = (p: ImportPreview) => p.errors.map((e) => [e.row, e.column, e.value, e.expected]);
const counts = (p: { rows: number; add: number; update: number; unchanged: number; reject: number }) => [p.rows, p.add, p.update, p.unchanged, p.reject];

const PARTNERS = 'partners-messy.csv';

describe.each(drivers())('imports on %s', (driver) => {
	let handle: DbHandle;
	let empty: Record<string, string>;
	let partnersBatch: number;
	let servicesBatch: number;
	beforeAll(async () => {
		handle = await freshDb(driver);
		await loadWorld(handle.db);
		empty = await snapshot(handle);
	});
	afterAll(() => handle?.close());

	const preview = (dataset: string, file: string, extra: Partial<Parameters<typeof previewImport>[1]> = {}) =>
		previewImport(handle.db, { dataset, fileName: file, bytes: fixture(file), actor: 'ana', ...extra });

	it('previews a messy Windows-1252 partners file: counts, each rejected cell, warnings, and nothing written', async () => {
		const p = await preview('partners', PARTNERS);
		expect([p.encoding, p.format]).toEqual(['windows-1252', 'csv']);
		// rows, add, update, unchanged, reject: rows 2, 3, 7 and 10 are good; the two trailing blank rows are not rows.
		expect(counts(p)).toEqual([9, 4, 0, 0, 5]);
		expect(errorTable(p)).toEqual([
			[4, 'Latitude', '-117.1611, 32.7157', 'latitude and longitude the other way round: (32.7157, -117.1611) would be in the United States'],
			[5, 'Latitude', '32.5149, -117.0382', 'a point in the United States or its territories'],
			[6, 'ZIP Code', '99999', 'a ZIP code with a ZIP area (ZCTA) on file, or coordinates'],
			[8, 'Type', 'spaceship', 'one of: clinic, community_health_center, hospital, university, public_health_department, community_organization, mobile_unit, other'],
			[9, 'Name', 'Clínica San José (again)', 'one row per partner key (or name and ZIP code); row 2 has the same']
		]);
		expect(p.warnings).toEqual([
			'The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check the accents in the preview.',
			'Column "Website" is not used: its name is not one of the accepted names.',
			'3 partners without coordinates are placed at their ZIP code’s point, marked approximate.'
		]);
		expect(p.fileSha256).toBe(createHash('sha256').update(fixture(PARTNERS)).digest('hex'));
		expect(await snapshot(handle)).toEqual(empty);
		expect(await batchCount(handle)).toBe(0);
	});

	it('gives the same errors in Spanish when asked', async () => {
		const p = await preview('partners', PARTNERS, { lang: 'es' });
		expect(p.errors[1].expected).toBe('un punto en Estados Unidos o sus territorios');
		expect(p.errors[1].key).toBe('expected.outsideUs');
	});

	it('rejects, for consulate staff of San Diego, the row of the Phoenix office', async () => {
		const p = await preview('partners', PARTNERS, { consulateId: 'san-diego' });
		expect(counts(p)).toEqual([9, 3, 0, 0, 6]);
		expect(errorTable(p).find((e) => e[0] === 10)).toEqual([10, 'Office', 'Phoenix', 'a row of your office (san-diego)']);
		await expect(preview('partners', PARTNERS, { consulateId: 'atlantis' })).rejects.toThrow('Unknown office "atlantis".');
	});

	it('commits only on purpose when rows were rejected, then writes the good rows verbatim in one recorded batch', async () => {
		const p = await preview('partners', PARTNERS, { fileName: '..\\..\\Windows\\partners-messy.csv' });
		await expect(commitImport(handle.db, p.plan)).rejects.toThrow(/^5 rows were rejected/);
		expect(await batchCount(handle)).toBe(0);
		const result = await commitImport(handle.db, p.plan, { skipRejected: true });
		expect(counts(result)).toEqual([9, 4, 0, 0, 5]);
		partnersBatch = result.batchId;

		const stored = await handle.db.select().from(partners).orderBy(partners.sourceKey);
		expect(stored.map((s) => s.sourceKey)).toEqual(['PX-001', 'SD-001', 'SD-002', 'SD-006']);
		const [px, sanJose, penasco, hostile] = stored;
		expect(sanJose).toMatchObject({
			name: 'Clínica San José',
			type: 'clinic',
			consulateId: 'san-diego',
			address: '1200 Market St, Suite 5',
			state: 'CA',
			zip: '92101',
			geom: { lng: -117.1611, lat: 32.7157 },
			locationApproximate: false,
			services: ['glucose', 'blood_pressure'],
			capacity: 1200,
			activeFrom: '2023-01-01',
			kind: 'measured',
			batchId: result.batchId
		});
		// No coordinates: at its ZIP code's ZCTA point, approximate, the office from the county there.
		const sanYsidro = ZCTAS.find((z) => z.code === '92173')!;
		expect(penasco).toMatchObject({ name: 'Peñasco Health', zip: '92173', geom: { lng: sanYsidro.lon, lat: sanYsidro.lat }, locationApproximate: true, consulateId: 'san-diego' });
		expect(penasco.services).toEqual(['vaccination', 'hiv_test']);
		expect(px).toMatchObject({ consulateId: 'phoenix', type: 'university' });
		// Script and SQL are data: stored as written, and every other table is as it was.
		expect(hostile.name).toBe("<script>alert('x')</script>");
		expect(hostile.address).toBe("'; DROP TABLE partners; --");
		const after = await snapshot(handle);
		expect({ ...after, partners: empty.partners }).toEqual(empty);

		const [batch] = await handle.db.select().from(importBatches).where(eq(importBatches.id, result.batchId));
		expect(batch).toMatchObject({
			dataset: 'import-partners',
			origin: 'partners-messy.csv',
			fileSha256: p.fileSha256,
			kind: 'measured',
			createdBy: 'ana',
			rowCounts: { partners: 4, added: 4, updated: 0, unchanged: 0, rejected: 5 },
			removedAt: null
		});
		expect(batch.finishedAt).toBeInstanceOf(Date);
		const [upload] = await handle.db.select().from(importUploads).where(eq(importUploads.batchId, result.batchId));
		expect(upload).toMatchObject({ dataset: 'partners', fileName: 'partners-messy.csv', consulateId: null, rows: 9, added: 4, rejected: 5, undoneBy: null });
	});

	it('changes nothing when the same file is imported again', async () => {
		const before = await snapshot(handle);
		const p = await preview('partners', PARTNERS);
		expect(counts(p)).toEqual([9, 0, 0, 4, 5]);
		const again = await commitImport(handle.db, p.plan, { skipRejected: true });
		expect([again.add, again.update]).toEqual([0, 0]);
		expect(await snapshot(handle)).toEqual(before);
	});

	it('moves a partner that a later file places elsewhere, and undo puts its point back bit for bit', async () => {
		const before = await snapshot(handle);
		const moved = Buffer.from('clave,nombre,tipo,consulado,latitud,longitud,capacidad\nSD-001,Clínica San José,clinic,san-diego,32.71234567890123,-117.15432109876543,900\n');
		const p = await previewImport(handle.db, { dataset: 'partners', fileName: 'moved.csv', bytes: moved, actor: 'ana' });
		expect(counts(p)).toEqual([1, 0, 1, 0, 0]);
		const result = await commitImport(handle.db, p.plan);
		const [row] = await handle.db.select().from(partners).where(eq(partners.sourceKey, 'SD-001'));
		// Columns the file does not have (address, services...) keep their values.
		expect(row).toMatchObject({ geom: { lat: 32.71234567890123, lng: -117.15432109876543 }, capacity: 900, address: '1200 Market St, Suite 5', services: ['glucose', 'blood_pressure'] });
		await undoImport(handle.db, result.batchId, 'ana');
		expect(await snapshot(handle)).toEqual(before);
	});

	it('previews messy service records: BOM, semicolons, Spanish headers, thousands separators, quoted line breaks', async () => {
		const p = await preview('services', 'services-messy.csv');
		expect(p.encoding).toBe('utf-8-bom');
		expect(counts(p)).toEqual([15, 6, 0, 0, 9]);
		expect(errorTable(p)).toEqual([
			[5, 'Mes', '13/2024', 'a month such as 2024-03, 03/2024, 2024/03, mar 2024 or marzo 2024'],
			[6, 'Consulado', 'Atlantis', 'an office id, city or name, such as san-diego or San Diego'],
			[7, 'Socio', 'SD-999', 'the key or name of a partner of san-diego imported before, or blank for the office itself'],
			[8, 'Servicios', '5', 'at least the people served (10): each person received one service or more'],
			[9, 'Personas atendidas', '-3', 'a number of 0 or more'],
			[10, 'Personas atendidas', '12.5', 'a whole number such as 1234, 1,234 or 1 234'],
			[11, 'Mujeres', '11', 'at most the people served (10)'],
			[12, 'Embarazadas', '5', 'at most the women (4)'],
			[13, 'Mes', '2024-03', 'one row per month, office, partner, channel and service type; row 3 has the same']
		]);
		expect(p.warnings).toEqual(['Column "Comentarios" is not used: its name is not one of the accepted names.']);
		const scoped = await preview('services', 'services-messy.csv', { consulateId: 'san-diego' });
		expect(counts(scoped)).toEqual([15, 5, 0, 0, 10]);
		expect(errorTable(scoped).find((e) => e[0] === 14)).toEqual([14, 'Consulado', 'Phoenix', 'a row of your office (san-diego)']);
	});

	it('stores the service records as read: partner by key or by name, counts without their separators', async () => {
		const p = await preview('services', 'services-messy.csv');
		const result = await commitImport(handle.db, p.plan, { skipRejected: true });
		servicesBatch = result.batchId;
		const rows = await queryRows<Record<string, string | number | null>>(
			handle.db,
			sql`SELECT to_char(s.month, 'YYYY-MM') AS month, s.consulate_id AS office, p.source_key AS partner, s.channel::text AS channel,
				s.service_type::text AS service, s.people_served AS people, s.services_delivered AS services, s.women, s.men,
				s.pregnant_women AS pregnant, s.children, s.lgbtq
			FROM service_records s LEFT JOIN partners p ON p.id = s.partner_id ORDER BY s.id`
		);
		expect(rows.map((r) => Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)))).toEqual([
			['2024-03', 'san-diego', 'SD-001', 'health_week_fair', 'glucose', 1234, 1300, 700, 500, 20, 10, 5],
			['2024-03', 'san-diego', null, 'desk', 'hiv_test', 1200, 1200, 600, 600, null, null, null],
			['2024-03', 'san-diego', 'SD-002', 'mobile_unit', 'vaccination', 40, 45, 20, 20, 2, 5, 1],
			['2024-04', 'phoenix', null, 'desk', 'glucose', 30, 30, null, null, null, null, null],
			['2024-05', 'san-diego', null, 'health_week_fair', 'blood_pressure', 2000, 2500, 1000, 900, null, null, null],
			['2024-05', 'san-diego', null, 'health_week_fair', 'glucose', 8, 9, null, null, null, null, null]
		]);
	});

	it('updates a changed record, and undo puts back exactly what was there', async () => {
		const before = await snapshot(handle);
		const p = await preview('services', 'services-revised.csv');
		expect(counts(p)).toEqual([2, 1, 1, 0, 0]);
		const result = await commitImport(handle.db, p.plan);
		const [changed] = await handle.db.select().from(serviceRecords).where(eq(serviceRecords.batchId, result.batchId)).orderBy(serviceRecords.id);
		expect([changed.peopleServed, changed.servicesDelivered]).toEqual([1240, 1300]);
		expect(await snapshot(handle)).not.toEqual(before);

		expect(await undoImport(handle.db, result.batchId, 'bea')).toEqual({ batchId: result.batchId, removed: 1, restored: 1 });
		expect(await snapshot(handle)).toEqual(before);
		const [upload] = await handle.db.select().from(importUploads).where(eq(importUploads.batchId, result.batchId));
		expect(upload.undoneBy).toBe('bea');
		expect(upload.undoneAt).toBeInstanceOf(Date);
		await expect(undoImport(handle.db, result.batchId, 'bea')).rejects.toThrow(`Import ${result.batchId} was undone already`);
		// A later import of the same file finds the old value again and updates it again.
		expect(counts(await preview('services', 'services-revised.csv'))).toEqual([2, 1, 1, 0, 0]);
	});

	it('leaves the database exactly as it was when a commit fails half-way', async () => {
		const before = await snapshot(handle);
		const batches = await batchCount(handle);
		const p = await preview('services', 'services-revised.csv', { chunkSize: 1 });
		let chunks = 0;
		await expect(
			commitImport(handle.db, p.plan, {
				onProgress: () => {
					if (++chunks === 2) throw new Error('disk full');
				}
			})
		).rejects.toThrow('disk full');
		expect(chunks).toBe(2); // the first chunk was written inside the transaction, then rolled back
		expect(await snapshot(handle)).toEqual(before);
		expect(await batchCount(handle)).toBe(batches);
	});

	it('refuses a commit when the data changed since the preview', async () => {
		const p = await preview('services', 'services-revised.csv');
		const other = await preview('services', 'services-revised.csv', { actor: 'carla' });
		await commitImport(handle.db, other.plan);
		const before = await snapshot(handle);
		await expect(commitImport(handle.db, p.plan)).rejects.toThrow(
			'The data changed since the preview (1 to add, 1 to update, 0 unchanged, 0 rejected before, 0 to add, 0 to update, 2 unchanged, 0 rejected now). Preview the file again.'
		);
		expect(await snapshot(handle)).toEqual(before);
	});

	it('keeps hostile input as data: SQL and script in cells and names change nothing else', async () => {
		const before = await snapshot(handle);
		const batches = await batchCount(handle);
		const csv = "mes,consulado,canal,tipo de servicio,personas atendidas,servicios\n2024-07,\"san-diego'; DELETE FROM service_records; --\",desk,glucose,1,1\n2024-07,<script>alert(1)</script>,desk,glucose,1,1\n";
		const p = await previewImport(handle.db, { dataset: 'services', fileName: "x'; DROP TABLE partners; --.csv", bytes: Buffer.from(csv), actor: "<b>eve</b>'--" });
		expect(errorTable(p)).toEqual([
			[2, 'consulado', "san-diego'; DELETE FROM service_records; --", 'an office id, city or name, such as san-diego or San Diego'],
			[3, 'consulado', '<script>alert(1)</script>', 'an office id, city or name, such as san-diego or San Diego']
		]);
		expect(p.fileName).toBe("x'; DROP TABLE partners; --.csv");
		await expect(previewImport(handle.db, { dataset: "services'; --", fileName: 'a.csv', bytes: Buffer.from(csv), actor: 'eve' })).rejects.toThrow(/^Unknown data set/);
		await expect(previewImport(handle.db, { dataset: 'partners', fileName: 'logo.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), actor: 'eve' })).rejects.toThrow(
			/^This is a PNG image file, not CSV text/
		);
		await expect(previewImport(handle.db, { dataset: 'services', fileName: 'a.csv', bytes: Buffer.from('mes,canal\n2024-01,desk\n'), actor: 'eve' })).rejects.toThrow(
			/^Missing required columns: consulado \(office\), tipo de servicio \(service_type\), personas atendidas \(people_served\), servicios \(services_delivered\)\./
		);
		expect(await snapshot(handle)).toEqual(before);
		expect(await batchCount(handle)).toBe(batches);
	});

	it('reads partners from GeoJSON points and flags one in Mexico', async () => {
		const geojson = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [-112.074, 33.4484] }, properties: { nombre: 'Centro Phoenix', tipo: 'hospital', clave: 'PX-002' } },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [-106.4245, 31.6904] }, properties: { nombre: 'Juárez', tipo: 'clinic', clave: 'X-1' } }
			]
		};
		const p = await previewImport(handle.db, { dataset: 'partners', fileName: 'p.geojson', bytes: Buffer.from(JSON.stringify(geojson)), actor: 'ana' });
		expect(p.format).toBe('geojson');
		expect(counts(p)).toEqual([2, 1, 0, 0, 1]);
		expect(errorTable(p)).toEqual([[2, 'latitud', '31.6904, -106.4245', 'a point in the United States or its territories']]);
	});

	it('imports ACS population figures by Census GEO_ID, and limits consulate staff to their counties', async () => {
		const p = await preview('population', 'population-acs.csv');
		expect(counts(p)).toEqual([8, 4, 0, 0, 4]);
		expect(errorTable(p)).toEqual([
			[5, 'GEO_ID', 'county 99999', 'a county code on file'],
			[7, 'GEO_ID', '0500000US06073', 'one row per area, indicator and vintage; row 2 has the same'],
			[8, 'value', '-5', 'a number of 0 or more'],
			[9, 'GEO_ID', '6073', 'a Census GEO_ID such as 0500000US06073 or 860Z200US92101, or a code with a level column']
		]);
		const scoped = await preview('population', 'population-acs.csv', { consulateId: 'san-diego' });
		expect(errorTable(scoped).filter((e) => e[0] === 4 || e[0] === 6)).toEqual([
			[4, 'GEO_ID', 'state 06', 'a county or ZIP area of your office (san-diego); state figures are imported by program staff'],
			[6, 'GEO_ID', 'county 06037', 'a row of your office (san-diego)']
		]);
		const before = await snapshot(handle);
		const result = await commitImport(handle.db, p.plan, { skipRejected: true });
		const rows = await handle.db
			.select({ level: populationEstimates.level, code: populationEstimates.code, indicator: populationEstimates.indicator, value: populationEstimates.value, moe: populationEstimates.moe })
			.from(populationEstimates)
			.orderBy(populationEstimates.id);
		expect(rows).toEqual([
			{ level: 'county', code: '06073', indicator: 'mexican_origin', value: 1043000, moe: 5000 },
			{ level: 'zcta', code: '92101', indicator: 'total_population', value: 46025, moe: 1500 },
			{ level: 'state', code: '06', indicator: 'mexican_origin', value: 12635258, moe: null },
			{ level: 'county', code: '06037', indicator: 'mexican_origin', value: 4800000.5, moe: 9000 }
		]);
		await undoImport(handle.db, result.batchId, 'ana');
		expect(await snapshot(handle)).toEqual(before);
	});

	it('applies jurisdiction corrections from their date and undoes them', async () => {
		const before = await snapshot(handle);
		const p = await preview('jurisdictions', 'jurisdictions.csv');
		expect(counts(p)).toEqual([4, 2, 0, 0, 2]);
		expect(errorTable(p)).toEqual([
			[4, 'condado', '99999', 'a county of the served states on file'],
			[5, 'consulado', 'Atlantis', 'an office id, city or name, such as san-diego or San Diego']
		]);
		const result = await commitImport(handle.db, p.plan, { skipRejected: true });
		const history = await queryRows<{ county_fips: string; valid_from: string; consulate_id: string; basis: string; note: string }>(
			handle.db,
			sql`SELECT county_fips, valid_from::text, consulate_id, basis::text, note FROM county_assignments WHERE batch_id = ${result.batchId} ORDER BY county_fips`
		);
		expect(history).toEqual([
			{ county_fips: '06025', valid_from: '2025-01-15', consulate_id: 'san-diego', basis: 'admin', note: 'corrected by an administrator' },
			{ county_fips: '06073', valid_from: '2025-01-01', consulate_id: 'los-angeles', basis: 'admin', note: 'prueba de corrección' }
		]);
		expect(counts(await preview('jurisdictions', 'jurisdictions.csv'))).toEqual([4, 0, 0, 2, 2]);
		// San Diego's staff cannot take a county that Los Angeles now serves.
		const grab = Buffer.from('condado,consulado,desde\n06073,san-diego,2025-06-01\n');
		const scoped = await previewImport(handle.db, { dataset: 'jurisdictions', fileName: 'j.csv', bytes: grab, actor: 'sd', consulateId: 'san-diego' });
		expect(errorTable(scoped)).toEqual([[2, 'condado', '06073', 'a row of your office (san-diego)']]);
		await undoImport(handle.db, result.batchId, 'ana');
		expect(await snapshot(handle)).toEqual(before);
	});

	it('undoes partners only after the service records that use them, and then restores the empty tables exactly', async () => {
		await expect(undoImport(handle.db, partnersBatch, 'ana')).rejects.toThrow(/^Service records of import \d+(, \d+)* use partners this import added/);
		await expect(undoImport(handle.db, servicesBatch, 'ana', { consulateId: 'san-diego' })).rejects.toThrow(`Import ${servicesBatch} was made for all offices, not for your office.`);
		await expect(undoImport(handle.db, 1_000_000, 'ana')).rejects.toThrow('There is no import number 1000000.');
		// Undo every live service import, newest first, then the partners.
		const live = await queryRows<{ id: number }>(
			handle.db,
			sql`SELECT b.id FROM import_batches b JOIN import_uploads u ON u.batch_id = b.id WHERE b.removed_at IS NULL AND u.dataset = 'services' ORDER BY b.id DESC`
		);
		for (const { id } of live) await undoImport(handle.db, Number(id), 'ana');
		const firstPartners = await queryRows<{ id: number }>(
			handle.db,
			sql`SELECT b.id FROM import_batches b JOIN import_uploads u ON u.batch_id = b.id WHERE b.removed_at IS NULL AND u.dataset = 'partners' ORDER BY b.id DESC`
		);
		for (const { id } of firstPartners) await undoImport(handle.db, Number(id), 'ana');
		expect(await snapshot(handle)).toEqual(empty);
	});

	it('imports the downloadable templates, Spanish and English, without an error, and they mean the same rows', async () => {
		const before = await snapshot(handle);
		const read = (name: string) => new Uint8Array(readFileSync(join('static/templates', name)));
		const es = await previewImport(handle.db, { dataset: 'partners', fileName: 'plantilla-socios.csv', bytes: read('plantilla-socios.csv'), actor: 'ana' });
		expect([counts(es), es.warnings]).toEqual([[2, 2, 0, 0, 0], ['1 partners without coordinates are placed at their ZIP code’s point, marked approximate.']]);
		const partnersEs = await commitImport(handle.db, es.plan);
		const en = await previewImport(handle.db, { dataset: 'partners', fileName: 'partners-template.csv', bytes: read('partners-template.csv'), actor: 'ana' });
		expect(counts(en)).toEqual([2, 0, 0, 2, 0]);
		const services = await previewImport(handle.db, { dataset: 'services', fileName: 'plantilla-servicios.csv', bytes: read('plantilla-servicios.csv'), actor: 'ana' });
		expect([counts(services), services.warnings]).toEqual([[2, 2, 0, 0, 0], []]);
		const servicesEs = await commitImport(handle.db, services.plan);
		const servicesEn = await previewImport(handle.db, { dataset: 'services', fileName: 'services-template.csv', bytes: read('services-template.csv'), actor: 'ana' });
		expect(counts(servicesEn)).toEqual([2, 0, 0, 2, 0]);
		await undoImport(handle.db, servicesEs.batchId, 'ana');
		await undoImport(handle.db, partnersEs.batchId, 'ana');
		expect(await snapshot(handle)).toEqual(before);
	});
});
