/**
 * CSV writing for exports: RFC 4180 quoting, and cells that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return) are prefixed with an apostrophe.
 */

/** One cell as CSV text; numbers as they are, text quoted when needed and defused. */
export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines of CSV (CRLF) from a header and rows; `preamble` lines (source, date) go first as "# ..." lines. */
export function toCsv(header: string[], rows: unknown[][], preamble: string[] = []): string {
	const lines = [...preamble.map((p) => csvCell(`# ${p}`)), header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
	return lines.join('\r\n') + '\r\n';
}
