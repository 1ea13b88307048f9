/**
 * A file as a header and chunks of records, whatever its format: CSV (decoded, delimiter
 * detected) or, for partners, a GeoJSON FeatureCollection of points, whose properties are the
 * columns and whose geometry gives latitud/longitud.
 */
import { z } from 'zod';
import { csvChunks, type CsvRecord } from './csv';
import { decodeBytes, type Encoding } from './decode';
import { ImportError } from './messages';

export interface Source {
	encoding: Encoding;
	format: 'csv' | 'geojson';
	/** An upper bound on the data rows (lines in the file, or features), for progress. */
	rowsTotal: number;
	chunks: AsyncGenerator<{ header: string[] } | { records: CsvRecord[] }>;
}

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const featureCollection = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: z
				.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]).rest(z.number()) })
				.nullable(),
			properties: z.record(z.string(), z.union([cell, z.array(cell)])).nullable()
		})
	)
});

/** Geometry columns added to GeoJSON records (Spanish template names). */
const GEOMETRY_COLUMNS = ['latitud', 'longitud'];

function looksLikeJson(text: string): boolean {
	return /^\s*[{[]/.test(text);
}

async function* geojsonChunks(features: z.infer<typeof featureCollection>['features'], chunkSize: number): Source['chunks'] {
	const names = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
	const header = [...names, ...GEOMETRY_COLUMNS];
	yield { header };
	for (let start = 0; start < features.length; start += chunkSize) {
		const records = features.slice(start, start + chunkSize).map((f, j): CsvRecord => {
			const props = f.properties ?? {};
			const cells = names.map((n) => {
				const v = props[n];
				return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
			});
			const [lon, lat] = f.geometry ? f.geometry.coordinates : [null, null];
			cells.push(lat === null ? '' : String(lat), lon === null ? '' : String(lon));
			return { row: start + j + 1, cells };
		});
		yield { records };
	}
}

/**
 * Opens a file for reading in chunks. `geojson` allows a FeatureCollection (partners only); a
 * JSON file otherwise, or malformed GeoJSON, throws ImportError.
 */
export function openSource(bytes: Uint8Array, options: { geojson: boolean; chunkSize?: number }): Source {
	const { text, encoding } = decodeBytes(bytes);
	const chunkSize = options.chunkSize ?? 2000;
	if (options.geojson && looksLikeJson(text)) {
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch (e) {
			throw new ImportError('file.geojson', { detail: (e as Error).message });
		}
		const parsed = featureCollection.safeParse(json);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new ImportError('file.geojson', { detail: `${issue.path.join('.') || 'top level'}: ${issue.message}` });
		}
		const features = parsed.data.features;
		// A polygon among points fails the schema above; one with a longitude outside -180..180 is a row error later.
		return { encoding, format: 'geojson', rowsTotal: features.length, chunks: geojsonChunks(features, chunkSize) };
	}
	if (looksLikeJson(text) && !options.geojson) throw new ImportError('file.binary', { kind: 'JSON' });
	let lines = 0;
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
	return { encoding, format: 'csv', rowsTotal: Math.max(lines, 1), chunks: csvChunks(text, chunkSize) };
}
