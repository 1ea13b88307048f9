import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { matchHeader } from '../../src/lib/server/imports/columns';
import { csvChunks, detectDelimiter, type CsvRecord } from '../../src/lib/server/imports/csv';
import { decodeBytes } from '../../src/lib/server/imports/decode';
import { ImportError } from '../../src/lib/server/imports/messages';
import { PARTNER_COLUMNS } from '../../src/lib/server/imports/partners';
import { SERVICE_COLUMNS } from '../../src/lib/server/imports/services';
import { openSource } from '../../src/lib/server/imports/source';

async function read(text: string, chunkSize = 2000): Promise<{ header: string[]; records: CsvRecord[]; chunks: number }> {
	let header: string[] = [];
	const records: CsvRecord[] = [];
	let chunks = 0;
	for await (const c of csvChunks(text, chunkSize)) {
		if ('header' in c) header = c.header;
		else {
			chunks++;
			records.push(...c.records);
		}
	}
	return { header, records, chunks };
}

function fileError(run: () => unknown): string {
	try {
		run();
	} catch (e) {
		expect(e).toBeInstanceOf(ImportError);
		return (e as Error).message;
	}
	throw new Error('no error');
}

describe('decoding', () => {
	it('reads UTF-8 with and without a BOM, and says which', () => {
		const text = 'nombre\nClínica San José\n';
		expect(decodeBytes(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
		expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8-bom' });
	});

	it('reads Latin-1 / Windows-1252 bytes when they are not valid UTF-8, accents intact', () => {
		const bytes = Buffer.from('nombre;ciudad\r\nClínica San José;Peñasco\r\n', 'latin1');
		expect(bytes.includes(0xed)).toBe(true); // í as one Latin-1 byte
		const decoded = decodeBytes(bytes);
		expect(decoded.encoding).toBe('windows-1252');
		expect(decoded.text).toBe('nombre;ciudad\r\nClínica San José;Peñasco\r\n');
		// Windows-1252's own characters (curly quotes, the euro sign) come through too.
		expect(decodeBytes(Buffer.from([0x93, 0x61, 0x94, 0x80])).text).toBe('\u201ca\u201d\u20ac');
	});

	it('reads UTF-16 with its byte-order mark, both byte orders', () => {
		const text = 'nombre\tcp\r\nNiños\t501\r\n';
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		expect(decodeBytes(le)).toEqual({ text, encoding: 'utf-16le' });
		const be = Buffer.from(le.subarray(2)).swap16();
		expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ text, encoding: 'utf-16be' });
		expect(fileError(() => decodeBytes(Buffer.from(text, 'utf16le')))).toBe('The file looks like UTF-16 text without a byte-order mark. Save it as CSV UTF-8.');
	});

	it('refuses a picture, a workbook, a zip and an empty file with a message saying what they are', () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
		expect(fileError(() => decodeBytes(png))).toBe(
			'This is a PNG image file, not CSV text. Save it as CSV (comma- or semicolon-separated, UTF-8) and upload that.'
		);
		// A real zip's local header (what an .xlsx starts with).
		const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]), deflateRawSync(Buffer.from('a,b\n'))]);
		expect(fileError(() => decodeBytes(zip))).toMatch(/^This is a ZIP archive \(an Excel \.xlsx workbook is one\) file, not CSV text/);
		expect(fileError(() => decodeBytes(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])))).toMatch(/Excel 97-2003/);
		expect(fileError(() => decodeBytes(Buffer.from('%PDF-1.7\n')))).toMatch(/^This is a PDF file/);
		expect(fileError(() => decodeBytes(Buffer.from([0x41, 0x00, 0x00, 0x00, 0xff, 0x10])))).toMatch(/^This is a binary file/);
		expect(fileError(() => decodeBytes(new Uint8Array()))).toBe('The file is empty.');
	});

	it('refuses JSON where a CSV is expected, and malformed GeoJSON with the place of the fault', () => {
		expect(fileError(() => openSource(Buffer.from('{"a":1}'), { geojson: false }))).toMatch(/^This is a JSON file/);
		expect(fileError(() => openSource(Buffer.from('{"type":"FeatureCollection","features":[{'), { geojson: true }))).toMatch(
			/^Not a GeoJSON FeatureCollection of points: /
		);
		const polygon = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [] } }] };
		expect(fileError(() => openSource(Buffer.from(JSON.stringify(polygon)), { geojson: true }))).toMatch(/^Not a GeoJSON FeatureCollection of points: features\.0\.geometry/);
	});
});

describe('CSV records', () => {
	it('detects comma, semicolon and tab from the header line, ignoring quoted ones', () => {
		expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
		expect(detectDelimiter('"a,b";c;d\n')).toBe(';');
		expect(detectDelimiter('a\tb\tc')).toBe('\t');
		expect(detectDelimiter('solo')).toBe(',');
	});

	it('numbers rows as a spreadsheet does: header 1, blank rows counted but skipped, a quoted line break stays in its row', async () => {
		const text = 'mes;nota\r\n2024-03;"una\r\ndos"\r\n\r\n;\r\n2024-04;"dice ""hola"""\r\n2024-05;x\r\n;\r\n\r\n\r\n';
		const { header, records } = await read(text);
		expect(header).toEqual(['mes', 'nota']);
		expect(records).toEqual([
			{ row: 2, cells: ['2024-03', 'una\r\ndos'] },
			{ row: 5, cells: ['2024-04', 'dice "hola"'] },
			{ row: 6, cells: ['2024-05', 'x'] }
		]);
	});

	it('hands records over in chunks, pausing the parser in between', async () => {
		const text = ['n', ...Array.from({ length: 10 }, (_, i) => String(i))].join('\n');
		const { records, chunks } = await read(text, 3);
		expect(records.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		expect(chunks).toBe(4);
	});

	it('names the line of an unterminated quote, and refuses a file without a header', async () => {
		await expect(read('a,b\n1,2\n3,"four\n5,6\n')).rejects.toThrow('Line 3: Quoted field unterminated. Check the quotes in that line.');
		await expect(read('\n\na,b\n')).rejects.toThrow('The first line must be the header (the column names).');
	});
});

describe('headers', () => {
	it('matches Spanish and English names whatever the case, accents and spacing', () => {
		const m = matchHeader(['MES', 'Consulado', 'Canal', 'Tipo de Servicio', 'personas_atendidas', 'Services', 'Niños', 'LGBTQ+', 'Pregnant women', 'Notas'], SERVICE_COLUMNS);
		expect(Object.fromEntries(m.index)).toEqual({
			month: 0,
			office: 1,
			channel: 2,
			service_type: 3,
			people_served: 4,
			services_delivered: 5,
			children: 6,
			lgbtq: 7,
			pregnant_women: 8
		});
		expect(m.unknown).toEqual(['Notas']);
		const p = matchHeader(['Nombre', 'Type', 'Código Postal', 'lat', 'Longitude'], PARTNER_COLUMNS);
		expect([...p.index.keys()]).toEqual(['name', 'type', 'zip', 'lat', 'lon']);
		expect(matchHeader(['name', 'type', 'zip code'], PARTNER_COLUMNS).index.get('zip')).toBe(2);
		expect(matchHeader(['name', 'type', 'CP'], PARTNER_COLUMNS).index.get('zip')).toBe(2);
	});

	it('names missing required columns and every name they accept', () => {
		expect(() => matchHeader(['mes', 'consulado', 'canal', 'personas'], SERVICE_COLUMNS)).toThrow(
			'Missing required columns: tipo de servicio (service_type), servicios (services_delivered). Accepted names: service_type: tipo de servicio / service type / servicio / service / tipo; services_delivered: servicios / services delivered / services / servicios brindados / servicios otorgados / servicios prestados.'
		);
	});

	it('refuses two columns that mean the same thing', () => {
		expect(() => matchHeader(['nombre', 'name', 'tipo', 'cp'], PARTNER_COLUMNS)).toThrow('Columns "nombre" and "name" both mean name; keep one.');
	});
});
