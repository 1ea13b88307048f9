/**
 * CSV text to records, in chunks, with the row numbers a spreadsheet shows (the header is row 1; a
 * quoted cell with line breaks stays one row). Delimiter: comma, semicolon or tab, whichever the
 * header line has most of outside quotes. Blank rows (",,,," included) are skipped but counted,
 * so later row numbers still match the spreadsheet.
 */
import Papa from 'papaparse';
import { ImportError } from './messages';

export type Delimiter = ',' | ';' | '\t';

/** The delimiter the first line uses most outside quotes (comma on a tie or none). */
export function detectDelimiter(text: string): Delimiter {
	const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '\n' || c === '\r')) break;
		else if (!quoted && c in counts) counts[c as Delimiter]++;
	}
	const best = (Object.keys(counts) as Delimiter[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ',');
	return best;
}

export interface CsvRecord {
	/** Row number as a spreadsheet shows it: the header is 1, the first data row 2. */
	row: number;
	cells: string[];
}

function isBlank(cells: string[]): boolean {
	return cells.every((c) => c.trim() === '');
}

/**
 * The file's header and then its data records in chunks of `chunkSize`, parsed lazily: the
 * parser pauses while the consumer handles a chunk, so only one chunk of records is in memory.
 * Throws ImportError for an unterminated quote (with its row) or a missing header.
 */
export async function* csvChunks(text: string, chunkSize = 2000): AsyncGenerator<{ header: string[] } | { records: CsvRecord[] }> {
	const delimiter = detectDelimiter(text);
	let buffer: CsvRecord[] = [];
	let row = 0;
	let header: string[] | null = null;
	let failure: Error | null = null;
	let done = false;
	let wake: (() => void) | null = null;
	let parser: Papa.Parser | null = null;
	const notify = () => {
		const w = wake;
		wake = null;
		w?.();
	};

	const start = () =>
		Papa.parse<string[]>(text, {
			delimiter,
			skipEmptyLines: false,
			step: (result, p) => {
				parser = p;
				row++;
				const quoteError = result.errors.find((e) => e.type === 'Quotes');
				if (quoteError) {
					failure = new ImportError('file.csv', { row, detail: quoteError.message });
					p.abort();
					return;
				}
				const cells = result.data;
				if (header === null) {
					if (isBlank(cells)) {
						failure = new ImportError('file.noHeader');
						p.abort();
						return;
					}
					header = cells;
					buffer.push({ row, cells });
				} else if (!isBlank(cells)) buffer.push({ row, cells });
				if (buffer.length >= chunkSize) {
					p.pause();
					notify();
				}
			},
			complete: () => {
				done = true;
				notify();
			}
		});

	const waitForParser = () => new Promise<void>((resolve) => (wake = resolve));
	let started = false;
	let headerSent = false;
	while (true) {
		if (!started) {
			started = true;
			const waiting = waitForParser();
			start();
			if (!done && !failure && buffer.length < chunkSize) await waiting;
		} else if (!done) {
			const waiting = waitForParser();
			(parser as Papa.Parser | null)?.resume();
			if (!done && !failure && buffer.length < chunkSize) await waiting;
		}
		if (failure) throw failure;
		let records = buffer;
		buffer = [];
		if (!headerSent) {
			if (header === null) throw new ImportError('file.empty');
			headerSent = true;
			yield { header };
			records = records.slice(1);
		}
		if (records.length > 0) yield { records };
		if (done) return;
	}
}
