/**
 * Output of `npm run analyze`: CSV text and an all-or-nothing write.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Papa from 'papaparse';

/** A problem writing the output; nothing was written. */
export class OutputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OutputError';
	}
}

/**
 * A number as written to the CSV files and stdout: the shortest decimal that reads back as the same
 * double (JavaScript's Number#toString), so nothing is rounded; -0 is written 0. Whole numbers
 * have no decimal point; very small or large values may use exponent notation (1.5e-7).
 */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a number`);
	return Object.is(value, -0) ? '0' : String(value);
}

/** CSV text: the header line, one line per row, LF line endings, a final LF; fields quoted only when needed. */
export function toCsv(fields: string[], rows: (string | number)[][]): string {
	const data = rows.map((r) => r.map((v) => (typeof v === 'number' ? formatNumber(v) : v)));
	return Papa.unparse([fields, ...data], { newline: '\n' }) + '\n';
}

/**
 * Writes `content` to `file` through a temporary file in the same folder and a rename, so the file
 * is either complete or untouched (an existing file keeps its old content on any failure).
 */
export function writeFileAtomic(file: string, content: string): void {
	const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		writeFileSync(temp, content, { flag: 'wx' });
		renameSync(temp, file);
	} catch (e) {
		rmSync(temp, { force: true });
		const code = (e as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'the folder does not exist' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
		throw new OutputError(`${file}: cannot write the output (${why}); nothing was written`);
	}
}
