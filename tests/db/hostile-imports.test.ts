/**
 * Hostile input to the import pipeline: SQL in every column and in file names, script and HTML,
 * spreadsheet formulas, malformed CSV and GeoJSON, files that are not text, path tricks in file
 * names. Each one gets a clear whole-file error or row errors naming row, column and what was
 * expected, and a refused file leaves every table exactly as it was (databaseFingerprint).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/auth';
import { createSession } from '../../src/lib/server/auth/sessions';
import { queryRows, type DbHandle } from '../../src/lib/server/db/client';
import { commitImport, ImportError, previewImport, safeFileName, undoImport, type ImportPreview, type ImportRequest } from '../../src/lib/server/imports';
import { CHANNELS as CHANNEL_CODES, PARTNER_TYPES as PARTNER_CODES, SERVICE_TYPES as SERVICE_CODES } from '../../src/lib/filters';
import { loadWorld } from '../fixtures/imports/world';
import { drivers, freshDb } from '../support/db';
import { databaseFingerprint, except, type Fingerprint } from '../support/fingerprint';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...b: number[]) => new Uint8Array(b);

/** Strings that would change a query if anything pasted them into SQL. */
export const SQL_INJECTIONS = [
	"'; DROP TABLE partners; --",
	'1 OR 1=1',
	"\\'); DELETE FROM service_records; --",
	'$$',
	'$$; DROP TABLE users; $$',
	"' OR ''='",
	'"; DROP TABLE "sessions"; --',
	'1; SELECT pg_sleep(30)',
	'C:\\temp\\new\\',
	'\\',
	"Robert'); DROP TABLE import_batches;--"
];

/** Script and HTML that would run if a page put a name into its HTML unescaped. */
export const MARKUP = [
	"<script>alert('x')</script>",
	'<img src=x onerror="alert(1)">',
	'"><svg onload=alert(1)>',
	'&lt;b&gt;not bold&lt;/b&gt;',
	"{{constructor.constructor('alert(1)')()}}",
	'javascript:alert(1)'
];

/** Cells a spreadsheet would run as formulas if an export wrote them as they are. */
export const FORMULAS = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)'];

/** A CSV cell: quoted, its quotes doubled. */
const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
const csv = (header: string[], rows: string[][]) => [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';

const SERVICE_HEADER = ['mes', 'consulado', 'socio', 'canal', 'tipo de servicio', 'personas atendidas', 'servicios', 'mujeres', 'hombres', 'embarazadas', 'niños', 'lgbtq+'];
const GOOD_SERVICE = ['2024-07', 'san-diego', '', 'desk', 'glucose', '10', '12', '5', '5', '1', '2', '1'];
const CHANNELS = CHANNEL_CODES.join(', ');
const SERVICE_TYPES = SERVICE_CODES.join(', ');
const PARTNER_TYPES = PARTNER_CODES.join(', ');

/** What a service row with a bad value in each column is told. */
const SERVICE_EXPECTED: Record<string, string> = {
	mes: 'a month such as 2024-03, 03/2024, 2024/03, mar 2024 or marzo 2024',
	consulado: 'an office id, city or name, such as san-diego or San Diego',
	socio: 'the key or name of a partner of san-diego imported before, or blank for the office itself',
	canal: `one of: ${CHANNELS}`,
	'tipo de servicio': `one of: ${SERVICE_TYPES}`,
	'personas atendidas': 'a whole number such as 1234, 1,234 or 1 234'
};

const PARTNER_HEADER = ['clave', 'nombre', 'tipo', 'consulado', 'dirección', 'ciudad', 'estado', 'código postal', 'latitud', 'longitud', 'servicios', 'capacidad', 'activo desde', 'activo hasta', 'ubicación aproximada'];
/** A good partner row at (lat, lon) in San Diego. */
const partnerRow = (key: string, name: string, lat = 32.7157, lon = -117.1611) => [key, name, 'clinic', 'san-diego', '1 Main St', 'San Diego', 'CA', '92101', String(lat), String(lon), 'glucose', '100', '2023-01-01', '', 'no'];

/** What a partner row with a bad value in each non-text column is told. */
const PARTNER_EXPECTED: Record<string, string> = {
	tipo: `one of: ${PARTNER_TYPES}`,
	consulado: 'an office id, city or name, such as san-diego or San Diego',
	'código postal': 'a 5-digit ZIP code such as 92101 (501 is read as 00501, 92101-1234 as 92101)',
	latitud: 'a number such as 1234.5 or 1,234.5',
	longitud: 'a number such as 1234.5 or 1,234.5',
	servicios: `a list separated by ; or | of: ${SERVICE_TYPES}`,
	capacidad: 'a whole number such as 1234, 1,234 or 1 234',
	'activo desde': 'a date such as 2024-03-01 (or 15/03/2024, when the day is over 12 so it cannot be a month)',
	'activo hasta': 'a date such as 2024-03-01 (or 15/03/2024, when the day is over 12 so it cannot be a month)',
	'ubicación aproximada': 'sí/no or yes/no'
};

/** [row, column, value, expected] of each error, as the preview lists them. */
const errorTable = (p: ImportPreview) => p.errors.map((e) => [e.row, e.column, e.value, e.expected]);

describe.each(drivers())('hostile imports on %s', (driver) => {
	let handle: DbHandle;
	let before: Fingerprint;

	const request = (dataset: string, fileName: string, file: Uint8Array, extra: Partial<ImportRequest> = {}): ImportRequest => ({
		dataset,
		fileName,
		bytes: file,
		actor: 'ana',
		...extra
	});
	const preview = (dataset: string, fileName: string, file: Uint8Array, extra: Partial<ImportRequest> = {}) =>
		previewImport(handle.db, request(dataset, fileName, file, extra));

	/** The whole file is refused with this ImportError (key and English message), and no table changed. */
	async function refused(dataset: string, fileName: string, file: Uint8Array, key: string, message: string | RegExp, extra: Partial<ImportRequest> = {}) {
		const error = await preview(dataset, fileName, file, extra).then(
			() => null,
			(e: unknown) => e
		);
		expect(error, `${fileName} should be refused`).toBeInstanceOf(ImportError);
		expect((error as ImportError).key).toBe(key);
		if (typeof message === 'string') expect((error as ImportError).message).toBe(message);
		else expect((error as ImportError).message).toMatch(message);
		expect(await databaseFingerprint(handle.db)).toEqual(before);
		return error as ImportError;
	}

	/** A preview with rejected rows whose commit is refused, leaving every table as it was. */
	async function commitRefused(p: ImportPreview) {
		expect(p.reject).toBeGreaterThan(0);
		await expect(commitImport(handle.db, p.plan)).rejects.toThrow(`${p.reject} rows were rejected.`);
		expect(await databaseFingerprint(handle.db)).toEqual(before);
	}

	beforeAll(async () => {
		handle = await freshDb(driver);
		await loadWorld(handle.db);
		// Something in every table the app writes, so the checksums cover real rows.
		const partners = csv(PARTNER_HEADER, [partnerRow('SD-1', 'Clínica Uno'), partnerRow('SD-2', 'Clínica Dos', 32.72, -117.15)]);
		await commitImport(handle.db, (await preview('partners', 'base-partners.csv', utf8(partners))).plan);
		const services = csv(SERVICE_HEADER, [['2024-06', ...GOOD_SERVICE.slice(1)], ['2024-06', 'san-diego', 'SD-1', 'feria', 'vih', '30', '30', '', '', '', '', '']]);
		await commitImport(handle.db, (await preview('services', 'base-services.csv', utf8(services))).plan);
		const moved = csv(PARTNER_HEADER, [partnerRow('SD-2', 'Clínica Dos', 32.73, -117.15)]);
		await commitImport(handle.db, (await preview('partners', 'base-moved.csv', utf8(moved))).plan);
		const userId = await createUser(handle.db, { username: 'carla', role: 'program', password: 'a long enough password', createdBy: 'test' });
		await createSession(handle.db, userId);
		before = await databaseFingerprint(handle.db);
	});
	afterAll(() => handle?.close());

	it('fingerprints every table the app writes, with rows in each', () => {
		for (const t of ['partners', 'service_records', 'import_batches', 'import_changes', 'import_uploads', 'users', 'sessions', 'county_assignments', 'consulates']) {
			expect(before[t], t).toMatch(/^[1-9]\d*:[0-9a-f]{32}$/);
		}
		for (const t of ['population_estimates', 'scenarios', 'sign_in_attempts']) expect(before[t], t).toMatch(/^0:[0-9a-f]{32}$/);
		expect(Number(before.areas)).toBeGreaterThan(100);
	});

	it('rejects SQL in every column of a service-records file, row by row, and writes nothing', async () => {
		const columns = SERVICE_HEADER.slice(0, 6);
		const rows: string[][] = [];
		const expected: (string | number)[][] = [];
		for (const injection of SQL_INJECTIONS) {
			for (const column of columns) {
				const row = [...GOOD_SERVICE];
				row[SERVICE_HEADER.indexOf(column)] = injection;
				rows.push(row);
				expected.push([rows.length + 1, column, injection, SERVICE_EXPECTED[column]]);
			}
			// The count columns beyond people served, too: each names its column.
			for (const column of ['servicios', 'mujeres', 'hombres', 'embarazadas', 'niños', 'lgbtq+']) {
				const row = [...GOOD_SERVICE];
				row[SERVICE_HEADER.indexOf(column)] = injection;
				rows.push(row);
				expected.push([rows.length + 1, column, injection, 'a whole number such as 1234, 1,234 or 1 234']);
			}
		}
		const p = await preview('services', SQL_INJECTIONS[0] + '.csv', utf8(csv(SERVICE_HEADER, rows)), { maxErrors: 10_000 });
		expect([p.rows, p.add, p.update, p.unchanged, p.reject]).toEqual([rows.length, 0, 0, 0, rows.length]);
		expect(errorTable(p)).toEqual(expected);
		expect(p.fileName).toBe("'; DROP TABLE partners; --.csv");
		await commitRefused(p);
	});

	it('rejects SQL in every typed column of a partners file, row by row, and writes nothing', async () => {
		const rows: string[][] = [];
		const expected: (string | number)[][] = [];
		for (const injection of SQL_INJECTIONS) {
			for (const column of Object.keys(PARTNER_EXPECTED)) {
				const row = partnerRow(`K-${rows.length}`, `Partner ${rows.length}`);
				row[PARTNER_HEADER.indexOf(column)] = injection;
				rows.push(row);
				expected.push([rows.length + 1, column, injection, PARTNER_EXPECTED[column]]);
			}
		}
		const p = await preview('partners', SQL_INJECTIONS[1] + '.csv', utf8(csv(PARTNER_HEADER, rows)), { maxErrors: 10_000 });
		expect(p.reject).toBe(rows.length);
		expect(errorTable(p)).toEqual(expected);
		await commitRefused(p);
	});

	it('stores SQL, script, HTML and formulas in the text columns of partners byte for byte, changes nothing else, and undo takes them out', async () => {
		const strings = [...SQL_INJECTIONS, ...MARKUP, ...FORMULAS, 'Robert "Bobby" Tables', 'O\'Brien\\\\; --', 'ñandú «»  “quoted” €'];
		// Every free-text column holds the string: key, name, address, city and state.
		const rows = strings.map((s, i) => {
			const row = partnerRow(s, s, 32.7 + i / 1000, -117.1);
			for (const column of ['dirección', 'ciudad']) row[PARTNER_HEADER.indexOf(column)] = s;
			// The state column takes at most 40 characters.
			if (s.length <= 40) row[PARTNER_HEADER.indexOf('estado')] = s;
			return row;
		});
		const fileName = `<svg onload=alert(1)>${SQL_INJECTIONS[0]}.csv`;
		const p = await preview('partners', fileName, utf8(csv(PARTNER_HEADER, rows)));
		expect(p.errors).toEqual([]);
		expect([p.rows, p.add, p.reject]).toEqual([strings.length, strings.length, 0]);
		const { batchId } = await commitImport(handle.db, p.plan);
		const stored = await queryRows<{ source_key: string; name: string; address: string; city: string; state: string }>(
			handle.db,
			sql`SELECT source_key, name, address, city, state FROM partners WHERE batch_id = ${batchId} ORDER BY id`
		);
		// A two-letter state is upper-cased ("$$" has no letters to change); everything else is as written.
		expect(stored).toEqual(strings.map((s) => ({ source_key: s, name: s, address: s, city: s, state: s.length <= 40 ? s : 'CA' })));
		const [upload] = await queryRows<{ file_name: string; origin: string }>(
			handle.db,
			sql`SELECT u.file_name, b.origin FROM import_uploads u JOIN import_batches b ON b.id = u.batch_id WHERE u.batch_id = ${batchId}`
		);
		expect(upload).toEqual({ file_name: fileName, origin: fileName });
		// Only the partners and the import's own record changed; the tables the strings name are intact.
		const after = await databaseFingerprint(handle.db);
		expect(except(after, 'partners', 'import_batches', 'import_uploads')).toEqual(except(before, 'partners', 'import_batches', 'import_uploads'));
		expect(Number(after.partners.split(':')[0])).toBe(Number(before.partners.split(':')[0]) + strings.length);
		// The same file again finds every row unchanged: what was stored is what was read.
		const again = await preview('partners', fileName, utf8(csv(PARTNER_HEADER, rows)));
		expect([again.add, again.update, again.unchanged]).toEqual([0, 0, strings.length]);
		await undoImport(handle.db, batchId, 'ana');
		expect(except(await databaseFingerprint(handle.db), 'import_batches', 'import_uploads')).toEqual(except(before, 'import_batches', 'import_uploads'));
		before = await databaseFingerprint(handle.db);
	});

	it('refuses SQL as the office, data set, partner, actor or batch of an import', async () => {
		const file = utf8(csv(SERVICE_HEADER, [GOOD_SERVICE]));
		await refused('services', 'a.csv', file, 'refuse.office', `Unknown office "${SQL_INJECTIONS[0]}".`, { consulateId: SQL_INJECTIONS[0] });
		await refused(SQL_INJECTIONS[1], 'a.csv', file, 'file.unknownDataset', `Unknown data set "${SQL_INJECTIONS[1]}"; expected partners, services, population or jurisdictions.`);
		await refused('services', 'a.csv', file, 'refuse.partner', 'Unknown partner NaN.', { partnerId: Number(SQL_INJECTIONS[1]) });
		await refused('services', 'a.csv', file, 'refuse.actor', 'Who is importing must be named (a user name of 1 to 100 characters).', { actor: ' '.repeat(10) });
		for (const batch of [Number('1 OR 1=1'), -1, 0, 1.5, 2 ** 40]) {
			await expect(undoImport(handle.db, batch, 'ana'), String(batch)).rejects.toThrow(`There is no import number ${batch}.`);
		}
		expect(await databaseFingerprint(handle.db)).toEqual(before);
	});

	it('refuses a plan whose file was swapped after the preview', async () => {
		const p = await preview('services', 'a.csv', utf8(csv(SERVICE_HEADER, [GOOD_SERVICE])));
		const swapped = { ...p.plan, bytes: utf8(csv(SERVICE_HEADER, [[...GOOD_SERVICE.slice(0, 5), '99999', '99999', '', '', '', '', '']])) };
		await expect(commitImport(handle.db, swapped)).rejects.toThrow('The data changed since the preview (the previewed file before, another file now). Preview the file again.');
		await expect(commitImport(handle.db, { ...p.plan, consulateId: 'phoenix' })).rejects.toThrow(/^The data changed since the preview/);
		expect(await databaseFingerprint(handle.db)).toEqual(before);
	});

	describe('NUL bytes', () => {
		it('refuses a file with a NUL byte near its start as binary', async () => {
			const file = utf8(csv(SERVICE_HEADER, [['2024-07', 'san\u0000diego', ...GOOD_SERVICE.slice(2)]]));
			await refused('services', 'nul.csv', file, 'file.binary', 'This is a binary file, not CSV text. Save it as CSV (comma- or semicolon-separated, UTF-8) and upload that.');
		});

		it('rejects the cell of a NUL byte further in, in text and lookup columns alike', async () => {
			// 70,000 blank lines put the NUL bytes past the first 64 KB the binary check reads.
			const blank = '\n'.repeat(70_000);
			const partners = PARTNER_HEADER.join(',') + '\n' + blank + partnerRow('K\u0000', 'Nul\u0000Name').map(cell).join(',') + '\n';
			const p = await preview('partners', 'nul.csv', utf8(partners));
			expect(errorTable(p)).toEqual([
				[70_002, 'nombre', 'Nul\u0000Name', 'text of at most 200 characters, without control characters'],
				[70_002, 'clave', 'K\u0000', 'text of at most 100 characters, without control characters']
			]);
			await commitRefused(p);
			const services = SERVICE_HEADER.join(',') + '\n' + blank + ['2024-07', 'san\u0000diego', 'SD\u00001', ...GOOD_SERVICE.slice(3)].map(cell).join(',') + '\n';
			const s = await preview('services', 'nul.csv', utf8(services));
			// Office names are matched on their letters and digits alone, so "san<NUL>diego" is San Diego; nothing stores the cell.
			expect(errorTable(s)).toEqual([[70_002, 'socio', 'SD\u00001', 'text of at most 200 characters, without control characters']]);
			await commitRefused(s);
		});
	});

	describe('malformed CSV', () => {
		const header = SERVICE_HEADER.join(',');
		const good = GOOD_SERVICE.join(',');

		it('names the line of an unterminated quote', async () => {
			const file = utf8(`${header}\n${good}\n2024-08,"san-diego,,desk,glucose,1,1\n${good}\n`);
			await refused('services', 'quote.csv', file, 'file.csv', 'Line 3: Quoted field unterminated. Check the quotes in that line.');
		});

		it('rejects the short rows of a ragged file by their missing cells and ignores extra cells', async () => {
			const file = utf8(`${header}\n2024-07,san-diego\n${good},extra,cells,here\n2024-08,phoenix,,desk\n`);
			const p = await preview('services', 'ragged.csv', file);
			const required = 'a value (this column is required)';
			expect(errorTable(p)).toEqual([
				[2, 'canal', '', required],
				[2, 'tipo de servicio', '', required],
				[2, 'personas atendidas', '', required],
				[2, 'servicios', '', required],
				[4, 'tipo de servicio', '', required],
				[4, 'personas atendidas', '', required],
				[4, 'servicios', '', required]
			]);
			expect([p.rows, p.add, p.reject]).toEqual([3, 1, 2]);
			await commitRefused(p);
		});

		it('refuses a header without rows, an empty file, blank lines and a lone BOM', async () => {
			await refused('services', 'header.csv', utf8(`${header}\n`), 'file.noRows', 'The file has a header but no data rows.');
			await refused('services', 'header.csv', utf8(`${header}\n\n,,,,,\n , ,\t,\n`), 'file.noRows', 'The file has a header but no data rows.');
			await refused('services', 'empty.csv', new Uint8Array(), 'file.empty', 'The file is empty.');
			await refused('services', 'blank.csv', utf8('\n\n\n'), 'file.noHeader', 'The first line must be the header (the column names).');
			await refused('services', 'bom.csv', bytes(0xef, 0xbb, 0xbf), 'file.empty', 'The file is empty.');
		});

		it('reads a 10,000-column file, warning about each unknown column once and at most 100 times', async () => {
			const extra = Array.from({ length: 10_000 }, (_, i) => `extra ${i}`);
			const p = await preview('services', 'wide.csv', utf8(`${[header, ...extra].join(',')}\n${[good, ...extra.map(() => 'x')].join(',')}\n`));
			expect([p.rows, p.add, p.reject]).toEqual([1, 1, 0]);
			expect(p.warnings).toHaveLength(100);
			expect(p.warnings[0]).toBe('Column "extra 0" is not used: its name is not one of the accepted names.');
			expect(p.warnings[99]).toBe('Column "extra 99" is not used: its name is not one of the accepted names.');
			const same = await preview('services', 'wide.csv', utf8(`${header}${',same'.repeat(10_000)}\n${good}\n`));
			expect(same.warnings).toEqual(['Column "same" is not used: its name is not one of the accepted names.']);
			expect(await databaseFingerprint(handle.db)).toEqual(before);
		});

		it('answers a 5 MB line with its row error, quoting only the start of the cell', async () => {
			const huge = 'A'.repeat(5 * 2 ** 20);
			const p = await preview('services', 'long.csv', utf8(`${header}\n2024-07,san-diego,${huge},desk,glucose,1,1\n`));
			expect(errorTable(p)).toEqual([[2, 'socio', `${'A'.repeat(300)}…`, 'text of at most 200 characters, without control characters']]);
			await commitRefused(p);
			// The same line as the whole file: a header that names none of the columns.
			await refused('services', 'long.csv', utf8(huge), 'file.missingColumns', /^Missing required columns: mes \(month\), consulado \(office\), canal \(channel\)/);
			const name = 'nombre' + '-'.repeat(2 ** 20);
			const twice = await refused('partners', 'twice.csv', utf8(`nombre,${name},tipo,cp\n`), 'file.sameColumn', /^Columns "nombre" and "nombre-+…" both mean name; keep one\.$/);
			expect(twice.message.length).toBeLessThan(200);
		});

		it('rejects every row of a file whose rows use another delimiter than its header', async () => {
			const file = utf8(`${header}\n${GOOD_SERVICE.join(';')}\n${GOOD_SERVICE.join('\t')}\n`);
			const p = await preview('services', 'mixed.csv', file);
			expect(p.reject).toBe(2);
			expect(errorTable(p).filter((e) => e[1] === 'mes')).toEqual([
				[2, 'mes', GOOD_SERVICE.join(';'), SERVICE_EXPECTED.mes],
				[3, 'mes', GOOD_SERVICE.join('\t'), SERVICE_EXPECTED.mes]
			]);
			expect(p.errorCount).toBe(12);
			await commitRefused(p);
		});
	});

	describe('malformed GeoJSON', () => {
		const point = (coordinates: unknown, properties: Record<string, unknown> = { nombre: 'Geo', tipo: 'clinic' }) => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates },
			properties
		});
		const collection = (...features: unknown[]) => utf8(JSON.stringify({ type: 'FeatureCollection', features }));
		const prefix = 'Not a GeoJSON FeatureCollection of points: ';

		it('refuses text that is not JSON, JSON that is not a FeatureCollection, and NaN or Infinity', async () => {
			await refused('partners', 'a.geojson', utf8('{"type": "FeatureCollection", features: []}'), 'file.geojson', /^Not a GeoJSON FeatureCollection of points: .*JSON.*\.$/);
			await refused('partners', 'a.geojson', utf8('[1, 2, 3]'), 'file.geojson', `${prefix}top level: Invalid input: expected object, received array.`);
			await refused('partners', 'a.geojson', utf8(JSON.stringify(point([-117.16, 32.71]))), 'file.geojson', `${prefix}type: Invalid input: expected "FeatureCollection".`);
			const nan = '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,Infinity]},"properties":{}}]}';
			await refused('partners', 'a.geojson', utf8(nan), 'file.geojson', /^Not a GeoJSON FeatureCollection of points: .*not valid JSON\.$/);
			const infinite = '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,-1e999]},"properties":{}}]}';
			await refused('partners', 'a.geojson', utf8(infinite), 'file.geojson', `${prefix}features.0.geometry.coordinates.0: Invalid input: expected number, received Infinity.`);
		});

		it('refuses a polygon, a feature without geometry and coordinates given as strings, naming the feature', async () => {
			const polygon = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[-117, 32], [-116, 32], [-116, 33], [-117, 32]]] }, properties: {} };
			await refused('partners', 'a.geojson', collection(point([-117.16, 32.71]), polygon), 'file.geojson', `${prefix}features.1.geometry.type: Invalid input: expected "Point".`);
			await refused('partners', 'a.geojson', collection({ type: 'Feature', properties: { nombre: 'x' } }), 'file.geojson', `${prefix}features.0.geometry: Invalid input: expected object, received undefined.`);
			await refused('partners', 'a.geojson', collection(point(['-117.16', '32.71'])), 'file.geojson', `${prefix}features.0.geometry.coordinates.0: Invalid input: expected number, received string.`);
		});

		it('refuses nesting 10,000 deep without running out of stack', async () => {
			const deep = '{"type":"FeatureCollection","features":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
			await refused('partners', 'a.geojson', utf8(deep), 'file.geojson', `${prefix}features.0: Invalid input: expected object, received array.`);
			const nested = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
			const props = `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-117.16,32.71]},"properties":{"nombre":${nested},"tipo":"clinic"}}]}`;
			await refused('partners', 'a.geojson', utf8(props), 'file.geojson', `${prefix}features.0.properties.nombre: Invalid input.`);
			await refused('services', 'a.csv', utf8('['.repeat(10_000) + ']'.repeat(10_000)), 'file.binary', 'This is a JSON file, not CSV text. Save it as CSV (comma- or semicolon-separated, UTF-8) and upload that.');
		});

		it('rejects as row errors a feature without a place, out of range, or with half a character in its name', async () => {
			const p = await preview(
				'partners',
				'a.geojson',
				collection(
					{ type: 'Feature', geometry: null, properties: { nombre: 'Nowhere', tipo: 'clinic' } },
					point([500, 32.71]),
					point([-117.16, 32.71], { nombre: 'Half \ud800 a character', tipo: 'clinic' })
				)
			);
			expect(errorTable(p)).toEqual([
				[1, 'latitud', '', 'coordinates (latitude and longitude) or a ZIP code'],
				[2, 'longitud', '500', 'a longitude in degrees between -180 and 180, such as -117.1611'],
				[3, 'nombre', 'Half \ud800 a character', 'text of at most 200 characters, without control characters']
			]);
			await commitRefused(p);
		});

		it('treats __proto__ and constructor properties as data without touching Object.prototype', async () => {
			const file = utf8('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-117.16,32.71]},"properties":{"__proto__":{"nombre":"polluted","isAdmin":true},"constructor":"c","nombre":"Real","tipo":"clinic"}}]}');
			const p = await preview('partners', 'proto.geojson', file);
			expect([p.rows, p.add, p.reject]).toEqual([1, 1, 0]);
			expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
			expect(({} as Record<string, unknown>).nombre).toBeUndefined();
			expect(await databaseFingerprint(handle.db)).toEqual(before);
		});
	});

	describe('files that are not text', () => {
		const binary = (kind: string) => `This is a ${kind} file, not CSV text. Save it as CSV (comma- or semicolon-separated, UTF-8) and upload that.`;
		const cases: [string, Uint8Array, string][] = [
			['logo.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), binary('PNG image')],
			['photo.jpg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46), binary('JPEG image')],
			['anim.gif', utf8('GIF89a\u0001\u0000'), binary('GIF image')],
			['report.pdf', utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), binary('PDF')],
			['book.xlsx', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0), binary('ZIP archive (an Excel .xlsx workbook is one)')],
			['empty.zip', bytes(0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)), binary('ZIP archive (empty)')],
			['data.csv.gz', bytes(0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3), binary('gzip archive')],
			['old.xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0), binary('Excel 97-2003 (.xls) workbook')],
			['a.7z', bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4), binary('7-Zip archive')],
			['a.rar', bytes(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0), binary('RAR archive')],
			['setup.exe', bytes(0x4d, 0x5a, 0x90, 0, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0), binary('Windows program (.exe or .dll)')],
			['tool', bytes(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0, 0, 0), binary('Linux program (ELF)')],
			['random.bin', bytes(0x13, 0x37, 0, 0xde, 0xad, 0xbe, 0xef, 0, 0x42), binary('binary')],
			['utf16.csv', new Uint8Array(Buffer.from(`${SERVICE_HEADER.join(',')}\n${GOOD_SERVICE.join(',')}\n`, 'utf16le')), 'The file looks like UTF-16 text without a byte-order mark. Save it as CSV UTF-8.']
		];
		for (const [name, file, message] of cases) {
			it(`refuses ${name} with a message naming what it is`, async () => {
				for (const dataset of ['services', 'partners']) {
					await refused(dataset, name, file, name === 'utf16.csv' ? 'file.utf16NoBom' : 'file.binary', message);
				}
			});
		}

		it('reads bytes that are not UTF-8 as Windows-1252 and rejects what they spell, row by row', async () => {
			const junk = new Uint8Array(Buffer.concat([Buffer.from(`${SERVICE_HEADER.join(',')}\n`), Buffer.from([0x80, 0x81, 0xfe, 0xff, 0x2c, 0x9d])]));
			const p = await preview('services', 'junk.csv', junk);
			expect(p.encoding).toBe('windows-1252');
			expect(errorTable(p)[0]).toEqual([2, 'mes', '€\u0081þÿ', SERVICE_EXPECTED.mes]);
			await commitRefused(p);
		});
	});

	describe('path tricks in file names', () => {
		const names: [string, string][] = [
			['../../etc/passwd', 'passwd'],
			['..\\..\\win.ini', 'win.ini'],
			['C:\\x\\y.csv', 'y.csv'],
			['/etc/shadow', 'shadow'],
			['\\\\server\\share\\socios.csv', 'socios.csv'],
			['....//....//x.csv', 'x.csv'],
			['%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
			['..%c0%af..%c0%afboot.ini', '..%c0%af..%c0%afboot.ini'],
			['a\u0000b\u0007c\r\n\u001b[31m.csv', 'abc[31m.csv'],
			['report\u0085\u009b.csv', 'report.csv'],
			['\u202egpj.exe', 'gpj.exe'],
			['invoice\u2066.csv\u2069', 'invoice.csv'],
			['ok.csv\u0000.exe', 'ok.csv.exe'],
			['x'.repeat(10_000), 'x'.repeat(200)],
			['😀'.repeat(300), '😀'.repeat(200)],
			['..', 'upload'],
			['.', 'upload'],
			['/', 'upload'],
			['', 'upload'],
			['   ', 'upload'],
			["x'; DROP TABLE partners; --.csv", "x'; DROP TABLE partners; --.csv"],
			['<svg onload=alert(1)>.csv', '<svg onload=alert(1)>.csv']
		];

		it('keeps only the last part of a path, without control or direction characters, at most 200 characters', () => {
			for (const [name, safe] of names) expect(safeFileName(name), JSON.stringify(name.slice(0, 40))).toBe(safe);
		});

		it('records the safe name on the preview, the batch and the upload, and undo leaves the rest as it was', async () => {
			const file = utf8(csv(SERVICE_HEADER, [['2024-09', ...GOOD_SERVICE.slice(1)]]));
			for (const [name, safe] of names) expect((await preview('services', name, file)).fileName).toBe(safe);
			const p = await preview('services', '..\\..\\C:\\x\\a\u0000\u202e../../etc/passwd', file);
			const { batchId } = await commitImport(handle.db, p.plan);
			const [row] = await queryRows<{ file_name: string; origin: string; title: string }>(
				handle.db,
				sql`SELECT u.file_name, b.origin, b.title FROM import_uploads u JOIN import_batches b ON b.id = u.batch_id WHERE u.batch_id = ${batchId}`
			);
			expect(row).toEqual({ file_name: 'passwd', origin: 'passwd', title: 'Service records imported from passwd' });
			await undoImport(handle.db, batchId, 'ana');
			expect(except(await databaseFingerprint(handle.db), 'import_batches', 'import_uploads')).toEqual(except(before, 'import_batches', 'import_uploads'));
			before = await databaseFingerprint(handle.db);
		});
	});
});
